package org.minixemu.cli.fuzz;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.minixemu.cli.Main;
import picocli.CommandLine;

/**
 * Runs the fuzz kernel with a test program under QEMU ({@code qemu-system-i386 -kernel K -initrd
 * M}) and under minix-emu ({@code minix-emu run --kernel K --module M}, in this JVM through the
 * command's own classes), and returns what each wrote to COM1.
 */
final class GuestRuns {
    /** QEMU's binary; the environment variable QEMU overrides it, as for compare-with-qemu.sh. */
    static final String QEMU = System.getenv().getOrDefault("QEMU", "qemu-system-i386");

    /** QEMU processes not yet collected: a JVM that is stopped takes them down with it. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private GuestRuns() {
    }

    /**
     * One run.
     *
     * @param who "QEMU" or "minix-emu"
     * @param status the exit status (0: the kernel powered off through ACPI)
     * @param serial COM1's output
     * @param messages what the emulator said on stderr, for failures
     */
    record Output(String who, int status, String serial, String messages) {
        List<String> lines() {
            return serial.lines().toList();
        }
    }

    /** Whether QEMU can be started (it is on the PATH, or QEMU names an executable). */
    static boolean qemuInstalled() {
        if (QEMU.contains(File.separator)) {
            return Files.isExecutable(Path.of(QEMU));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, QEMU))) {
                return true;
            }
        }
        return false;
    }

    /** Starts QEMU on the kernel and module; {@link Pending#await} collects its output. */
    static Pending startQemu(Path kernel, Path module, Path dir, Duration timeout) throws IOException {
        // QEMU's -initrd separates modules with commas and a module's path from its string with a
        // space: neither may appear in the path.
        String m = module.toAbsolutePath().toString();
        if (m.contains(",") || m.contains(" ")) {
            throw new IOException("QEMU cannot take a module path with a comma or a space: " + m);
        }
        Path serial = Files.createTempFile(dir, "qemu-serial", ".txt");
        Path log = Files.createTempFile(dir, "qemu-stderr", ".txt");
        // -nographic is not used: it puts SeaBIOS's and iPXE's banners on the serial line.
        List<String> cmd = List.of(QEMU, "-display", "none", "-no-reboot", "-device",
                "isa-debug-exit,iobase=0xf4,iosize=0x04", "-serial", "file:" + serial, "-monitor", "none",
                "-net", "none", "-m", "128", "-kernel", kernel.toAbsolutePath().toString(), "-initrd", m);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        RUNNING.add(p);
        return new Pending(p, serial, log, timeout, String.join(" ", cmd));
    }

    /** A QEMU run in progress. */
    static final class Pending {
        private final Process process;
        private final Path serial;
        private final Path log;
        private final Duration timeout;
        private final String command;

        Pending(Process process, Path serial, Path log, Duration timeout, String command) {
            this.process = process;
            this.serial = serial;
            this.log = log;
            this.timeout = timeout;
            this.command = command;
        }

        Output await() throws IOException, InterruptedException {
            int status;
            String note = "";
            try {
                if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    status = process.exitValue();
                } else {
                    process.destroyForcibly().waitFor();
                    status = 124;
                    note = "QEMU did not finish within " + timeout.toSeconds() + " s\n";
                }
            } finally {
                if (!process.isAlive()) {
                    RUNNING.remove(process);
                }
            }
            String out = Files.readString(serial, StandardCharsets.ISO_8859_1);
            String messages = note + Files.readString(log, StandardCharsets.ISO_8859_1);
            Files.deleteIfExists(serial);
            Files.deleteIfExists(log);
            return new Output("QEMU", status, out, messages.isBlank() ? "" : command + "\n" + messages);
        }
    }

    /** Runs {@code minix-emu run} in this JVM. */
    static Output minixEmu(Path kernel, Path module, Path dir, Duration timeout) throws IOException {
        Path serial = Files.createTempFile(dir, "minix-emu-serial", ".txt");
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(err, true));
        String[] args = {"run", "--kernel", kernel.toString(), "--module", module.toString(), "--serial",
            serial.toString(), "--debugcon", "none", "--timeout", Long.toString(Math.max(1, timeout.toSeconds()))};
        int status = cmd.execute(args);
        String out = Files.readString(serial, StandardCharsets.ISO_8859_1);
        Files.deleteIfExists(serial);
        String messages = err.toString();
        return new Output("minix-emu", status, out,
                messages.isBlank() ? "" : "minix-emu " + String.join(" ", args) + "\n" + messages);
    }
}
