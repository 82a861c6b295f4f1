package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageBuilder;
import org.minixemu.image.Mbr;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.abi.Abi;

/**
 * Issue 15, the disk: at_wini serves partition 2 of a scratch image (made by
 * {@link ImageBuilder#scratch}). init runs {@code disktest -k} (4 MiB of seeded words written,
 * flushed and read back straight through the block protocol while RS kills at_wini every second;
 * the bad-input checks: past the end, a grant too small, a process the driver does not serve),
 * {@code disktest -V -k} (the same through VFS's /dev/c0d0p1), then dd. The machine writes the
 * image file; the test then reads the partition back on the host and checks every word.
 */
class DiskTest {
    /** The scratch partition: 8 MiB, as scripts/disk-scratch.sh makes it. */
    static final long SCRATCH_BYTES = 8L << 20;
    /** disktest's default seed (its -s changes it). */
    static final int SEED = 0x5EED1515;
    static final int PATTERN_BYTES = 4 << 20;
    /** dd's seek=1536 with bs=4K: 6 MiB into the partition. */
    static final int COPY_OFFSET = 1536 * 4096;

    @TempDir
    Path dir;

    /**
     * Where {@code image}'s bytes differ from disktest's pattern in the 4 MiB at partition
     * offset {@code base}, or from the dd copy (the partition's first 4 KiB again at 6 MiB): one
     * line per finding, the first few only, empty when all is well. Word i (u32 little-endian)
     * must be {@code x ^ (x >>> 15)} with {@code x = (i + 1) * 0x9E3779B1 ^ SEED}.
     */
    static List<String> checkPartition(byte[] image, long base) {
        List<String> problems = new java.util.ArrayList<>();
        if (base + COPY_OFFSET + 4096 > image.length) {
            return List.of("the image ends at " + image.length + ", before the partition's data");
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int bad = 0;
        for (int i = 0; i < PATTERN_BYTES / 4; i++) {
            int x = (i + 1) * 0x9E3779B1 ^ SEED;
            x ^= x >>> 15;
            int got = b.getInt((int) base + 4 * i);
            if (got != x && bad++ < 5) {
                problems.add(String.format("word %d: 0x%08x, expected 0x%08x", i, got, x));
            }
        }
        if (bad > 0) {
            problems.add(bad + " of " + PATTERN_BYTES / 4 + " words differ");
        }
        for (int i = 0; i < 4096; i++) {
            if (image[(int) base + COPY_OFFSET + i] != image[(int) base + i]) {
                problems.add("dd's copy differs at byte " + i + " of the 4 KiB at 6 MiB");
                break;
            }
        }
        return problems;
    }

    private static int count(List<String> lines, String line) {
        return (int) lines.stream().filter(line::equals).count();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fourMebibytesWrittenThroughAtWiniWhileItIsKilledReachTheImageFile() throws IOException {
        Path root = Path.of(System.getProperty("minixemu.root", ".."));
        String cfg = Files.readString(root.resolve("drivers/at_wini/test/boot.cfg"));
        // A program at_wini does not serve (its users= names only disktest): disktest under another name.
        Path diskdeny = Files.copy(root.resolve("commands/target/disktest.elf"), dir.resolve("diskdeny.elf"));
        Path image = dir.resolve("disk.img");
        GuestSystem.Run run = new GuestSystem(dir).config(cfg)
                .programsFrom("servers", "pm", "vm", "rs", "ds", "vfs")
                .programsFrom("drivers", "memory", "tty", "at_wini")
                .programsFrom("commands", "init", "disktest", "dd", "poweroff").file(diskdeny)
                .diskFile(image, SCRATCH_BYTES).guestLimit(600_000_000_000L).wallLimit(Duration.ofMinutes(10))
                .boot();
        String console = run.console();
        List<String> lines = console.lines().map(String::strip).toList();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), console);
        assertEquals(0, run.result().exitStatus(), console);

        // The scratch partition is where the image builder put it, and at_wini found it there.
        byte[] bytes = Files.readAllBytes(image);
        Mbr.Partition scratch = BootImage.open(image).mbr().partition(2).orElseThrow();
        assertEquals(Mbr.TYPE_DATA, scratch.type());
        assertEquals(0, scratch.startLba() % 2048);
        long first = scratch.startLba();
        assertTrue(lines.contains("at_wini: c0d0p1: type 0xda, sectors " + first + ".." + (first + 16384 - 1)
                + " (8192 KiB)"), console);
        assertTrue(lines.contains("minor 2: base " + first * Mbr.SECTOR_SIZE + ", 8388608 bytes"), console);

        // disktest -k: the data compared, at_wini was killed and the client library resent.
        Matcher m = Pattern.compile("(?m)^4 MiB written and read back, (\\d+) retries\\s*$").matcher(console);
        assertTrue(m.find(), console);
        assertTrue(Integer.parseInt(m.group(1)) >= 1, m.group());
        assertTrue(console.contains("rs: at_wini: killed (signal 9)"), console);
        // The bad input (acceptance 4): each request's own answer, and a good read after each.
        for (String answer : List.of(
                "a read at the end: 0", // end of device, as MINIX
                "a 2048-byte read 1024 bytes before the end: 1024", // clipped at the end
                "a read at byte 100: " + Abi.EINVAL,
                "a 1024-byte read into a 512-byte grant: " + Abi.EPERM, // the kernel refuses the copy
                "a vector of 65 elements: " + Abi.EINVAL,
                "opening minor 4: " + Abi.ENXIO, // no partition 4 on this image
                "opening minor 9: " + Abi.ENXIO,
                "a read after a read at the end: 512",
                "a read after an unaligned read: 512",
                "a read after a grant too small: 512",
                "a read after a bad minor: 512",
                "a read after a refused caller: 512")) {
            assertEquals(1, count(lines, "bad input: " + answer), answer + "\n" + console);
        }
        assertEquals(12, lines.stream().filter(l -> l.startsWith("bad input: ")).count(), console);
        assertTrue(lines.contains("diskdeny: open as a program at_wini does not serve: " + Abi.EPERM), console);
        // disktest -V -k: the same through VFS.
        assertTrue(lines.contains("4 MiB written and read back through VFS"), console);
        // Both runs: every check passed (their number depends on how many passes the kills took).
        assertEquals(2, lines.stream().filter(l -> l.matches("disktest: [1-9]\\d* passed, 0 failed")).count(), console);
        assertEquals(2, count(lines, "init: disktest exited with status 0"), console);
        // dd: a whole read, a copy inside the partition, the partition's end, a bad size.
        assertTrue(console.contains("4194304 bytes copied"), console);
        assertTrue(console.contains("4096 bytes copied"), console);
        assertTrue(console.contains("65536 bytes copied"), console);
        assertTrue(lines.contains("dd: read: Invalid argument"), console);
        assertTrue(lines.contains("init: dd exited with status 1"), console);

        // On the host: every word of the 4 MiB, and dd's copy.
        assertEquals(List.of(), checkPartition(bytes, first * Mbr.SECTOR_SIZE));

        // The check itself notices one flipped byte in the pattern and one in the copy.
        byte[] mutated = bytes.clone();
        mutated[(int) (first * Mbr.SECTOR_SIZE) + 12345] ^= 0x01;
        List<String> problems = checkPartition(mutated, first * Mbr.SECTOR_SIZE);
        assertTrue(problems.contains("1 of 1048576 words differ"), problems.toString());
        assertTrue(problems.get(0).startsWith("word 3086: "), problems.toString());
        byte[] badCopy = bytes.clone();
        badCopy[(int) (first * Mbr.SECTOR_SIZE) + COPY_OFFSET + 100] ^= 0x40;
        assertEquals(List.of("dd's copy differs at byte 100 of the 4 KiB at 6 MiB"),
                checkPartition(badCopy, first * Mbr.SECTOR_SIZE));
    }
}
