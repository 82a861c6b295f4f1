package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;
import java.time.Duration;

/**
 * The test kernels under {@code qemu-system-i386 -kernel} and under {@code minix-emu run --kernel}:
 * the same COM1 output, the same debug-port output, the same exit status. Skipped when QEMU is
 * not installed (Debian: apt-get install qemu-system-x86).
 *
 * <p>QEMU runs as
 * {@code qemu-system-i386 -display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
 * -serial stdio -debugcon file:FILE -monitor none -net none -m 64 -kernel K [-append A] [-initrd M]};
 * {@code -nographic} is not used, because it puts SeaBIOS's and iPXE's banners on the serial line.
 */
class QemuCrossCheckTest {
    private static final String QEMU = "qemu-system-i386";

    @TempDir
    static Path work;

    private record Outcome(int status, String serial, String debugcon) {
    }

    @BeforeEach
    void needsQemu() {
        Requirements.requireTool(QEMU, "Debian: apt-get install qemu-system-x86; the QEMU cross-check needs it");
    }

    private static Outcome qemu(Path kernel, String append, String initrd) throws Exception {
        Path debugcon = Files.createTempFile(work, "qemu-e9", ".txt");
        List<String> cmd = new ArrayList<>(List.of(QEMU, "-display", "none", "-no-reboot",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-serial", "stdio",
                "-debugcon", "file:" + debugcon, "-monitor", "none", "-net", "none", "-m", "64",
                "-kernel", kernel.toString()));
        if (append != null) {
            cmd.addAll(List.of("-append", append));
        }
        if (initrd != null) {
            cmd.addAll(List.of("-initrd", initrd));
        }
        Processes.Result r = Processes.run(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD),
                Duration.ofSeconds(60));
        return new Outcome(r.status(), new String(r.stdoutBytes(), StandardCharsets.ISO_8859_1),
                Files.readString(debugcon, StandardCharsets.ISO_8859_1));
    }

    private static Outcome ours(Path kernel, String... extra) throws IOException {
        Path serial = Files.createTempFile(work, "ours-serial", ".txt");
        Path debugcon = Files.createTempFile(work, "ours-e9", ".txt");
        List<String> args = new ArrayList<>(List.of("run", "--kernel", kernel.toString(), "--serial", serial.toString(),
                "--debugcon", debugcon.toString(), "--timeout", "60"));
        args.addAll(List.of(extra));
        CommandRun r = CommandRun.of(args.toArray(String[]::new));
        return new Outcome(r.status(), Files.readString(serial, StandardCharsets.ISO_8859_1),
                Files.readString(debugcon, StandardCharsets.ISO_8859_1));
    }

    @Test
    void isaDebugExit() throws Exception {
        Path k = TestKernels.build(work, "hello-debug-exit");
        Outcome q = qemu(k, null, null);
        assertEquals(new Outcome(33, "hello\n", "hello\n"), q, "QEMU itself");
        assertEquals(q, ours(k));
    }

    @Test
    void acpiPowerOff() throws Exception {
        Path k = TestKernels.build(work, "hello-acpi");
        Outcome q = qemu(k, null, null);
        assertEquals(new Outcome(0, "hello\n", "hello\n"), q, "QEMU itself");
        assertEquals(q, ours(k));
    }

    @Test
    void commandLineAndModules() throws Exception {
        Path k = TestKernels.build(work, "mbinfo");
        Path m1 = work.resolve("m1.txt");
        Files.writeString(m1, "module one\n");
        Path m2 = work.resolve("m2.bin");
        Files.writeString(m2, "two");
        Outcome q = qemu(k, "root=/dev/x  quiet", m1 + " arg a," + m2);
        assertEquals(255, q.status(), "QEMU itself");
        assertEquals(q, ours(k, "--append", "root=/dev/x  quiet", "--module", m1 + ",arg a", "--module", m2.toString()));
        Outcome bare = qemu(k, null, null);
        assertEquals(bare, ours(k));
    }

    @Test
    void tripleFaultPrintsTheSameButQemuExitsZero() throws Exception {
        Path k = TestKernels.build(work, "triple-fault");
        Outcome q = qemu(k, null, null);
        // With -no-reboot, QEMU turns the reset that follows a triple fault into a clean exit.
        assertEquals(new Outcome(0, "faulting\n", ""), q, "QEMU itself");
        Outcome o = ours(k);
        assertEquals(3, o.status());
        assertEquals(q.serial(), o.serial());
        assertEquals(q.debugcon(), o.debugcon());
    }
}
