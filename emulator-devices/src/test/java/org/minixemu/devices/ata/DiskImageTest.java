package org.minixemu.devices.ata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.minixemu.devices.ata.AtaRig.patternSector;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.ata.DiskImage.Mode;

/** Opening images (every bad input, one line naming the file) and the write-back cache. */
class DiskImageTest {
    @TempDir
    Path dir;

    private String failure(Path p, Mode mode) {
        return failure(p, mode, FileChannel::open);
    }

    private String failure(Path p, Mode mode, DiskImage.Opener opener) {
        DiskImageException e = assertThrows(DiskImageException.class, () -> DiskImage.open(p, mode, opener));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void missingImage() {
        Path p = dir.resolve("nope.img");
        assertEquals(p + ": no such file", failure(p, Mode.READ_WRITE));
        assertEquals(p + ": no such file", failure(p, Mode.SNAPSHOT));
        assertFalse(Files.exists(p), "opening never creates the file");
    }

    @Test
    void directory() {
        assertEquals(dir + ": is a directory, not a disk image", failure(dir, Mode.READ_WRITE));
        assertEquals(dir + ": is a directory, not a disk image", failure(dir, Mode.SNAPSHOT));
    }

    @Test
    void notARegularFile() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull), "needs /dev/null");
        assertEquals("/dev/null: is not a regular file", failure(devNull, Mode.SNAPSHOT));
    }

    @Test
    void emptyImage() throws IOException {
        Path p = Files.write(dir.resolve("empty.img"), new byte[0]);
        assertEquals(p + ": the image is empty (0 bytes)", failure(p, Mode.READ_WRITE));
        assertEquals(p + ": the image is empty (0 bytes)", failure(p, Mode.SNAPSHOT));
    }

    @Test
    void sizeNotAMultipleOf512() throws IOException {
        byte[] contents = new byte[1000];
        Arrays.fill(contents, (byte) 0x5A);
        Path p = Files.write(dir.resolve("odd.img"), contents);
        assertEquals(p + ": size 1000 bytes is not a multiple of 512", failure(p, Mode.READ_WRITE));
        assertEquals(p + ": size 1000 bytes is not a multiple of 512", failure(p, Mode.SNAPSHOT));
        assertArrayEquals(contents, Files.readAllBytes(p), "opening never truncates or pads the file");
    }

    @Test
    void largerThanLba28() throws IOException {
        Path p = dir.resolve("huge.img");
        long size = (DiskImage.MAX_SECTORS + 1) * 512;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);       // sparse
        }
        assertEquals(p + ": size " + size + " bytes is more than an LBA28 ATA disk can address"
                + " (268435455 sectors of 512 bytes)", failure(p, Mode.SNAPSHOT));
    }

    @Test
    void exactlyTheLba28LimitIsAccepted() throws Exception {
        Path p = dir.resolve("limit.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(DiskImage.MAX_SECTORS * 512);
        }
        try (DiskImage image = DiskImage.open(p, Mode.SNAPSHOT)) {
            assertEquals(DiskImage.MAX_SECTORS, image.sectors());
        }
    }

    /** An opener that refuses what {@code refuse} says with {@code failure}. */
    private static DiskImage.Opener refusing(boolean refuseReads, IOException failure) {
        return (path, options) -> {
            boolean writing = Arrays.asList(options).contains(StandardOpenOption.WRITE);
            if (writing || refuseReads) {
                throw failure;
            }
            return FileChannel.open(path, options);
        };
    }

    @Test
    void unreadableImage() throws IOException {
        Path p = AtaRig.patterned(dir.resolve("secret.img"), 4, 0);
        DiskImage.Opener denied = refusing(true, new AccessDeniedException(p.toString()));
        assertEquals(p + ": cannot read it: permission denied", failure(p, Mode.SNAPSHOT, denied));
        assertEquals(p + ": cannot read it: permission denied", failure(p, Mode.READ_WRITE, denied));
    }

    @Test
    void unwritableImageSuggestsSnapshot() throws Exception {
        Path p = AtaRig.patterned(dir.resolve("ro.img"), 4, 0);
        DiskImage.Opener readOnly = refusing(false, new AccessDeniedException(p.toString()));
        assertEquals(p + ": cannot write it: permission denied (use --snapshot to keep writes in memory)",
                failure(p, Mode.READ_WRITE, readOnly));
        try (DiskImage image = DiskImage.open(p, Mode.SNAPSHOT, readOnly)) {
            assertEquals(Mode.SNAPSHOT, image.mode(), "a snapshot needs only read access");
        }
    }

    @Test
    void readOnlyFileSystem() throws IOException {
        Path p = AtaRig.patterned(dir.resolve("rofs.img"), 4, 0);
        DiskImage.Opener rofs = refusing(false, new FileSystemException(p.toString(), null, "Read-only file system"));
        assertEquals(p + ": cannot write it: Read-only file system (use --snapshot to keep writes in memory)",
                failure(p, Mode.READ_WRITE, rofs));
    }

    @Test
    void realPermissionsWhenNotRoot() throws IOException {
        assumeFalse(isRoot(), "root can read and write any file");
        Path unreadable = AtaRig.patterned(dir.resolve("u.img"), 4, 0);
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));
        assertEquals(unreadable + ": cannot read it: permission denied", failure(unreadable, Mode.SNAPSHOT));
        Path readOnly = AtaRig.patterned(dir.resolve("r.img"), 4, 0);
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        assertEquals(readOnly + ": cannot write it: permission denied (use --snapshot to keep writes in memory)",
                failure(readOnly, Mode.READ_WRITE));
    }

    @Test
    void twoWritersCannotShareAnImage() throws Exception {
        Path p = AtaRig.patterned(dir.resolve("shared.img"), 4, 0);
        try (DiskImage first = DiskImage.open(p, Mode.READ_WRITE)) {
            assertEquals(p + ": is in use: another program or another disk of this machine has it locked",
                    failure(p, Mode.READ_WRITE));
            assertEquals(p + ": is in use: another program or another disk of this machine has it locked",
                    failure(p, Mode.SNAPSHOT));
        }
        try (DiskImage again = DiskImage.open(p, Mode.READ_WRITE)) {
            assertEquals(4, again.sectors(), "closing released the lock");
        }
    }

    @Test
    void openingReadWriteChangesNothingUntilWritten() throws Exception {
        Path p = AtaRig.patterned(dir.resolve("disk.img"), 8, 0);
        String before = AtaRig.sha256(p);
        try (DiskImage image = DiskImage.open(p, Mode.READ_WRITE)) {
            byte[] s = new byte[512];
            image.read(7, s, 0, 1);
            assertArrayEquals(patternSector(7, 0), s);
            image.flush();
        }
        assertEquals(before, AtaRig.sha256(p));
    }

    @Test
    void writesReachTheFileOnFlushAndOnClose() throws Exception {
        Path p = AtaRig.patterned(dir.resolve("disk.img"), 8, 0);
        String before = AtaRig.sha256(p);
        DiskImage image = DiskImage.open(p, Mode.READ_WRITE);
        image.write(2, patternSector(0, 1), 0, 1);
        byte[] s = new byte[512];
        image.read(2, s, 0, 1);
        assertArrayEquals(patternSector(0, 1), s, "reads see the cached write");
        assertEquals(before, AtaRig.sha256(p), "not in the file yet");
        image.flush();
        assertArrayEquals(patternSector(0, 1), AtaRig.fileSector(p, 2), "flushed");

        image.write(5, patternSector(0, 2), 0, 1);
        assertArrayEquals(patternSector(5, 0), AtaRig.fileSector(p, 5));
        image.close();
        assertArrayEquals(patternSector(0, 2), AtaRig.fileSector(p, 5), "close writes the cache back");
        image.close();   // twice is harmless
        assertEquals(8 * 512, Files.size(p), "the size never changes");
    }

    @Test
    void aFullWriteCacheWritesItselfBack() throws Exception {
        int sectors = WriteBackImage.CACHE_SECTORS + 64;
        Path p = dir.resolve("big.img");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength((long) sectors * 512);
        }
        try (DiskImage image = DiskImage.open(p, Mode.READ_WRITE)) {
            byte[] block = new byte[16 * 512];
            for (int lba = 0; lba < sectors; lba += 16) {
                for (int i = 0; i < 16; i++) {
                    System.arraycopy(patternSector(lba + i, 3), 0, block, i * 512, 512);
                }
                image.write(lba, block, 0, 16);
            }
            assertArrayEquals(patternSector(0, 3), AtaRig.fileSector(p, 0), "the oldest writes were written back");
            assertNotEquals(patternSector(sectors - 1, 3)[10], AtaRig.fileSector(p, sectors - 1)[10],
                    "the newest are still cached");
            byte[] s = new byte[512];
            image.read(sectors - 1, s, 0, 1);
            assertArrayEquals(patternSector(sectors - 1, 3), s);
        }
        assertArrayEquals(patternSector(sectors - 1, 3), AtaRig.fileSector(p, sectors - 1));
    }

    @Test
    void outOfRangeTransfersAreProgrammingErrors() throws Exception {
        Path p = AtaRig.patterned(dir.resolve("disk.img"), 8, 0);
        try (DiskImage image = DiskImage.open(p, Mode.READ_WRITE)) {
            byte[] b = new byte[1024];
            assertThrows(IllegalArgumentException.class, () -> image.read(7, b, 0, 2));
            assertThrows(IllegalArgumentException.class, () -> image.write(-1, b, 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> image.read(0, b, 512, 2));
            assertTrue(image.toString().contains("8 sectors, read-write"));
        }
    }

    @Test
    void openOptionsNeverCreateOrTruncate() throws Exception {
        Path p = AtaRig.patterned(dir.resolve("disk.img"), 4, 0);
        java.util.List<OpenOption> seen = new java.util.ArrayList<>();
        DiskImage.Opener spy = (path, options) -> {
            seen.addAll(Arrays.asList(options));
            return FileChannel.open(path, options);
        };
        DiskImage.open(p, Mode.READ_WRITE, spy).close();
        DiskImage.open(p, Mode.SNAPSHOT, spy).close();
        assertFalse(seen.contains(StandardOpenOption.CREATE));
        assertFalse(seen.contains(StandardOpenOption.CREATE_NEW));
        assertFalse(seen.contains(StandardOpenOption.TRUNCATE_EXISTING));
        assertTrue(seen.contains(StandardOpenOption.WRITE), "read-write mode asked for write access");
    }
}
