package org.minixemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.minixemu.cli.console.ConsoleSwitch;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.InputStreamSerialInput;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.ata.DiskImage;
import org.minixemu.devices.ata.DiskImageException;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageException;
import org.minixemu.kernel.BootException;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minix-emu boot [IMAGE]}: boots a MINIX disk image on the hosted kernel with COM1 on the
 * terminal, and exits with the guest's power-off status. See docs/kernel.md.
 */
@Command(name = "boot",
        description = {"Boot a MINIX disk image (made by 'minix-emu image build') on the hosted kernel, with the"
                + " console on this terminal. Without IMAGE, boots the default image the build makes"
                + " (disk-images/target/minix.img). See docs/kernel.md."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "n:the status the guest powered off with (SYS_ABORT), modulo 256",
            "1:the guest stopped with a panic and status 0",
            "2:bad input: the image, boot.cfg or a program is malformed (one line says where)",
            "4:no process can run and nothing can ever wake one",
            "70:an internal error in the kernel (a bug)",
            "124:--timeout passed"})
final class BootCommand implements Callable<Integer> {
    /** The launcher (bin/minix-emu) names the default image with this system property. */
    static final String DEFAULT_IMAGE_PROPERTY = "minixemu.defaultImage";
    /** sysexits' EX_SOFTWARE: the kernel failed, not the guest or the input. */
    static final int EXIT_KERNEL_ERROR = 70;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "the disk image (default: the"
            + " build's disk-images/target/minix.img)")
    String image;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "64M", converter = MemorySizeConverter.class,
            description = "RAM size, e.g. 64M or 1G (default 64M)")
    int memoryBytes;

    @Option(names = "--clock", paramLabel = "virtual|realtime",
            description = "virtual: repeatable runs (default when not on a terminal); realtime: guest time follows"
                    + " the wall clock while idle (default on a terminal)")
    ClockMode clock;

    @Option(names = "--ips", paramLabel = "N", defaultValue = "100000000",
            description = "the virtual clock's nominal instructions per second (default 100000000)")
    long instructionsPerSecond;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = TimeoutConverter.class,
            description = "stop after this much wall-clock time (exit status 124)")
    Duration timeout;

    @Option(names = "--snapshot", description = "never write to the image: disk writes go to memory")
    boolean snapshot;

    @Option(names = "--debug-port", paramLabel = "PORT",
            description = "serve the debugger console on 127.0.0.1:PORT ('minix-emu attach PORT'); see docs/debugging.md")
    Integer debugPort;

    @Option(names = "--gdb", paramLabel = "PORT",
            description = "serve the GDB remote protocol on 127.0.0.1:PORT; the machine waits stopped for GDB")
    Integer gdbPort;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "write a timeline as Chrome trace-event JSON (open it in ui.perfetto.dev)")
    Path traceFile;

    @Option(names = "--trace-filter", paramLabel = "WORDS",
            description = "what the trace keeps: categories run, ipc, kcall, irq and/or process labels,"
                    + " comma-separated (default: everything)")
    String traceFilter;

    @Option(names = "--escape", negatable = true,
            description = {"Ctrl-A c switches the terminal between the guest and the debugger console, Ctrl-A x quits,"
                    + " Ctrl-A h helps (as QEMU). Default: on when standard input is a terminal."})
    Boolean escape;

    /** The Java heap guest RAM must fit in; tests make it small. */
    long heapBytes = Runtime.getRuntime().maxMemory();

    /** The console; tests replace them. */
    OutputStream stdout = System.out;
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (instructionsPerSecond < 1 || instructionsPerSecond > 1_000_000_000L) {
            throw new ParameterException(spec.commandLine(),
                    "--ips must be between 1 and 1000000000, not " + instructionsPerSecond);
        }
        if (memoryBytes >= heapBytes) {
            return tooLittleHeap(err);
        }
        Path path = imagePath();
        if (path == null) {
            return fail(err, "no IMAGE given and no default image: build it with 'mvn -B -DskipTests package' in the"
                    + " source tree, or name an image made by 'minix-emu image build'");
        }
        if (!Files.isRegularFile(path)) {
            return fail(err, path + ": no such image file");
        }
        BootImage bootImage;
        DiskImage disk;
        try {
            bootImage = BootImage.open(path);
            disk = DiskImage.open(path, snapshot ? DiskImage.Mode.SNAPSHOT : DiskImage.Mode.READ_WRITE);
        } catch (ImageException | DiskImageException | UncheckedIOException e) {
            return fail(err, e.getMessage());
        }
        boolean interactive = stdin == System.in;
        try (RawTerminal terminal = interactive ? RawTerminal.openIfInteractive() : null) {
            ClockMode mode = clock != null ? clock : System.console() != null ? ClockMode.REALTIME : ClockMode.VIRTUAL;
            InputStream keys = terminal != null ? terminal.input() : stdin;
            ConsoleSwitch keyboard = keys != null && (escape != null ? escape : terminal != null)
                    ? new ConsoleSwitch(keys, stdout) : null;
            SerialInput input = keys == null ? SerialInput.NONE
                    : new InputStreamSerialInput("COM1", keyboard != null ? keyboard : keys);
            MinixSystem system;
            try {
                system = MinixSystem.boot(bootImage, new MinixSystem.Options(memoryBytes, mode, instructionsPerSecond,
                        stdout, input, disk));
            } catch (BootException e) {
                closeQuietly(disk);
                return fail(err, e.getMessage());
            } catch (OutOfMemoryError e) {
                closeQuietly(disk);
                return tooLittleHeap(err);
            }
            org.minixemu.cli.debug.DebugSetup debug;
            try {
                debug = attachDebugger(system, keyboard != null);
            } catch (IOException e) {
                closeQuietly(disk);
                return fail(err, e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (keyboard != null) {
                keyboard.attach(debug.commands(), () -> {
                    try {
                        debug.commands().core().requestPowerOff();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            KernelResult result = system.run(timeout, Long.MAX_VALUE);
            debug.machineEnded(result.exitStatus(), result.message());
            try {
                debug.close();
                system.close();
            } catch (IOException e) {
                err.println("minix-emu: " + e.getMessage());
                err.flush();
                return 1;
            }
            return report(err, result);
        }
    }

    /** The debugger console, GDB stub and tracer asked for (none: nothing is attached). */
    private org.minixemu.cli.debug.DebugSetup attachDebugger(MinixSystem system, boolean localConsole)
            throws IOException {
        for (Integer port : new Integer[] {debugPort, gdbPort}) {
            if (port != null && (port < 0 || port > 65535)) {
                throw new ParameterException(spec.commandLine(), "a port must be 0 to 65535, not " + port);
            }
        }
        org.minixemu.cli.debug.DebugSetup debug;
        try {
            debug = org.minixemu.cli.debug.DebugSetup.attach(system, debugPort, gdbPort, traceFile,
                    org.minixemu.cli.debug.TraceFilter.parse(traceFilter), localConsole);
        } catch (java.net.BindException e) {
            throw new IOException("cannot listen on 127.0.0.1 port " + (debugPort != null ? debugPort : gdbPort)
                    + ": " + e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        if (debug.consolePort() >= 0) {
            err.println("minix-emu: debugger console on 127.0.0.1:" + debug.consolePort() + " (minix-emu attach "
                    + debug.consolePort() + ")");
        }
        if (debug.gdbPort() >= 0) {
            err.println("minix-emu: waiting for GDB on 127.0.0.1:" + debug.gdbPort() + " (target remote :"
                    + debug.gdbPort() + ")");
        }
        err.flush();
        return debug;
    }

    private Path imagePath() {
        String name = image != null ? image : System.getProperty(DEFAULT_IMAGE_PROPERTY);
        if (name == null) {
            return null;
        }
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new ParameterException(spec.commandLine(), "'" + name + "' is not a valid file name");
        }
    }

    private int report(PrintWriter err, KernelResult r) {
        switch (r.outcome()) {
            case POWER_OFF -> {
                return r.exitStatus() & 0xFF;
            }
            case PANIC -> {
                err.println("minix-emu: " + r.message());
                err.flush();
                return (r.exitStatus() & 0xFF) == 0 ? 1 : r.exitStatus() & 0xFF;
            }
            case STUCK -> {
                err.println("minix-emu: " + r.message());
                err.flush();
                return RunCommand.EXIT_HALTED;
            }
            case KERNEL_ERROR -> {
                err.println("minix-emu: kernel " + r.message() + " (a bug: please report it)");
                err.flush();
                return EXIT_KERNEL_ERROR;
            }
            default -> {
                err.println("minix-emu: timeout: the system was still running after "
                        + TimeoutConverter.seconds(timeout) + " seconds");
                err.flush();
                return RunCommand.EXIT_TIMEOUT;
            }
        }
    }

    private int tooLittleHeap(PrintWriter err) {
        return fail(err, "--memory: the Java heap (" + (heapBytes >> 20) + " MiB) is too small for "
                + (memoryBytes >> 20) + " MiB of guest RAM; give java more (-Xmx) or ask for less");
    }

    private static void closeQuietly(DiskImage disk) {
        try {
            disk.close();
        } catch (IOException ignored) {
            // Nothing was written; the message that matters is the one being reported.
        }
    }

    private int fail(PrintWriter err, String message) {
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return Main.EXIT_USAGE;
    }
}
