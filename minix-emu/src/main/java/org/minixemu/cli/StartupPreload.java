package org.minixemu.cli;

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
 */
final class StartupPreload {
    /** Classes whose initialization is worth starting early (the CPU's builds its dispatch table). */
    private static final Class<?>[] CLASSES = {Cpu.class, PcMachine.class, ClassWriter.class};

    private StartupPreload() {
    }

    /** Starts the preloading thread; it is a daemon, so it never holds the JVM open. */
    static void start() {
        Thread t = new Thread(StartupPreload::preload, "minix-emu-preload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void preload() {
        try {
            LoggerFactory.getILoggerFactory();
            for (Class<?> c : CLASSES) {
                // A class literal loads the class; forName with true also runs its initializer.
                Class.forName(c.getName(), true, c.getClassLoader());
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // The main thread loads the same classes and reports what is wrong where it happens.
        }
    }
}
