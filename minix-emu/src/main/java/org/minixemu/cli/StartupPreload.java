package org.minixemu.cli;

import org.slf4j.LoggerFactory;

/**
 * Loads and initializes, on a second thread, what every machine-running command needs next,
 * while the main thread is still parsing the command line: logback (about 60 ms), the CPU's
 * opcode tables and the machine's classes, and the bytecode library of the translator.
 *
 * <p>Nothing here has an effect a command could see: class initialization is done once, by
 * whichever thread comes first, and the JVM makes the other wait for it, so the main thread is
 * never slower than without this; it is only faster when the second core was free. A failure
 * here is left for the main thread to meet and report where it happens.
 */
final class StartupPreload {
    /** Classes whose initialization is worth starting early (the CPU's builds its dispatch table). */
    private static final String[] CLASSES = {
        "org.minixemu.cpu.Cpu",
        "org.minixemu.devices.PcMachine",
        "org.objectweb.asm.ClassWriter",
    };

    private StartupPreload() {
    }

    /** The classes initialized early, for the test that checks they exist. */
    static String[] classes() {
        return CLASSES.clone();
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
            ClassLoader loader = StartupPreload.class.getClassLoader();
            for (String name : CLASSES) {
                Class.forName(name, true, loader);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // The main thread loads the same classes and reports what is wrong where it happens.
        }
    }
}
