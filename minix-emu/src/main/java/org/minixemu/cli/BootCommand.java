package org.minixemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.minixemu.cli.console.ConsoleSwitch;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.InputStreamSerialInput;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.ata.DiskImage;
import org.minixemu.devices.ata.DiskImageException;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageException;
import org.minixemu.image.Mbr;
import org.minixemu.kernel.BootException;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.MinixSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minix-emu boot [IMAGE]}: boots a MINIX disk image on the hosted kernel with COM1 (the
 * console) on the terminal, and exits with the guest's power-off status. See docs/using.md and
 * docs/kernel.md.
 *
 * <p>Standard output is the guest's alone (COM1 and, until the tty driver owns the console, the
 * kernel's messages), so a transcript can be compared byte for byte; everything the emulator says
 * itself -- the banner, the "ready" line with its wall time, how the machine stopped -- goes to
 * standard error, each line starting "minix-emu".
 */
@Command(name = "boot",
        description = {"Boot a MINIX disk image (made by 'minix-emu image build') on the hosted kernel, with the"
                + " console (COM1) on this terminal. Without IMAGE, boots the default image the build makes"
                + " (disk-images/target/minix.img). See docs/using.md.",
            "On a terminal the keys go to the guest raw (Ctrl-C too); Ctrl-A x quits, Ctrl-A c switches to the"
                + " debugger console, Ctrl-A h lists the keys. Piped in, standard input is the console's input:"
                + " it is fed as fast as the guest reads it, and its end does not stop the machine (the guest"
                + " powers off, or --timeout ends it).",
            "Standard output carries only the guest's output; the banner, the ready line and the emulator's"
                + " messages go to standard error."},
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  minix-emu boot",
            "      boot the default image, the console on this terminal (Ctrl-A x quits)",
            "  minix-emu boot disk.img --memory 128M --snapshot",
            "      boot disk.img with 128 MiB of RAM, never writing to the file",
            "  printf 'hello\\nshutdown\\n' | minix-emu boot --clock virtual",
            "      drive a session from a script: the same transcript on standard output every time",
            "  minix-emu boot --serial console.log --timeout 60",
            "      the console into a file; stop after a minute of wall time (status 124)",
            "  minix-emu boot --net udp:5555:127.0.0.1:5556 --pcap frames.pcap",
            "      the NE2000 (0x300, IRQ 9) on a UDP link, every frame captured",
            "",
            "Standard error shows a banner (version, memory, devices) and, when the system first waits for"
                + " console input, 'minix-emu: ready in G s guest, W s wall'. See docs/using.md.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "n:the status the guest powered off with (SYS_ABORT), modulo 256: 0 after shutdown, poweroff,"
                + " halt or Ctrl-A x",
            "1:the guest stopped with a panic and status 0",
            "2:bad input: the image, boot.cfg, a program or an option value is malformed (one line says where)",
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

    @Option(names = "--no-jit", description = {"do not compile hot guest code to JVM bytecode: the interpreter runs"
            + " it, from its cache of decoded instructions (the results are the same, only slower; see docs/cpu.md)"})
    boolean noJit;

    @Option(names = "--snapshot", description = "never write to the image: disk writes go to memory")
    boolean snapshot;

    @Option(names = "--serial", paramLabel = "stdio|none|FILE", defaultValue = "stdio",
            description = "where COM1, the console, writes: standard output, nowhere, or a file (created or"
                    + " truncated; file:PATH also works). Input still comes from standard input (default:"
                    + " ${DEFAULT-VALUE})")
    String serial;

    @Mixin
    NicOptions nicOptions = new NicOptions();

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

    /**
     * The terminal in raw mode, or null when standard input is not one; called once standard input
     * is known to be the JVM's own. Tests replace it with a jline terminal of their own.
     */
    Supplier<RawTerminal> terminalFactory = () -> RawTerminal.openIfInteractive(RawTerminal.Signals.GUEST);

    /**
     * The JVM's start, for the wall time of the ready line (epoch milliseconds); read when the
     * boot starts, since the management beans cost every other command a few tens of milliseconds.
     */
    long jvmStartMillis;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (jvmStartMillis == 0) {
            jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        }
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
        if (Files.isDirectory(path)) {
            return fail(err, path + ": a folder, not an image file");
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
        PcMachine.Nic nic;
        try {
            nic = nicOptions.open();
        } catch (IllegalArgumentException | IOException e) {
            closeQuietly(disk);
            return fail(err, e.getMessage());
        }
        HostOutputs outputs = new HostOutputs(stdout);
        OutputStream console;
        try {
            console = outputs.open("--serial", serial, false);
        } catch (HostOutputs.OpenException e) {
            closeQuietly(disk);
            NicOptions.closeQuietly(nic);
            return fail(err, e.getMessage());
        }
        boolean interactive = stdin == System.in;
        try (outputs; RawTerminal terminal = interactive ? terminalFactory.get() : null) {
            ClockMode mode = clock != null ? clock : terminal != null ? ClockMode.REALTIME : ClockMode.VIRTUAL;
            InputStream keys = terminal != null ? terminal.input() : stdin;
            ConsoleSwitch keyboard = keys != null && (escape != null ? escape : terminal != null)
                    ? new ConsoleSwitch(keys, stdout) : null;
            SerialInput input = keys == null ? SerialInput.NONE
                    : new InputStreamSerialInput("COM1", keyboard != null ? keyboard : keys);
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            boolean firstBoot = true;
            while (true) {
                MinixSystem system;
                try {
                    system = MinixSystem.boot(bootImage, new MinixSystem.Options(memoryBytes, mode, instructionsPerSecond,
                            console, input, disk, nic));
                } catch (BootException e) {
                    closeQuietly(disk);
                    NicOptions.closeQuietly(nic);
                    return fail(err, e.getMessage());
                } catch (IllegalArgumentException e) {
                    // Two devices on the same ports (--nic-io on COM1's, say): the board cannot be built.
                    closeQuietly(disk);
                    NicOptions.closeQuietly(nic);
                    return fail(err, e.getMessage());
                } catch (OutOfMemoryError e) {
                    closeQuietly(disk);
                    NicOptions.closeQuietly(nic);
                    return tooLittleHeap(err);
                }
                if (noJit) {
                    system.machine().cpu().setTranslation(false, org.minixemu.cpu.Cpu.DEFAULT_TRANSLATION_THRESHOLD);
                }
                // Input that is not typed (a pipe, a file, a paste) never outruns the guest's reading.
                system.machine().com1().setHostPacing(true);
                org.minixemu.cli.debug.DebugSetup debug;
                try {
                    debug = attachDebugger(system, keyboard != null);
                } catch (IOException e) {
                    closeQuietly(system);
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
                if (firstBoot) {
                    banner(err, bootImage, disk, nic, mode, terminal != null, keys != null, keyboard != null);
                }
                if (terminal == null && keys != null) {
                    // A piped session: one line at a time, each once the guest waits for input.
                    system.machine().com1().setLinePacing(true);
                }
                watchForReady(err, system);
                Duration left = deadline == Long.MAX_VALUE ? null
                        : Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                KernelResult result = system.run(left, Long.MAX_VALUE);
                debug.machineEnded(result.exitStatus(), result.message());
                try {
                    debug.close();
                    if (result.outcome() == KernelResult.Outcome.REBOOT) {
                        // As a PC's reset: the same image boots again; the disk (and what the
                        // guest wrote to it), the network back end and the console carry over.
                        err.println("minix-emu: " + result.message() + ": booting " + bootImage.name() + " again");
                        err.flush();
                        firstBoot = false;
                        continue;
                    }
                    system.close();
                } catch (IOException e) {
                    err.println("minix-emu: " + e.getMessage());
                    err.flush();
                    return 1;
                }
                return report(err, result);
            }
        }
    }

    /**
     * The boot banner, on standard error: the version, the machine, and the devices found.
     */
    private void banner(PrintWriter err, BootImage bootImage, DiskImage disk, PcMachine.Nic nic, ClockMode mode,
            boolean onTerminal, boolean hasInput, boolean escapes) {
        String version;
        try {
            version = Main.Version.projectVersion();
        } catch (IOException e) {
            version = "unknown";
        }
        err.println("minix-emu " + version + ": " + (memoryBytes >> 20) + " MiB RAM, " + mode.name().toLowerCase()
                + " clock, " + instructionsPerSecond + " instructions per guest second");
        StringBuilder parts = new StringBuilder();
        for (Mbr.Partition p : bootImage.mbr().partitions()) {
            parts.append(String.format("; partition %d: type 0x%02X%s, %d sectors at %d%s", p.number(), p.type(),
                    p.type() == Mbr.TYPE_MINIX ? " (MINIX)" : "", p.sectors(), p.startLba(),
                    p.number() == BootImage.BOOT_PARTITION ? ", the boot partition" : ""));
        }
        err.println("minix-emu: disk " + bootImage.name() + ": " + disk.sectors() + " sectors ("
                + (disk.sectors() * Mbr.SECTOR_SIZE >> 10) + " KiB), " + (snapshot ? "snapshot (writes kept in memory)"
                : "read-write") + parts);
        err.println("minix-emu: boot.cfg: " + bootImage.config().processes().size() + " boot processes, clock at "
                + bootImage.config().hz() + " Hz");
        String output = switch (serial) {
            case "stdio" -> "output to standard output";
            case "none" -> "output discarded";
            default -> "output to " + (serial.startsWith("file:") ? serial.substring(5) : serial);
        };
        String from = !hasInput ? "no input" : onTerminal ? "input from the terminal (raw"
                + (escapes ? "; Ctrl-A x quits, Ctrl-A h helps)" : ")") : "input from standard input";
        err.println("minix-emu: COM1 at 0x3F8, IRQ 4: the console, " + output + ", " + from);
        err.println("minix-emu: " + NicOptions.describe(nic, nicOptions.net));
        err.flush();
    }

    /**
     * Prints "minix-emu: ready in G s guest, W s wall" the first time the system is ready: the
     * machine idles (no process can run, the CPU waits for an interrupt) while a reader waits on
     * COM1 (Uart16550.readerWaiting: the received-data interrupt enabled, nothing received or
     * left to send, RTS up) -- the guest has said what it had to say and waits for the console.
     * Guest time counts from the machine's start, wall time from the JVM's. Idle moments also
     * release a piped session's next line (line pacing).
     */
    private void watchForReady(PrintWriter err, MinixSystem system) {
        long guestStart = system.machine().clock().nanos();
        org.minixemu.devices.Uart16550 com1 = system.machine().com1();
        boolean[] seen = new boolean[1];
        system.machine().setIdleListener(now -> {
            if (com1.waitingForInput()) {
                com1.releaseHeldInput();
            }
            if (!seen[0] && com1.readerWaiting()) {
                seen[0] = true;
                long wallMillis = System.currentTimeMillis() - jvmStartMillis;
                err.println(readyLine(now - guestStart, wallMillis));
                err.flush();
            }
        });
    }

    /** The ready line: guest nanoseconds and wall milliseconds, each as seconds with two decimals. */
    static String readyLine(long guestNanos, long wallMillis) {
        return String.format(java.util.Locale.ROOT, "minix-emu: ready in %.2f s guest, %.2f s wall",
                guestNanos / 1e9, wallMillis / 1e3);
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

    private static void closeQuietly(MinixSystem system) {
        try {
            system.close();
        } catch (IOException ignored) {
            // Nothing was written; the message that matters is the one being reported.
        }
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
