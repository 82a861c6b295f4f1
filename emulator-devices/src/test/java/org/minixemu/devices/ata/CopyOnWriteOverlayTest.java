package org.minixemu.devices.ata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.minixemu.devices.ata.AtaRig.COMMAND;
import static org.minixemu.devices.ata.AtaRig.DRDY;
import static org.minixemu.devices.ata.AtaRig.DRQ;
import static org.minixemu.devices.ata.AtaRig.DSC;
import static org.minixemu.devices.ata.AtaRig.STATUS;
import static org.minixemu.devices.ata.AtaRig.patternSector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.ata.DiskImage.Mode;

/** {@code --snapshot}: the guest sees its writes, the image file never changes. */
class CopyOnWriteOverlayTest {
    @TempDir
    Path dir;

    @Test
    void guestWritesStayInMemoryAndTheFileIsUnchanged() throws Exception {
        Path file = AtaRig.patterned(dir.resolve("disk.img"), 512, 0);
        FileTime modified = Files.getLastModifiedTime(file);
        String before = AtaRig.sha256(file);
        DiskImage image = DiskImage.open(file, Mode.SNAPSHOT);
        assertInstanceOf(CopyOnWriteOverlay.class, image);
        try (AtaRig rig = new AtaRig(image, null)) {
            for (int i = 0; i < 8; i++) {               // 8 writes of 4 sectors, then FLUSH CACHE
                rig.lba(0, 100 + 4 * i, 4);
                rig.out(COMMAND, 0x30);
                for (int s = 0; s < 4; s++) {
                    assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy());
                    rig.in(STATUS);
                    rig.writeSectorData(patternSector(4 * i + s, 77));
                }
                assertEquals(DRDY | DSC, rig.waitNotBusy());
            }
            assertEquals(DRDY | DSC, rig.nonData(0xE7), "FLUSH CACHE succeeds");

            rig.lba(0, 99, 34);
            rig.out(COMMAND, 0x20);
            for (int s = 0; s < 34; s++) {
                assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy());
                rig.in(STATUS);
                byte[] expected = s == 0 || s == 33 ? patternSector(99 + s, 0) : patternSector(s - 1, 77);
                assertArrayEquals(expected, rig.readSectorData(), "sector " + (99 + s));
            }
            assertEquals(32, ((CopyOnWriteOverlay) image).sectorsWritten());
            assertEquals(before, AtaRig.sha256(file), "unchanged while running");
        }
        assertEquals(before, AtaRig.sha256(file), "unchanged after close");
        assertEquals(modified, Files.getLastModifiedTime(file));
        assertEquals(512 * 512, Files.size(file));
    }

    @Test
    void overlayAndFileSectorsMixInOneRead() throws Exception {
        Path file = AtaRig.patterned(dir.resolve("disk.img"), 16, 0);
        String before = AtaRig.sha256(file);
        try (DiskImage image = DiskImage.open(file, Mode.SNAPSHOT)) {
            image.write(5, patternSector(0, 1), 0, 1);
            image.write(7, patternSector(0, 2), 0, 1);
            image.write(5, patternSector(0, 3), 0, 1);      // rewrite
            byte[] b = new byte[6 * 512];
            image.read(3, b, 0, 6);
            byte[][] expected = {patternSector(3, 0), patternSector(4, 0), patternSector(0, 3),
                patternSector(6, 0), patternSector(0, 2), patternSector(8, 0)};
            for (int i = 0; i < 6; i++) {
                byte[] s = java.util.Arrays.copyOfRange(b, i * 512, i * 512 + 512);
                assertArrayEquals(expected[i], s, "sector " + (3 + i));
            }
            image.flush();
            assertEquals(2, ((CopyOnWriteOverlay) image).sectorsWritten());
        }
        assertEquals(before, AtaRig.sha256(file));
    }

    @Test
    void manySectorsGrowTheOverlay() throws Exception {
        Path file = AtaRig.patterned(dir.resolve("disk.img"), 4096, 0);
        String before = AtaRig.sha256(file);
        try (DiskImage image = DiskImage.open(file, Mode.SNAPSHOT)) {
            for (int lba = 4095; lba >= 0; lba -= 3) {
                image.write(lba, patternSector(lba, 9), 0, 1);
            }
            byte[] s = new byte[512];
            for (int lba = 0; lba < 4096; lba++) {
                image.read(lba, s, 0, 1);
                boolean written = (4095 - lba) % 3 == 0;
                assertArrayEquals(patternSector(lba, written ? 9 : 0), s, "sector " + lba);
            }
        }
        assertEquals(before, AtaRig.sha256(file));
    }
}
