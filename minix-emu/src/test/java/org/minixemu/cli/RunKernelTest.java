package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: kernels assembled from GNU as source, booted with `minix-emu run --kernel`. */
class RunKernelTest {
    @TempDir
    static Path kernels;

    @TempDir
    Path dir;

    static Path helloDebugExit;
    static Path helloAcpi;
    static Path tripleFault;
    static Path halt;
    static Path spin;
    static Path mbinfo;

    @BeforeAll
    static void assemble() throws Exception {
        helloDebugExit = TestKernels.build(kernels, "hello-debug-exit");
        helloAcpi = TestKernels.build(kernels, "hello-acpi");
        tripleFault = TestKernels.build(kernels, "triple-fault");
        halt = TestKernels.build(kernels, "halt");
        spin = TestKernels.build(kernels, "spin");
        mbinfo = TestKernels.build(kernels, "mbinfo");
    }

    private String read(Path p) throws IOException {
        return Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void helloOnComAndDebugPortThenIsaDebugExit() throws IOException {
        Path serial = dir.resolve("serial.txt");
        Path debugcon = dir.resolve("e9.txt");
        CommandRun r = CommandRun.of("run", "--kernel", helloDebugExit.toString(), "--serial", serial.toString(),
                "--debugcon", debugcon.toString(), "--timeout", "60");
        assertEquals(33, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals("", r.stdout());
        assertEquals("hello\n", read(serial), "nothing after the power-off write");
        assertEquals("hello\n", read(debugcon));
    }

    @Test
    void aKernelWritingToComAndDebugPortPrintsEachLineOnceByDefault() {
        // As QEMU: port 0xE9 goes nowhere unless --debugcon names a place.
        CommandRun r = CommandRun.of("run", "--kernel", helloDebugExit.toString(), "--serial", "stdio",
                "--timeout", "60");
        assertEquals(33, r.status(), r.err());
        assertEquals("hello\n", r.stdout());
    }

    @Test
    void debugconStdioCarriesBothDevicesInOrder() {
        CommandRun r = CommandRun.of("run", "--kernel", helloDebugExit.toString(), "--debugcon", "stdio",
                "--timeout", "60");
        assertEquals(33, r.status(), r.err());
        assertEquals("hello\nhello\n", r.stdout());
    }

    @Test
    void debugconFileTakesQemusSpelling() throws IOException {
        Path e9 = dir.resolve("e9-qemu-spelling.txt");
        CommandRun r = CommandRun.of("run", "--kernel", helloDebugExit.toString(), "--serial", "none",
                "--debugcon", "file:" + e9, "--timeout", "60");
        assertEquals(33, r.status(), r.err());
        assertEquals("hello\n", read(e9));
    }

    @Test
    void oneFileForBothDevices() throws IOException {
        Path both = dir.resolve("both.txt");
        CommandRun r = CommandRun.of("run", "--kernel", helloDebugExit.toString(), "--serial", both.toString(),
                "--debugcon", dir.resolve(".").resolve("both.txt").toString(), "--timeout", "60");
        assertEquals(33, r.status(), r.err());
        assertEquals("hello\nhello\n", read(both));
    }

    @Test
    void debugconNoneRemovesThePort() {
        CommandRun r = CommandRun.of("run", "--kernel", helloDebugExit.toString(), "--debugcon", "none",
                "--timeout", "60");
        assertEquals(33, r.status(), r.err());
        assertEquals("hello\n", r.stdout());
    }

    @Test
    void acpiPowerOffExitsZero() {
        CommandRun r = CommandRun.of("run", "--kernel", helloAcpi.toString(), "--debugcon", "none", "--timeout", "60");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals("hello\n", r.stdout());
    }

    @Test
    void tripleFaultExitsThreeWithOneLine() {
        CommandRun r = CommandRun.of("run", "--kernel", tripleFault.toString(), "--debugcon", "none", "--timeout", "60");
        assertEquals(3, r.status());
        assertEquals("minix-emu: triple fault: the machine shut down", r.errLine());
        assertEquals("faulting\n", r.stdout());
    }

    @Test
    void haltWithInterruptsOffExitsFourAtOnce() {
        long start = System.nanoTime();
        CommandRun r = CommandRun.of("run", "--kernel", halt.toString(), "--timeout", "60");
        assertEquals(4, r.status());
        assertTrue(r.errLine().matches("minix-emu: the guest halted with interrupts disabled \\(EIP 0x001000[0-9A-F]{2}\\);"
                + " nothing can wake it"), r.err());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "it did not wait for the timeout");
    }

    @Test
    void spinningGuestTimesOut() {
        CommandRun r = CommandRun.of("run", "--kernel", spin.toString(), "--timeout", "0.3");
        assertEquals(124, r.status());
        assertEquals("minix-emu: timeout: the guest was still running after 0.3 seconds", r.errLine());
    }

    @Test
    void commandLineModulesAndMemoryReachTheKernel() throws IOException {
        Path m1 = dir.resolve("m1.txt");
        Files.writeString(m1, "module one\n");
        Path m2 = dir.resolve("m2.bin");
        Files.writeString(m2, "two");
        CommandRun r = CommandRun.of("run", "--kernel", mbinfo.toString(), "--append", "root=/dev/x  quiet",
                "--module", m1 + ",arg a,b", "--module", m2.toString(), "--memory", "2M", "--timeout", "60");
        assertEquals(255, r.status(), r.err());
        assertEquals("magic=2badb002\n"
                + "cmdline=" + mbinfo + " root=/dev/x  quiet|\n"
                + "mods=00000002\n"
                + "module " + m1 + " arg a,b: module one\n\n"
                + "module " + m2 + ": two\n"
                + "mem_lower=0000027f\n", r.stdout());
    }

    @Test
    void withoutAppendTheCommandLineIsThePathAndASpace() {
        CommandRun r = CommandRun.of("run", "--kernel", mbinfo.toString(), "--timeout", "60");
        assertEquals(255, r.status(), r.err());
        assertTrue(r.stdout().contains("cmdline=" + mbinfo + " |\nmods=00000000\nmem_lower"), r.stdout());
    }

    @Test
    void biosRomRunsFromTheResetVectorAndPrintsPostCodes() throws IOException {
        // At the reset vector F000:FFF0, a far jump to F000:1000, where real-mode code does
        //   mov al,0x11 / out 0x80,al / mov al,0x22 / out 0x80,al / mov dx,0x3f8 / mov al,'R' / out dx,al
        //   mov al,2 / out 0xf4,al (exit status 5) / jmp $
        byte[] rom = new byte[0x10000];
        int[] body = {0xB0, 0x11, 0xE6, 0x80, 0xB0, 0x22, 0xE6, 0x80, 0xBA, 0xF8, 0x03, 0xB0, 'R', 0xEE,
            0xB0, 0x02, 0xE6, 0xF4, 0xEB, 0xFE};
        for (int i = 0; i < body.length; i++) {
            rom[0x1000 + i] = (byte) body[i];
        }
        int[] reset = {0xEA, 0x00, 0x10, 0x00, 0xF0}; // jmp far F000:1000
        for (int i = 0; i < reset.length; i++) {
            rom[0xFFF0 + i] = (byte) reset[i];
        }
        Path romFile = dir.resolve("bios.bin");
        Files.write(romFile, rom);
        CommandRun r = CommandRun.of("run", "--bios", romFile.toString(), "--post-codes", "--timeout", "60");
        assertEquals(5, r.status(), r.err());
        assertEquals("POST 11\nPOST 22\n", r.err());
        assertEquals("R", r.stdout());
        CommandRun quiet = CommandRun.of("run", "--bios", romFile.toString(), "--timeout", "60");
        assertEquals(5, quiet.status());
        assertEquals("", quiet.err(), "POST codes only with --post-codes");
    }
}
