package org.minixemu.devices.ata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.devices.ata.AtaRig.DRDY;
import static org.minixemu.devices.ata.AtaRig.DSC;
import static org.minixemu.devices.ata.AtaRig.STATUS;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDENTIFY DEVICE: the 256-word block as ATA/ATAPI-4..7 lay it out. */
class AtaIdentifyTest {
    @TempDir
    Path dir;

    @Test
    void identifyBlockOfASmallDisk() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, 2048)) {
            rig.out(AtaRig.DEVICE, 0xA0);
            int[] w = rig.identify();
            assertEquals(0x0040, w[0], "general configuration: ATA, fixed");
            assertEquals(2, w[1], "default cylinders: 2048 / (16 * 63)");
            assertEquals(16, w[3], "default heads");
            assertEquals(63, w[6], "default sectors per track");
            assertEquals("MXE1F0-0            ", AtaRig.ataString(w, 10, 10), "serial number");
            assertEquals("0.1     ", AtaRig.ataString(w, 23, 4), "firmware revision");
            assertEquals(String.format("%-40s", "minix-emu ATA disk"), AtaRig.ataString(w, 27, 20), "model");
            assertEquals(0x8010, w[47], "READ/WRITE MULTIPLE: up to 16 sectors per block");
            assertEquals(0x0200, w[49], "capabilities: LBA supported, no DMA");
            assertEquals(0x4000, w[50]);
            assertEquals(0x0001, w[53], "words 54-58 valid");
            assertEquals(2, w[54], "current cylinders");
            assertEquals(16, w[55], "current heads");
            assertEquals(63, w[56], "current sectors per track");
            assertEquals(2 * 16 * 63, w[57] | w[58] << 16, "current CHS capacity");
            assertEquals(0, w[59], "multiple mode off after power-on");
            assertEquals(2048, w[60] | w[61] << 16, "LBA28 capacity");
            assertEquals(0, w[63], "no multiword DMA");
            assertEquals(0, w[82], "no word-82 feature sets claimed");
            assertEquals(0x5000, w[83], "bit 14 set, FLUSH CACHE (bit 12) supported, no LBA48");
            assertEquals(0x4000, w[84]);
            assertEquals(0x1000, w[86], "FLUSH CACHE enabled");
            assertEquals(0, w[100] | w[101] | w[102] | w[103], "no LBA48 capacity");
            assertEquals(0xA5, w[255] & 0xFF, "integrity word signature");
            int sum = 0;
            for (int word : w) {
                sum += (word & 0xFF) + (word >>> 8);
            }
            assertEquals(0, sum & 0xFF, "the checksum makes all 512 bytes sum to 0 mod 256");
        }
    }

    @Test
    void identifyTimingAndInterrupt() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, 64)) {
            rig.out(AtaRig.COMMAND, 0xEC);
            assertEquals(AtaRig.BSY | DRDY | DSC, rig.altStatus(), "BSY at once, no DRQ");
            rig.advance(AtaDrive.COMMAND_NANOS - 1);
            assertEquals(AtaRig.BSY, rig.altStatus() & AtaRig.BSY, "still busy 1 ns before the command time");
            assertEquals(0, rig.irqRaises);
            rig.advance(1);
            assertEquals(DRDY | DSC | AtaRig.DRQ, rig.altStatus());
            assertEquals(1, rig.irqRaises, "one interrupt with the data block");
            assertEquals(true, rig.irq);
            rig.in(STATUS);
            assertEquals(false, rig.irq, "reading the status register negates INTRQ");
            for (int i = 0; i < 256; i++) {
                rig.inw();
            }
            assertEquals(DRDY | DSC, rig.altStatus());
            assertEquals(1, rig.irqRaises, "no interrupt at the end of a PIO data-in command");
            assertEquals(0, rig.inw(), "no data once DRQ is clear");
        }
    }

    @Test
    void smallImageGetsAGeometryThatFitsIt() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, 100)) {
            int[] w = rig.identify();
            assertArrayEquals(new int[] {1, 1, 63}, new int[] {w[1], w[3], w[6]}, "C/H/S inside 100 sectors");
            assertEquals(100, w[60] | w[61] << 16);
        }
    }

    @Test
    void largeImageCapsCylindersAt16383() throws Exception {
        Path big = dir.resolve("big.img");
        long sectors = 20L * 1024 * 1024 * 2;      // 20 GiB, sparse
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(sectors * 512);
        }
        try (AtaRig rig = new AtaRig(DiskImage.open(big, DiskImage.Mode.SNAPSHOT), null)) {
            int[] w = rig.identify();
            assertEquals(16383, w[1]);
            assertEquals(16, w[3]);
            assertEquals(63, w[6]);
            assertEquals(16383 * 16 * 63, w[57] | w[58] << 16, "CHS capacity 16,514,064");
            assertEquals(sectors, (w[60] | (long) w[61] << 16), "LBA28 capacity is the whole image");
        }
    }

    @Test
    void identifyReflectsMultipleModeAndTranslation() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, 2048)) {
            rig.out(AtaRig.COUNT, 8);
            assertEquals(DRDY | DSC, rig.nonData(0xC6), "SET MULTIPLE MODE 8");
            rig.out(AtaRig.DEVICE, 0xA0 | 3);          // 4 heads
            rig.out(AtaRig.COUNT, 32);                   // 32 sectors per track
            assertEquals(DRDY | DSC, rig.nonData(0x91), "INITIALIZE DEVICE PARAMETERS");
            int[] w = rig.identify();
            assertEquals(0x0108, w[59], "multiple setting valid, 8 sectors");
            assertEquals(16, w[54], "current cylinders: 2048 / (4 * 32)");
            assertEquals(4, w[55]);
            assertEquals(32, w[56]);
            assertEquals(2048, w[57] | w[58] << 16);
            assertEquals(2, w[1], "the default geometry does not change");
            assertEquals(16, w[3]);
            assertEquals(63, w[6]);
        }
    }
}
