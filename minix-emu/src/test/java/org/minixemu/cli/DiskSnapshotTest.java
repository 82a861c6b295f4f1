package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance 5: with --snapshot no byte of the image changes. The ata test kernel writes
 * and flushes sectors of its disk; under --snapshot the image file keeps its zeros, and the same
 * run without --snapshot changes it (so the first check could fail).
 */
class DiskSnapshotTest {
    @TempDir
    Path dir;

    private static Path ataKernel() {
        String root = System.getProperty("minixemu.root");
        return (root != null ? Path.of(root) : Path.of("..")).resolve("testkernels/target/ata.elf");
    }

    private byte[] bootAtaKernelOn(Path image, boolean snapshot) throws Exception {
        CommandRun run = snapshot
                ? CommandRun.of("run", "--kernel", ataKernel().toString(), "--hda", image.toString(), "--snapshot",
                        "--serial", "none", "--debugcon", "none", "--timeout", "60")
                : CommandRun.of("run", "--kernel", ataKernel().toString(), "--hda", image.toString(),
                        "--serial", "none", "--debugcon", "none", "--timeout", "60");
        assertEquals(0, run.status(), "the ata kernel's checks all pass: " + run.err());
        return Files.readAllBytes(image);
    }

    @Test
    void snapshotKeepsTheImageFileUnchangedWhileTheGuestWritesAndFlushes() throws Exception {
        byte[] zeros = new byte[4 << 20];
        Path image = dir.resolve("snapshot.img");
        Files.write(image, zeros);
        assertArrayEquals(zeros, bootAtaKernelOn(image, true));
    }

    @Test
    void withoutSnapshotTheGuestsWritesReachTheImageFile() throws Exception {
        byte[] zeros = new byte[4 << 20];
        Path image = dir.resolve("direct.img");
        Files.write(image, zeros);
        assertFalse(Arrays.equals(zeros, bootAtaKernelOn(image, false)));
    }
}
