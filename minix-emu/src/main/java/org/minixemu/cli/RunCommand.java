package org.minixemu.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.time.Instant;
import org.minixemu.cli.console.ConsoleSwitch;
import org.minixemu.devices.ClockMode;
import org.minixemu.devices.InputStreamSerialInput;
import org.minixemu.devices.SerialInput;
import org.minixemu.devices.ata.DiskImage;
import org.minixemu.devices.ata.DiskImageException;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.PhysicalMemoryMap;
import org.minixemu.devices.RunResult;
import org.minixemu.devices.boot.BiosRom;
import org.minixemu.devices.boot.BootException;
import org.minixemu.devices.boot.BootModule;
import org.minixemu.devices.boot.MultibootBoot;
import org.minixemu.devices.boot.MultibootLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minix-emu run}: boots a multiboot kernel ({@code --kernel}) or a BIOS image
 * ({@code --bios}) on the minimal PC and exits with the guest's power-off status. See
 * docs/running-kernels.md.
 *
 * <p>Strings given to the kernel follow QEMU's {@code -kernel}/{@code -append}/{@code -initrd}
 * (and GRUB's): the command line is the kernel's path as given, a space, and the
 * {@code --append} text; a module's string is its path as given, then a space and the STRING
 * after the comma if there is one.
 *
 * <p>Messages: bad input is one line starting "minix-emu run:" (exit 2); how the machine stopped,
 * when it was not a power-off, is one line starting "minix-emu:".
 */
@Command(name = "run",
        description = {"Boot a multiboot (v1) kernel, or a BIOS image, on a minimal PC.",
            "The machine: RAM, COM1 (output), the debug port 0xE9, the POST port 0x80, and QEMU's power-off"
                + " ports 0xF4 (isa-debug-exit) and 0x604 (ACPI). See docs/running-kernels.md."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the guest powered off through ACPI (outw 0x2000 to 0x604)",
            "odd:the guest wrote v to isa-debug-exit (port 0xF4): (v << 1) | 1, modulo 256, as on QEMU",
            "2:bad usage or input (a bad kernel, module or ROM, an unwritable output file)",
            "3:triple fault: the machine shut down (stderr says so; isa-debug-exit of 1 also gives 3)",
            "4:the guest halted and nothing can wake it",
            "124:the --timeout passed"})
final class RunCommand implements Callable<Integer> {
    static final int EXIT_TRIPLE_FAULT = 3;
    static final int EXIT_HALTED = 4;
    static final int EXIT_TIMEOUT = 124;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** What to boot: exactly one of the two. */
    static final class Target {
        @Option(names = "--kernel", paramLabel = "FILE", required = true,
                description = "a multiboot (v1) kernel: ELF32 i386, or any format with the a.out-kludge header")
        String kernel;

        @Option(names = "--bios", paramLabel = "ROM", required = true,
                description = "a BIOS image (a multiple of 64 KiB, at most 16 MiB) mapped to end at 0xFFFFF and"
                        + " 0xFFFFFFFF; the CPU starts at the reset vector in real mode")
        String bios;
    }

    @Option(names = "--append", paramLabel = "CMDLINE",
            description = "the kernel command line after the kernel's path (as QEMU's -append)")
    String append;

    @Option(names = "--module", paramLabel = "FILE[,STRING]",
            description = "load FILE as a multiboot module; its string is 'FILE STRING' (as QEMU's -initrd);"
                    + " repeat for more modules")
    List<String> modules = new ArrayList<>();

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "64M", converter = MemorySizeConverter.class,
            description = "RAM: bytes, or with a K, M or G suffix; 2M to 2047M (default: ${DEFAULT-VALUE})")
    int memoryBytes;

    @Option(names = "--serial", paramLabel = "stdio|none|file:PATH", defaultValue = "stdio",
            description = "where COM1's output goes (default: ${DEFAULT-VALUE})")
    String serial;

    // As QEMU's -debugcon: the port exists only when named. A guest written for QEMU and Bochs
    // often prints every line to COM1 and to 0xE9; with both on stdout each line came twice.
    @Option(names = "--debugcon", paramLabel = "stdio|none|file:PATH", defaultValue = "none",
            description = "where port 0xE9's output goes; none (the default) removes the device, as QEMU "
                    + "without -debugcon (default: ${DEFAULT-VALUE})")
    String debugcon;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = TimeoutConverter.class,
            description = "stop with status 124 after this much wall-clock time (default: no limit)")
    Duration timeout;

    @Option(names = "--clock", paramLabel = "virtual|realtime",
            description = {"virtual: guest time comes from executed instructions and skips idle time, so runs"
                    + " repeat exactly; realtime: idle time is slept so guest time tracks the wall clock.",
                "Default: realtime on an interactive terminal, virtual otherwise."})
    ClockMode clock;

    @Option(names = "--ips", paramLabel = "N", defaultValue = "100000000",
            description = "nominal guest speed: instructions per guest second (default: ${DEFAULT-VALUE})")
    long instructionsPerSecond;

    @Option(names = "--no-jit", description = {"do not compile hot guest code to JVM bytecode: the interpreter runs"
            + " it, from its cache of decoded instructions (the results are the same, only slower; see docs/cpu.md)"})
    boolean noJit;

    @Option(names = "--hda", paramLabel = "IMAGE",
            description = "raw disk image (size a multiple of 512) as the primary ATA master")
    Path hda;

    @Option(names = "--hdb", paramLabel = "IMAGE", description = "raw disk image as the primary ATA slave")
    Path hdb;

    @Option(names = "--snapshot",
            description = "keep disk writes in memory: the image files are never changed")
    boolean snapshot;

    @Mixin
    NicOptions nicOptions = new NicOptions();

    @Option(names = "--post-codes",
            description = "print each byte written to port 0x80 as 'POST xx' on standard error")
    boolean postCodes;

    @Option(names = "--debug-port", paramLabel = "PORT",
            description = "serve the debugger console on 127.0.0.1:PORT ('minix-emu attach PORT'); see docs/debugging.md")
    Integer debugPort;

    @Option(names = "--escape", negatable = true,
            description = {"Ctrl-A c switches the terminal between the guest and the debugger console, Ctrl-A x quits,"
                    + " Ctrl-A h helps (as QEMU). Default: on when standard input is a terminal and --serial is stdio."})
    Boolean escape;

    /** Standard output for "stdio" devices; tests replace it. */
    OutputStream stdout = System.out;

    /** What COM1 receives with --serial stdio; tests replace it (null: no input). */
    java.io.InputStream stdin = System.in;

    private static void closeQuietly(List<DiskImage> disks) {
        for (DiskImage d : disks) {
            try {
                d.close();
            } catch (java.io.IOException ignored) {
                // Nothing was written yet; the message that matters is the one being reported.
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (target.bios != null && (append != null || !modules.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--append and --module go with --kernel, not --bios");
        }
        if (instructionsPerSecond < 1 || instructionsPerSecond > 1_000_000_000L) {
            throw new ParameterException(spec.commandLine(),
                    "--ips must be between 1 and 1000000000, not " + instructionsPerSecond);
        }
        List<BootModule> bootModules = parseModules();

        PhysicalMemoryMap memory;
        try {
            memory = new PhysicalMemoryMap(memoryBytes);
        } catch (OutOfMemoryError e) {
            return fail(err, "--memory: the Java heap is too small for " + (memoryBytes >> 20)
                    + " MiB of guest RAM; give java more (-Xmx) or ask for less");
        }

        MultibootBoot boot = null;
        try {
            if (target.kernel != null) {
                String cmdline = target.kernel + " " + (append == null ? "" : append);
                boot = new MultibootLoader(memory).load(path("--kernel", target.kernel), cmdline, bootModules);
            } else {
                BiosRom.map(path("--bios", target.bios), memory);
            }
        } catch (BootException e) {
            return fail(err, e.getMessage());
        }

        List<DiskImage> disks = new ArrayList<>();
        PcMachine.Nic nic;
        try {
            if (hdb != null && hda == null) {
                throw new ParameterException(spec.commandLine(), "--hdb needs --hda (a slave needs a master)");
            }
            DiskImage.Mode mode = snapshot ? DiskImage.Mode.SNAPSHOT : DiskImage.Mode.READ_WRITE;
            if (hda != null) {
                disks.add(DiskImage.open(hda, mode));
            }
            if (hdb != null) {
                disks.add(DiskImage.open(hdb, mode));
            }
            nic = nicOptions.open();
        } catch (DiskImageException | IllegalArgumentException | java.io.IOException e) {
            closeQuietly(disks);
            return fail(err, e.getMessage());
        }

        boolean interactiveStdio = "stdio".equals(serial) && stdin == System.in;
        try (HostOutputs outputs = new HostOutputs(stdout);
                RawTerminal terminal = interactiveStdio ? RawTerminal.openIfInteractive() : null) {
            IntConsumer post = postCodes ? code -> {
                err.printf("POST %02X%n", code);
                err.flush();
            } : null;
            ClockMode mode = clock != null ? clock : System.console() != null ? ClockMode.REALTIME : ClockMode.VIRTUAL;
            // On the virtual clock the RTC starts at a fixed time so that runs repeat exactly.
            Instant rtcStart = mode == ClockMode.REALTIME ? Instant.now() : PcMachine.Config.VIRTUAL_EPOCH;
            InputStream keys = terminal != null ? terminal.input() : stdin;
            // The escape sequences need the keyboard, so they go with --serial stdio only.
            ConsoleSwitch keyboard = "stdio".equals(serial) && keys != null
                    && (escape != null ? escape : terminal != null) ? new ConsoleSwitch(keys, stdout) : null;
            SerialInput input = "stdio".equals(serial) && keys != null
                    ? new InputStreamSerialInput("COM1", keyboard != null ? keyboard : keys) : SerialInput.NONE;
            PcMachine machine = new PcMachine(memory, new PcMachine.Config(
                    outputs.open("--serial", serial, false), outputs.open("--debugcon", debugcon, true), post,
                    mode, instructionsPerSecond, rtcStart, input,
                    disks.isEmpty() ? null : disks.get(0), disks.size() > 1 ? disks.get(1) : null, nic));
            if (noJit) {
                machine.cpu().setTranslation(false, org.minixemu.cpu.Cpu.DEFAULT_TRANSLATION_THRESHOLD);
            }
            if (boot != null) {
                boot.enter(machine.cpu());
            }
            BareDebugger debug;
            try {
                debug = BareDebugger.attach(machine, debugPort, keyboard, spec.commandLine());
            } catch (java.io.IOException e) {
                closeQuietly(disks);
                return fail(err, e.getMessage());
            }
            RunResult result = machine.run(timeout);
            debug.machineEnded(result);
            try {
                machine.close();
            } catch (java.io.IOException e) {
                err.println("minix-emu: " + e.getMessage());
                err.flush();
                return 1;
            }
            return report(err, result);
        } catch (HostOutputs.OpenException | IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
    }

    /** "FILE[,STRING]" to a module whose string is "FILE STRING", as QEMU's -initrd gives it. */
    private List<BootModule> parseModules() {
        List<BootModule> list = new ArrayList<>();
        for (String spec : modules) {
            int comma = spec.indexOf(',');
            String file = comma < 0 ? spec : spec.substring(0, comma);
            if (file.isEmpty()) {
                throw new ParameterException(this.spec.commandLine(),
                        "--module '" + spec + "': the file name is missing");
            }
            String string = comma < 0 ? file : file + " " + spec.substring(comma + 1);
            list.add(new BootModule(path("--module", file), string));
        }
        return list;
    }

    private Path path(String option, String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new ParameterException(spec.commandLine(), option + " '" + name + "': not a valid file name");
        }
    }

    private int fail(PrintWriter err, String message) {
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return Main.EXIT_USAGE;
    }

    private int report(PrintWriter err, RunResult r) {
        String message;
        int status;
        switch (r.outcome()) {
            case POWER_OFF -> {
                return r.exitStatus() & 0xFF; // a process exit status is 8 bits, as QEMU's exit() gives it
            }
            case TRIPLE_FAULT -> {
                message = "triple fault: the machine shut down";
                status = EXIT_TRIPLE_FAULT;
            }
            case HALTED_INTERRUPTS_OFF -> {
                message = String.format("the guest halted with interrupts disabled (EIP 0x%08X); nothing can wake it",
                        r.eip());
                status = EXIT_HALTED;
            }
            case HALTED_NO_INTERRUPT_SOURCE -> {
                message = String.format("the guest halted waiting for an interrupt (EIP 0x%08X), but no device on"
                        + " this machine raises interrupts yet", r.eip());
                status = EXIT_HALTED;
            }
            default -> {
                message = "timeout: the guest was still running after " + TimeoutConverter.seconds(timeout)
                        + " seconds";
                status = EXIT_TIMEOUT;
            }
        }
        err.println("minix-emu: " + message);
        err.flush();
        return status;
    }
}
