package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way to start `minix-emu run` wrongly: exit status 2 and one line on stderr, never a trace. */
class RunCommandBadInputTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] contents) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, contents);
        return p;
    }

    private static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    /** A flag-16 (a.out kludge) kernel: header then HLT, loaded at 1 MiB. */
    private Path goodKernel() throws IOException {
        int flags = 1 << 16;
        byte[] header = le(0x1BADB002, flags, -(0x1BADB002 + flags), 0x100000, 0x100000, 0, 0, 0x100020);
        byte[] image = new byte[64];
        System.arraycopy(header, 0, image, 0, header.length);
        image[32] = (byte) 0xF4;
        return file("good.bin", image);
    }

    private static String usage(CommandRun r) {
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.stdout());
        return r.errLine();
    }

    @Test
    void neitherKernelNorBios() {
        assertEquals("minix-emu run: Error: Missing required argument (specify one of these): (--kernel=FILE |"
                + " --bios=ROM) (see 'minix-emu run --help')", usage(CommandRun.of("run")));
    }

    @Test
    void bothKernelAndBios() {
        assertEquals("minix-emu run: Error: --kernel=FILE, --bios=ROM are mutually exclusive (specify only one)"
                + " (see 'minix-emu run --help')", usage(CommandRun.of("run", "--kernel", "a", "--bios", "b")));
    }

    @Test
    void appendOrModuleWithBios() {
        String expected = "minix-emu run: --append and --module go with --kernel, not --bios (see 'minix-emu run --help')";
        assertEquals(expected, usage(CommandRun.of("run", "--bios", "rom.bin", "--append", "x")));
        assertEquals(expected, usage(CommandRun.of("run", "--bios", "rom.bin", "--module", "m")));
    }

    @Test
    void missingKernel() {
        Path p = dir.resolve("nope.elf");
        assertEquals("minix-emu run: " + p + ": no such file", usage(CommandRun.of("run", "--kernel", p.toString())));
    }

    @Test
    void kernelIsADirectory() {
        assertEquals("minix-emu run: " + dir + ": is a directory, not a file",
                usage(CommandRun.of("run", "--kernel", dir.toString())));
    }

    @Test
    void noMultibootHeader() throws IOException {
        Path p = file("zeros.bin", new byte[16384]);
        assertEquals("minix-emu run: " + p + ": no multiboot header in the first 8 KiB",
                usage(CommandRun.of("run", "--kernel", p.toString())));
    }

    @Test
    void badChecksum() throws IOException {
        Path p = file("sum.bin", le(0x1BADB002, 0, 0, 0));
        assertTrue(usage(CommandRun.of("run", "--kernel", p.toString()))
                .startsWith("minix-emu run: " + p + ": the multiboot header at offset 0x0 has a bad checksum"));
    }

    @Test
    void badMagic() throws IOException {
        Path p = file("mb2.bin", le(0xE85250D6, 0, 16, -(0xE85250D6 + 16)));
        assertTrue(usage(CommandRun.of("run", "--kernel", p.toString()))
                .startsWith("minix-emu run: " + p + ": this is a Multiboot2 kernel"));
    }

    @Test
    void truncatedElf() throws IOException {
        byte[] f = new byte[40];
        f[0] = 0x7F;
        f[1] = 'E';
        f[2] = 'L';
        f[3] = 'F';
        f[4] = 1;
        f[5] = 1;
        System.arraycopy(le(0x1BADB002, 0, -0x1BADB002), 0, f, 16, 12);
        Path p = file("short.elf", f);
        assertEquals("minix-emu run: " + p + ": truncated ELF: the file ends inside the ELF header (40 bytes)",
                usage(CommandRun.of("run", "--kernel", p.toString())));
    }

    @Test
    void missingModule() throws IOException {
        Path k = goodKernel();
        Path m = dir.resolve("initrd.img");
        Path serial = dir.resolve("serial.txt");
        assertEquals("minix-emu run: module " + m + ": no such file", usage(CommandRun.of("run", "--kernel",
                k.toString(), "--module", m + ",root=/dev/ram", "--serial", serial.toString())));
        assertFalse(Files.exists(serial), "nothing is created when the kernel cannot load");
    }

    @Test
    void moduleWithoutAFileName() throws IOException {
        assertEquals("minix-emu run: --module ',args': the file name is missing (see 'minix-emu run --help')",
                usage(CommandRun.of("run", "--kernel", goodKernel().toString(), "--module", ",args")));
    }

    @Test
    void badMemorySizes() throws IOException {
        String k = goodKernel().toString();
        String prefix = "minix-emu run: Invalid value for option '--memory': ";
        String suffix = " (see 'minix-emu run --help')";
        assertEquals(prefix + "'1M' is less than the minimum of 2 MiB" + suffix,
                usage(CommandRun.of("run", "--kernel", k, "--memory", "1M")));
        assertEquals(prefix + "'3G' is more than the maximum of 2047 MiB (guest RAM is one Java array)" + suffix,
                usage(CommandRun.of("run", "--kernel", k, "--memory", "3G")));
        assertEquals(prefix + "'64MB' is not a size (examples: 64M, 512K, 1G, 33554432)" + suffix,
                usage(CommandRun.of("run", "--kernel", k, "--memory", "64MB")));
        assertEquals(prefix + "'4194305' is not a multiple of 4 KiB" + suffix,
                usage(CommandRun.of("run", "--kernel", k, "--memory", "4194305")));
    }

    @Test
    void badTimeouts() throws IOException {
        String k = goodKernel().toString();
        assertEquals("minix-emu run: Invalid value for option '--timeout': '0' must be more than 0 seconds and at"
                + " most a year (see 'minix-emu run --help')", usage(CommandRun.of("run", "--kernel", k, "--timeout", "0")));
        assertEquals("minix-emu run: Invalid value for option '--timeout': 'soon' is not a number of seconds"
                + " (see 'minix-emu run --help')", usage(CommandRun.of("run", "--kernel", k, "--timeout", "soon")));
    }

    @Test
    void unwritableOutputFiles() throws IOException {
        String k = goodKernel().toString();
        Path missing = dir.resolve("no/such/dir/out.txt");
        assertEquals("minix-emu run: --serial " + missing + ": cannot write it: its folder does not exist",
                usage(CommandRun.of("run", "--kernel", k, "--serial", missing.toString())));
        assertEquals("minix-emu run: --debugcon " + missing + ": cannot write it: its folder does not exist",
                usage(CommandRun.of("run", "--kernel", k, "--debugcon", missing.toString())));
        assertTrue(usage(CommandRun.of("run", "--kernel", k, "--serial", dir.toString()))
                .startsWith("minix-emu run: --serial " + dir + ": cannot write it: "));
    }

    @Test
    void badBiosRoms() throws IOException {
        Path odd = file("odd.rom", new byte[4096]);
        assertEquals("minix-emu run: " + odd + ": the ROM image is 4096 bytes, not a multiple of 64 KiB (QEMU"
                + " requires the same)", usage(CommandRun.of("run", "--bios", odd.toString())));
        Path missing = dir.resolve("bios.bin");
        assertEquals("minix-emu run: " + missing + ": no such file",
                usage(CommandRun.of("run", "--bios", missing.toString())));
    }

    @Test
    void helpListsTheOptionsAndExitStatuses() {
        CommandRun r = CommandRun.of("run", "--help");
        assertEquals(0, r.status());
        for (String s : new String[] {"--kernel", "--bios", "--append", "--module", "--memory", "--serial",
            "--debugcon", "--timeout", "--post-codes", "Exit status:", "124"}) {
            assertTrue(r.out().contains(s), s + " missing from:\n" + r.out());
        }
    }

    @Test
    void anUnknownClockModeIsOneLineAndExitsTwo() {
        CommandRun run = CommandRun.of("run", "--kernel", "k.elf", "--clock", "sundial");
        assertEquals(2, run.status());
        org.junit.jupiter.api.Assertions.assertTrue(run.errLine().contains("--clock"), run.err());
    }

    @Test
    void anImpossibleSpeedIsOneLineAndExitsTwo() {
        CommandRun run = CommandRun.of("run", "--kernel", "k.elf", "--ips", "0");
        assertEquals(2, run.status());
        assertEquals("minix-emu run: --ips must be between 1 and 1000000000, not 0 (see 'minix-emu run --help')",
                run.errLine());
    }

    // ---- devices (issue 4): disks, network, port clashes ----

    @Test
    void aMissingDiskImageIsNamed() throws IOException {
        String line = usage(CommandRun.of("run", "--kernel", goodKernel().toString(), "--hda",
                dir.resolve("absent.img").toString()));
        assertTrue(line.contains("absent.img") && line.contains("no such file"), line);
    }

    @Test
    void aDiskImageWhoseSizeIsNotAMultipleOf512IsRefusedWithItsSize() throws IOException {
        Path odd = file("odd.img", new byte[1000]);
        String line = usage(CommandRun.of("run", "--kernel", goodKernel().toString(), "--hda", odd.toString()));
        assertTrue(line.contains("odd.img") && line.contains("1000") && line.contains("512"), line);
    }

    @Test
    void aSlaveWithoutAMasterIsRefused() throws IOException {
        Path img = file("disk.img", new byte[4096]);
        String line = usage(CommandRun.of("run", "--kernel", goodKernel().toString(), "--hdb", img.toString()));
        assertTrue(line.contains("--hdb needs --hda"), line);
    }

    @Test
    void aMalformedNetValueIsNamed() throws IOException {
        String line = usage(CommandRun.of("run", "--kernel", goodKernel().toString(), "--net", "udp:99999:x"));
        assertTrue(line.contains("udp:99999:x"), line);
    }

    @Test
    void anUnknownNetBackEndIsNamed() throws IOException {
        String line = usage(CommandRun.of("run", "--kernel", goodKernel().toString(), "--net", "tap0"));
        assertTrue(line.contains("tap0"), line);
    }

    @Test
    void aNicOnComOnesPortsIsAPortClashNamingBothDevices() throws IOException {
        // 0x3E0-0x3FF overlaps COM1 at 0x3F8.
        String line = usage(CommandRun.of("run", "--kernel", goodKernel().toString(), "--nic-io", "0x3e0"));
        assertTrue(line.contains("COM1") && line.toLowerCase().contains("ne2000"), line);
    }
}
