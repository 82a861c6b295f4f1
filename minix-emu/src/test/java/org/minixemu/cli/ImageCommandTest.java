package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minix-emu image build} and {@code image ls}: the round trip, and bad input as one line and status 2. */
class ImageCommandTest {
    private static final String CONFIG = String.join("\n",
            "# two processes",
            "process pong {",
            "    program pong.elf",
            "    ipc ping SYSTEM",
            "}",
            "process ping {",
            "    program ping.elf",
            "    type user",
            "}",
            "");

    @TempDir
    Path dir;

    private Path file(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    private Path config(String text) throws IOException {
        return file("boot.cfg", text.getBytes(StandardCharsets.US_ASCII));
    }

    private Path program(String name, int size) throws IOException {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + name.length());
        }
        return file(name, b);
    }

    private CommandRun build(Path out, Path config, Path... programs) {
        List<String> args = new java.util.ArrayList<>(List.of("image", "build", "--config", config.toString(),
                "--out", out.toString()));
        for (Path p : programs) {
            args.add(p.toString());
        }
        return CommandRun.of(args.toArray(String[]::new));
    }

    /** Status 2, nothing on stdout, and the one line on stderr. */
    private static String badInput(CommandRun r) {
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        return r.errLine();
    }

    @Test
    void buildThenLsShowsPartitionsFilesAndProcesses() throws IOException {
        Path out = dir.resolve("disk.img");
        CommandRun b = build(out, config(CONFIG), program("pong.elf", 20480), program("ping.elf", 700));
        assertEquals(0, b.status(), b.err());
        assertEquals("", b.err());
        assertEquals(out + ": 3 files, 2 processes, 24 KiB boot partition (1048 KiB image)\n", b.out());

        CommandRun ls = CommandRun.of("image", "ls", out.toString());
        assertEquals(0, ls.status(), ls.err());
        assertEquals("", ls.err());
        assertEquals(String.join("\n",
                "Partitions of " + out + ":",
                "  #  boot type      start    sectors",
                "  1  *    0x81       2048         48",
                "",
                "Files of the boot partition (partition 1):",
                "  -rw-r--r--   126 boot.cfg",
                "  -rwxr-xr-x 20480 pong.elf",
                "  -rwxr-xr-x   700 ping.elf",
                "",
                "Processes of boot.cfg (hz 60), in start order:",
                "  slot  label  program   type",
                "     0  pong   pong.elf  system",
                "     1  ping   ping.elf  user",
                ""), ls.out());
    }

    @Test
    void scratchAddsAZeroFilledDataPartitionTwoAlignedAfterTheBootPartition() throws IOException {
        Path out = dir.resolve("disk.img");
        CommandRun b = CommandRun.of("image", "build", "--config", config(CONFIG).toString(), "--out", out.toString(),
                "--scratch", "8M", program("pong.elf", 20480).toString(), program("ping.elf", 700).toString());
        assertEquals(0, b.status(), b.err());
        // Partition 1 is sectors 2048..2095, so partition 2 starts at the next multiple of 2048.
        assertEquals(out + ": 3 files, 2 processes, 24 KiB boot partition (10240 KiB image)\n", b.out());
        byte[] image = Files.readAllBytes(out);
        assertEquals((4096 + 16384) * 512, image.length);
        java.nio.ByteBuffer mbr = java.nio.ByteBuffer.wrap(image, 0, 512).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, mbr.get(462) & 0xFF, "partition 2 is not bootable");
        assertEquals(0xDA, mbr.get(462 + 4) & 0xFF);
        assertEquals(4096, mbr.getInt(462 + 8));
        assertEquals(16384, mbr.getInt(462 + 12));
        for (int i = 4096 * 512; i < image.length; i++) {
            if (image[i] != 0) {
                throw new AssertionError("scratch byte " + (i - 4096 * 512) + " is not zero");
            }
        }
        CommandRun ls = CommandRun.of("image", "ls", out.toString());
        assertEquals(0, ls.status(), ls.err());
        assertTrue(ls.out().contains("  1  *    0x81       2048         48\n  2       0xDA       4096      16384\n"),
                ls.out());
    }

    @Test
    void scratchRefusesASizeThatIsNotWholeSectors() throws IOException {
        Path out = dir.resolve("disk.img");
        for (String bad : new String[] {"1000", "0", "2G", "lots"}) {
            CommandRun r = CommandRun.of("image", "build", "--config", config(CONFIG).toString(), "--out",
                    out.toString(), "--scratch", bad, program("pong.elf", 10).toString(),
                    program("ping.elf", 10).toString());
            assertTrue(badInput(r).startsWith("minix-emu image build: Invalid value for option '--scratch': '" + bad
                    + "'"), r.err());
            assertFalse(Files.exists(out), "nothing is written for " + bad);
        }
    }

    @Test
    void buildRefusesAMissingProgramFile() throws IOException {
        Path out = dir.resolve("disk.img");
        Path missing = dir.resolve("ping.elf");
        assertEquals("minix-emu image build: " + missing + ": no such file",
                badInput(build(out, config(CONFIG), program("pong.elf", 10), missing)));
        assertFalse(Files.exists(out));
    }

    @Test
    void buildRefusesAProgramThatBootCfgNamesButIsNotGiven() throws IOException {
        Path cfg = config(CONFIG);
        assertEquals("minix-emu image build: " + cfg + ":7: process 'ping' runs 'ping.elf', which is not among the"
                + " program files given", badInput(build(dir.resolve("disk.img"), cfg, program("pong.elf", 10))));
    }

    @Test
    void buildReportsAMalformedBootCfgLine() throws IOException {
        Path cfg = config("process pong {\n    program pong.elf\n    priority 20\n}\n");
        assertEquals("minix-emu image build: " + cfg + ":3: 'priority' must be 0..15, got 20",
                badInput(build(dir.resolve("disk.img"), cfg, program("pong.elf", 10))));
    }

    @Test
    void buildWarnsAboutAFileNoProcessRuns() throws IOException {
        Path extra = program("extra.dat", 5);
        Path cfg = config(CONFIG);
        CommandRun r = build(dir.resolve("disk.img"), cfg, program("pong.elf", 10), program("ping.elf", 10), extra);
        assertEquals(0, r.status(), r.err());
        assertEquals("minix-emu image build: warning: " + extra + " is put in the boot partition, but no process in "
                + cfg + " runs it", r.errLine());
    }

    @Test
    void aFailedBuildOverAnExistingImageKeepsItIntact() throws IOException {
        Path out = dir.resolve("disk.img");
        Path cfg = config(CONFIG);
        Path pong = program("pong.elf", 3000);
        Path ping = program("ping.elf", 100);
        assertEquals(0, build(out, cfg, pong, ping).status());
        byte[] good = Files.readAllBytes(out);

        Files.writeString(cfg, CONFIG.replace("type user", "type luser"));
        assertEquals("minix-emu image build: " + cfg + ":8: 'type' must be system or user, got 'luser'",
                badInput(build(out, cfg, pong, ping)));
        assertArrayEquals(good, Files.readAllBytes(out));
        Files.writeString(cfg, CONFIG);
        Files.delete(ping);
        badInput(build(out, cfg, pong, ping));
        assertArrayEquals(good, Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temporary left");
        }
        assertEquals(0, CommandRun.of("image", "ls", out.toString()).status());
    }

    @Test
    void buildWithoutOutIsAUsageError() throws IOException {
        CommandRun r = CommandRun.of("image", "build", "--config", config(CONFIG).toString());
        assertEquals("minix-emu image build: Missing required option: '--out=IMAGE' (see 'minix-emu image"
                + " build --help')", badInput(r));
    }

    @Test
    void lsOnAFileThatIsNotAnImage() throws IOException {
        Path text = file("notes.txt", "hello, world 12\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
        assertEquals("minix-emu image ls: " + text + ": sector 0: no MBR signature (expected 55 AA, found 32 0A)",
                badInput(CommandRun.of("image", "ls", text.toString())));
        Path odd = file("odd.txt", "not a disk image\n".repeat(64).getBytes(StandardCharsets.US_ASCII));
        assertEquals("minix-emu image ls: " + odd + ": 1088 bytes is not a whole number of 512-byte sectors",
                badInput(CommandRun.of("image", "ls", odd.toString())));
    }

    @Test
    void lsOnAMissingFileOrAFolder() {
        Path missing = dir.resolve("none.img");
        assertEquals("minix-emu image ls: " + missing + ": no such file",
                badInput(CommandRun.of("image", "ls", missing.toString())));
        assertEquals("minix-emu image ls: " + dir + ": is a directory, not a disk image",
                badInput(CommandRun.of("image", "ls", dir.toString())));
    }

    @Test
    void lsOnAnImageWhoseBootCfgIsBadNamesTheLine() throws IOException {
        Path out = dir.resolve("disk.img");
        assertEquals(0, build(out, config(CONFIG), program("pong.elf", 10), program("ping.elf", 10)).status());
        byte[] image = Files.readAllBytes(out);
        int cfgData = 2048 * 512 + 512;
        String text = new String(image, cfgData, CONFIG.length(), StandardCharsets.US_ASCII);
        assertEquals(CONFIG, text);
        byte[] bad = CONFIG.replace("type user", "type uzer").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bad, 0, image, cfgData, bad.length); // same length, so the header still fits
        // The tar checksum covers only the header, so the archive is still well formed.
        Files.write(out, image);
        assertEquals("minix-emu image ls: " + out + ": boot.cfg:8: 'type' must be system or user, got 'uzer'",
                badInput(CommandRun.of("image", "ls", out.toString())));
    }

    @Test
    void imageWithoutASubcommandShowsUsageAndExitsTwo() {
        CommandRun r = CommandRun.of("image");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("build") && r.err().contains("ls"), r.err());
    }

    @Test
    void helpNamesBothSubcommands() {
        CommandRun r = CommandRun.of("image", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("build") && r.out().contains("ls"), r.out());
        assertTrue(CommandRun.of("--help").out().contains("image"));
    }
}
