package org.minixemu.cli;

import java.util.concurrent.CountDownLatch;
import org.minixemu.cpu.Cpu;
import org.minixemu.devices.PcMachine;
import org.objectweb.asm.ClassWriter;
import org.slf4j.LoggerFactory;

/**
 * Loads and initializes, on a second thread, what every machine-running command needs next,
 * while the main thread is still parsing the command line: logback (about 60 ms), the CPU's
 * opcode tables and the machine's classes, and the bytecode library of the translator.
 *
 * <p>Nothing here has an effect a command could see: class initialization is done once, by
 * whichever thread comes first, and the JVM makes the other wait for it. The two threads share
 * the machine, so picocli's parse itself runs slower (about 140 to 210 ms on two cores), but
 * the machine is ready sooner (about 50 ms on two cores; docs/benchmarks.md). A failure here
 * is left for the main thread to meet and report where it happens.
 *
 * <p>One effect must be waited for: while SLF4J initializes on this thread, a logger the main
 * thread asks for is a stand-in that records what is logged and replays it afterwards, with a
 * warning on stderr. So a command waits for logging ({@link #awaitLogging}) before it runs.
 */
final class StartupPreload {
    /** Classes whose initialization is worth starting early (the CPU's builds its dispatch table). */
    private static final Class<?>[] CLASSES = {Cpu.class, PcMachine.class, ClassWriter.class};

    /** Counted down once SLF4J is initialized (or failed to); null until {@link #start}. */
    private static volatile CountDownLatch loggingReady;

    private StartupPreload() {
    }

    /** Starts the preloading thread; it is a daemon, so it never holds the JVM open. */
    static void start() {
        loggingReady = new CountDownLatch(1);
        Thread t = new Thread(StartupPreload::preload, "minix-emu-preload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Returns once logging is initialized, if {@link #start} began initializing it; at once otherwise. */
    static void awaitLogging() {
        CountDownLatch ready = loggingReady;
        if (ready == null) {
            return;
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the command runs; at worst SLF4J replays a line
        }
    }

    private static void preload() {
        try {
            try {
                LoggerFactory.getILoggerFactory();
            } finally {
                loggingReady.countDown();
            }
            for (Class<?> c : CLASSES) {
                // A class literal loads the class; forName with true also runs its initializer.
                Class.forName(c.getName(), true, c.getClassLoader());
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // The main thread loads the same classes and reports what is wrong where it happens.
        }
    }
}
