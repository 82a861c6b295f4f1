package org.minixemu.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.testsupport.Processes;
import org.minixemu.testsupport.Requirements;
import java.time.Duration;

/** Building images: what goes in, every refusal, the atomic write, and what util-linux and GNU tar see. */
class ImageBuilderTest {
    static final String CONFIG = String.join("\n",
            "hz 100",
            "process pong {",
            "    program pong.elf",
            "    ipc ping SYSTEM",
            "}",
            "process ping {",
            "    program ping.elf",
            "    type user",
            "    args 3 fast",
            "}",
            "");

    @TempDir
    Path dir;

    Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
    }

    Path config(String text) throws IOException {
        return write("boot.cfg", text.getBytes(StandardCharsets.US_ASCII));
    }

    Path pong() throws IOException {
        return write("pong.elf", UstarTest.bytes(5000, 3));
    }

    Path ping() throws IOException {
        return write("ping.elf", UstarTest.bytes(777, 9));
    }

    private String buildError(Path config, Path... programs) {
        return assertThrows(ImageException.class,
                () -> new ImageBuilder(config, List.of(programs)).build(dir.resolve("disk.img"))).getMessage();
    }

    @Test
    void aBuiltImageReadsBackWithEveryFileAndProcess() throws IOException {
        Path out = dir.resolve("disk.img");
        ImageBuilder.Result r = new ImageBuilder(config(CONFIG), List.of(pong(), ping())).build(out);
        assertEquals(3, r.files());
        assertEquals(2, r.processes());
        // boot.cfg: 1 + 1 blocks, pong.elf 1 + 10, ping.elf 1 + 2, end 2
        assertEquals(512 * 18, r.bootPartitionBytes());
        assertEquals(Files.size(out), r.imageBytes());
        assertEquals((2048 + 18) * 512, r.imageBytes());
        assertEquals(out + ": 3 files, 2 processes, 9 KiB boot partition (1033 KiB image)", r.summary());

        BootImage image = BootImage.open(out);
        assertEquals(List.of("boot.cfg", "pong.elf", "ping.elf"), image.fileNames());
        assertEquals(new Mbr.Partition(1, true, 0x81, 2048, 18), image.bootPartition());
        assertEquals(List.of(image.bootPartition()), image.mbr().partitions(), "partition 2 comes later");
        assertArrayEquals(Files.readAllBytes(dir.resolve("pong.elf")), image.file("pong.elf").orElseThrow());
        assertArrayEquals(CONFIG.getBytes(StandardCharsets.US_ASCII), image.file("boot.cfg").orElseThrow());
        assertFalse(image.file("nope").isPresent());
        assertEquals(100, image.config().hz());
        assertEquals(List.of("pong", "ping"), image.config().processes().stream().map(ProcessSpec::label).toList());
        ProcessSpec ping = image.config().processes().get(1);
        assertArrayEquals(Files.readAllBytes(dir.resolve("ping.elf")), image.program(ping));
        assertEquals(List.of("ping", "3", "fast"), ping.argv());
        assertEquals(0755, image.entries().get(1).mode());
        assertEquals(0644, image.entries().get(0).mode());
        assertEquals(out.toString(), image.name());
    }

    @Test
    void theSameInputsGiveTheSameBytes() throws IOException {
        ImageBuilder b = new ImageBuilder(config(CONFIG), List.of(pong(), ping()));
        assertArrayEquals(b.toBytes(), b.toBytes());
        Path out = dir.resolve("disk.img");
        b.build(out);
        assertArrayEquals(b.toBytes(), Files.readAllBytes(out));
    }

    @Test
    void programsAreStoredUnderTheirBaseNames() throws IOException {
        Path deep = write("build/bin/pong.elf", new byte[] {1, 2, 3});
        BootImage image = BootImage.read("x", new ImageBuilder(config(CONFIG), List.of(deep, ping())).toBytes());
        assertArrayEquals(new byte[] {1, 2, 3}, image.file("pong.elf").orElseThrow());
    }

    @Test
    void aMissingProgramFileIsNamedAsGiven() throws IOException {
        Path missing = dir.resolve("ping.elf");
        assertEquals(missing + ": no such file", buildError(config(CONFIG), pong(), missing));
        assertFalse(Files.exists(dir.resolve("disk.img")));
    }

    @Test
    void aMissingConfigIsNamed() throws IOException {
        Path cfg = dir.resolve("boot.cfg");
        assertEquals(cfg + ": no such file", buildError(cfg, pong()));
    }

    @Test
    void aProgramThatIsADirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("pong.elf"));
        assertEquals(d + ": is a directory, not a file", buildError(config(CONFIG), d, ping()));
    }

    @Test
    void twoProgramsWithOneBaseName() throws IOException {
        Path a = write("a/ping.elf", new byte[1]);
        Path b = write("b/ping.elf", new byte[2]);
        assertEquals(b + ": two programs are named 'ping.elf' (" + a + " and " + b + "); the boot partition holds"
                + " base names only", buildError(config(CONFIG), pong(), a, b));
    }

    @Test
    void aProgramCalledBootCfg() throws IOException {
        Path other = write("sub/boot.cfg", new byte[1]);
        assertEquals(other + ": a program cannot be called boot.cfg, the name of the configuration",
                buildError(config(CONFIG), pong(), ping(), other));
    }

    @Test
    void aProgramNamedInBootCfgButNotGivenNamesTheLine() throws IOException {
        Path cfg = config(CONFIG);
        assertEquals(cfg + ":7: process 'ping' runs 'ping.elf', which is not among the program files given",
                buildError(cfg, pong()));
    }

    @Test
    void aGivenFileThatNoProcessRunsIsOnlyAWarning() throws IOException {
        Path extra = write("extra.dat", new byte[10]);
        Path cfg = config(CONFIG);
        ImageBuilder b = new ImageBuilder(cfg, List.of(pong(), ping(), extra));
        BootImage image = BootImage.read("x", b.toBytes());
        assertEquals(List.of("boot.cfg", "pong.elf", "ping.elf", "extra.dat"), image.fileNames());
        assertEquals(List.of(extra + " is put in the boot partition, but no process in " + cfg + " runs it"),
                b.check().warnings());
        assertEquals(List.of(), new ImageBuilder(cfg, List.of(pong(), ping())).check().warnings());
    }

    @Test
    void aMalformedConfigIsReportedBeforeAnythingElse() throws IOException {
        Path cfg = config("process pong {\n    program pong.elf\n    priority 20\n}\n");
        assertEquals(cfg + ":3: 'priority' must be 0..15, got 20", buildError(cfg, dir.resolve("missing.elf")));
    }

    @Test
    void aFailedBuildKeepsTheOldImageIntactAndLeavesNoTemporaryFile() throws IOException {
        Path out = dir.resolve("disk.img");
        new ImageBuilder(config(CONFIG), List.of(pong(), ping())).build(out);
        byte[] before = Files.readAllBytes(out);
        assertThrows(ImageException.class,
                () -> new ImageBuilder(dir.resolve("boot.cfg"), List.of(pong())).build(out));
        assertArrayEquals(before, Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void aSuccessfulBuildReplacesTheOldImage() throws IOException {
        Path out = write("disk.img", new byte[4096]);
        new ImageBuilder(config(CONFIG), List.of(pong(), ping())).build(out);
        assertEquals(2, BootImage.open(out).config().processes().size());
    }

    @Test
    void theOutputFolderMustExist() throws IOException {
        Path out = dir.resolve("no/such/disk.img");
        assertEquals(out + ": cannot write it: its folder does not exist",
                assertThrows(ImageException.class,
                        () -> new ImageBuilder(config(CONFIG), List.of(pong(), ping())).build(out)).getMessage());
    }

    @Test
    void theOutputCannotBeADirectoryOrAnInput() throws IOException {
        Path cfg = config(CONFIG);
        List<Path> programs = List.of(pong(), ping());
        assertEquals(dir + ": is a directory, expected the image file to write",
                assertThrows(ImageException.class, () -> new ImageBuilder(cfg, programs).build(dir)).getMessage());
        assertEquals(cfg + ": is also an input; the image must go to another file",
                assertThrows(ImageException.class, () -> new ImageBuilder(cfg, programs).build(cfg)).getMessage());
        assertEquals(CONFIG, Files.readString(cfg));
    }

    // ---- the main class for the Maven build ----

    private record Run(int status, String out, String err) {
    }

    private static Run buildImage(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BuildImage.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void buildImageMainBuildsAndPrintsTheSummary() throws IOException {
        Path out = dir.resolve("disk.img");
        Run r = buildImage("--config", config(CONFIG).toString(), "--out=" + out, pong().toString(), ping().toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(out + ": 3 files, 2 processes, 9 KiB boot partition (1033 KiB image)\n", r.out());
        assertEquals(2, BootImage.open(out).config().processes().size());
        assertEquals("", r.err());
        Path extra = write("extra.dat", new byte[1]);
        Run warned = buildImage("--config", dir.resolve("boot.cfg").toString(), "--out", out.toString(),
                pong().toString(), ping().toString(), extra.toString());
        assertEquals(0, warned.status());
        assertEquals("BuildImage: warning: " + extra + " is put in the boot partition, but no process in "
                + dir.resolve("boot.cfg") + " runs it\n", warned.err());
    }

    @Test
    void buildImageMainMakesTheScratchPartitionTheDefaultImageUses() throws IOException {
        Path out = dir.resolve("s.img");
        Run r = buildImage("--config", config(CONFIG).toString(), "--out", out.toString(), "--scratch", "1M",
                pong().toString(), ping().toString());
        assertEquals(0, r.status(), r.err());
        List<Mbr.Partition> parts = BootImage.open(out).mbr().partitions();
        assertEquals(2, parts.size(), parts.toString());
        assertEquals(0xDA, parts.get(1).type());
        assertEquals(2048, parts.get(1).sectors());
    }

    @Test
    void buildImageMainRefusesBadInputWithOneLineAndStatusTwo() throws IOException {
        Path missing = dir.resolve("ping.elf");
        Run r = buildImage("--config", config(CONFIG).toString(), "--out", dir.resolve("d.img").toString(),
                pong().toString(), missing.toString());
        assertEquals(2, r.status());
        assertEquals("BuildImage: " + missing + ": no such file\n", r.err());
        Run noOut = buildImage("--config", "boot.cfg");
        assertEquals(2, noOut.status());
        assertEquals("BuildImage: --out is required (usage: BuildImage --config FILE --out IMAGE [--scratch SIZE]"
                + " PROGRAM...)\n", noOut.err());
        Run badScratch = buildImage("--config", "boot.cfg", "--out", "d.img", "--scratch", "8X");
        assertEquals(2, badScratch.status());
        assertTrue(badScratch.err().startsWith("BuildImage: --scratch '8X' is not a size"), badScratch.err());
        Run unknown = buildImage("--bogus");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("BuildImage: unknown option '--bogus'"), unknown.err());
        assertEquals(2, buildImage("--config").status());
    }

    // ---- util-linux and GNU tar see what we mean ----

    private static boolean has(String... command) {
        try {
            return Processes.run(new ProcessBuilder(command).redirectErrorStream(true), Duration.ofSeconds(30))
                    .status() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void sfdiskListsTheBootPartition() throws Exception {
        Requirements.require(has("sfdisk", "--version"), "sfdisk (util-linux, Debian package fdisk) is not installed");
        Path out = dir.resolve("disk.img");
        new ImageBuilder(config(CONFIG), List.of(pong(), ping())).build(out);
        String dump = UstarTest.run(dir, "sfdisk", "--dump", out.toString());
        assertTrue(dump.contains("label: dos"), dump);
        assertTrue(dump.matches("(?s).*disk\\.img1 : start=\\s*2048, size=\\s*18, type=81, bootable.*"), dump);
        assertFalse(dump.contains("disk.img2"), dump);
        String list = UstarTest.run(dir, "sfdisk", "-l", out.toString());
        assertTrue(list.matches("(?s).*disk\\.img1\\s+\\*\\s+2048\\s+2065\\s+18\\s+9K\\s+81 Minix / old Linux.*"),
                list);
    }

    @Test
    void gnuTarListsTheCutOutBootPartition() throws Exception {
        Requirements.require(has("tar", "--version"), "tar is not installed");
        Path out = dir.resolve("disk.img");
        new ImageBuilder(config(CONFIG), List.of(pong(), ping())).build(out);
        Mbr.Partition p = BootImage.open(out).bootPartition();
        byte[] image = Files.readAllBytes(out);
        Path part = write("boot.tar",
                Arrays.copyOfRange(image, (int) p.startByte(), (int) (p.startByte() + p.sizeBytes())));
        String listing = UstarTest.run(dir, "tar", "-tvf", part.toString());
        String[] lines = listing.strip().split("\n");
        assertEquals(3, lines.length, listing);
        assertTrue(lines[0].matches("-rw-r--r-- root/root\\s+" + CONFIG.length() + " 1970-01-01 00:00 boot\\.cfg"),
                lines[0]);
        assertTrue(lines[1].matches("-rwxr-xr-x root/root\\s+5000 1970-01-01 00:00 pong\\.elf"), lines[1]);
        assertTrue(lines[2].matches("-rwxr-xr-x root/root\\s+777 1970-01-01 00:00 ping\\.elf"), lines[2]);
        // The same cut with dd, as docs/boot-image.md shows it.
        Requirements.require(has("dd", "--version"), "dd is not installed");
        UstarTest.run(dir, "dd", "if=disk.img", "of=dd.tar", "bs=512", "skip=2048", "count=" + p.sectors(),
                "status=none");
        assertArrayEquals(Files.readAllBytes(part), Files.readAllBytes(dir.resolve("dd.tar")));
    }
}
