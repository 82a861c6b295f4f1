package org.minixemu.devices.ata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.ata.AtaRig.BSY;
import static org.minixemu.devices.ata.AtaRig.COMMAND;
import static org.minixemu.devices.ata.AtaRig.COUNT;
import static org.minixemu.devices.ata.AtaRig.DEVICE;
import static org.minixemu.devices.ata.AtaRig.DRDY;
import static org.minixemu.devices.ata.AtaRig.DRQ;
import static org.minixemu.devices.ata.AtaRig.DSC;
import static org.minixemu.devices.ata.AtaRig.LBA_HIGH;
import static org.minixemu.devices.ata.AtaRig.LBA_LOW;
import static org.minixemu.devices.ata.AtaRig.LBA_MID;
import static org.minixemu.devices.ata.AtaRig.STATUS;
import static org.minixemu.devices.ata.AtaRig.patternSector;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * READ/WRITE SECTOR(S) and MULTIPLE through the ports, following the PIO data-in and data-out
 * protocols step by step: BSY, then DRQ with an interrupt per DRQ block.
 */
class AtaReadWriteTest {
    private static final int SECTORS = 2048;

    @TempDir
    Path dir;

    /** Reads {@code count} sectors with the data-in protocol, checking status and IRQ at each block. */
    private static byte[][] readBlocks(AtaRig rig, int count, int sectorsPerBlock) {
        byte[][] data = new byte[count][];
        int raisesBefore = rig.irqRaises;
        int done = 0;
        int blocks = 0;
        while (done < count) {
            int status = rig.waitNotBusy();
            assertEquals(DRDY | DSC | DRQ, status, "DRQ for block " + blocks);
            blocks++;
            assertEquals(raisesBefore + blocks, rig.irqRaises, "one interrupt per DRQ block");
            assertTrue(rig.irq);
            assertEquals(DRDY | DSC | DRQ, rig.in(STATUS));
            assertFalse(rig.irq, "status read negates INTRQ");
            int n = Math.min(sectorsPerBlock, count - done);
            for (int s = 0; s < n; s++) {
                if (s > 0) {
                    assertEquals(DRDY | DSC | DRQ, rig.altStatus(), "DRQ stays set across the block");
                }
                data[done++] = rig.readSectorData();
            }
            if (done < count) {
                assertEquals(BSY, rig.altStatus() & (BSY | DRQ), "BSY while the next block is fetched");
            }
        }
        assertEquals(DRDY | DSC, rig.altStatus(), "complete: BSY and DRQ clear");
        assertEquals(raisesBefore + blocks, rig.irqRaises, "no interrupt after the last data-in block");
        return data;
    }

    /** Writes the sectors with the data-out protocol, checking status and IRQ at each block. */
    private static void writeBlocks(AtaRig rig, byte[][] sectors, int sectorsPerBlock) {
        int raisesBefore = rig.irqRaises;
        int status = rig.waitNotBusy();
        assertEquals(DRDY | DSC | DRQ, status, "DRQ for the first block");
        assertEquals(raisesBefore, rig.irqRaises, "no interrupt before the first data-out block");
        int done = 0;
        int blocks = 0;
        while (done < sectors.length) {
            int n = Math.min(sectorsPerBlock, sectors.length - done);
            for (int s = 0; s < n; s++) {
                rig.writeSectorData(sectors[done++]);
            }
            blocks++;
            assertEquals(BSY, rig.altStatus() & (BSY | DRQ), "BSY while the block is written");
            status = rig.waitNotBusy();
            assertEquals(raisesBefore + blocks, rig.irqRaises, "one interrupt after each block");
            assertEquals(status, rig.in(STATUS));
            assertEquals(done < sectors.length ? DRDY | DSC | DRQ : DRDY | DSC, status);
        }
    }

    @Test
    void readSectorsLba() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 1000, 3);
            rig.out(COMMAND, 0x20);
            assertEquals(BSY | DRDY | DSC, rig.altStatus());
            rig.advance(AtaDrive.COMMAND_NANOS + AtaDrive.SECTOR_NANOS - 1);
            assertEquals(BSY, rig.altStatus() & BSY, "busy until the command and one sector's time pass");
            byte[][] data = readBlocks(rig, 3, 1);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(patternSector(1000 + i, 0), data[i], "sector " + (1000 + i));
            }
            assertEquals(0, rig.in(COUNT), "no sectors left");
            assertEquals(1002, rig.in(LBA_LOW) | rig.in(LBA_MID) << 8 | rig.in(LBA_HIGH) << 16,
                    "address of the last sector transferred");
        }
    }

    @Test
    void sectorCountZeroMeans256() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 1, 0);
            rig.out(COMMAND, 0x20);
            byte[][] data = readBlocks(rig, 256, 1);
            assertArrayEquals(patternSector(256, 0), data[255]);
            assertEquals(256, rig.irqRaises);
        }
    }

    @Test
    void readSectorsChs() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            // Default translation 2/16/63: C=1 H=2 S=5 is LBA (1*16+2)*63+4 = 1138.
            rig.chs(1, 2, 5, 2);
            rig.out(COMMAND, 0x21);
            byte[][] data = readBlocks(rig, 2, 1);
            assertArrayEquals(patternSector(1138, 0), data[0]);
            assertArrayEquals(patternSector(1139, 0), data[1]);
            assertEquals(6, rig.in(LBA_LOW), "CHS registers: sector of the last one read");
            assertEquals(0xA2, rig.in(DEVICE), "head 2, LBA bit clear");
            assertEquals(1, rig.in(LBA_MID));
        }
    }

    @Test
    void chsAfterInitializeDeviceParameters() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.out(DEVICE, 0xA0 | 3);
            rig.out(COUNT, 32);
            assertEquals(DRDY | DSC, rig.nonData(0x91));
            assertEquals(1, rig.irqRaises);
            // 4 heads, 32 sectors: C=3 H=1 S=2 is LBA (3*4+1)*32+1 = 417.
            rig.chs(3, 1, 2, 1);
            rig.out(COMMAND, 0x20);
            assertArrayEquals(patternSector(417, 0), readBlocks(rig, 1, 1)[0]);
            // Sector 33 does not exist on a 32-sector track any more.
            rig.chs(0, 0, 33, 1);
            rig.out(COMMAND, 0x20);
            assertEquals(DRDY | DSC | AtaRig.ERR, rig.waitNotBusy());
            assertEquals(AtaRig.IDNF, rig.in(AtaRig.ERROR));
            // A sector count of 0 (no sectors per track) is refused.
            rig.out(COUNT, 0);
            assertEquals(DRDY | DSC | AtaRig.ERR, rig.nonData(0x91));
            assertEquals(AtaRig.ABRT, rig.in(AtaRig.ERROR));
        }
    }

    @Test
    void writeSectorsThenReadBack() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            byte[][] fresh = {patternSector(1, 99), patternSector(2, 99), patternSector(3, 99)};
            rig.lba(0, 10, 3);
            rig.out(COMMAND, 0x30);
            assertEquals(BSY | DRDY | DSC, rig.altStatus(), "BSY right after the command");
            writeBlocks(rig, fresh, 1);
            assertEquals(3, rig.irqRaises, "an interrupt per sector, the last at completion");
            assertEquals(12, rig.in(LBA_LOW), "address of the last sector written");
            rig.lba(0, 9, 5);
            rig.out(COMMAND, 0x20);
            byte[][] back = readBlocks(rig, 5, 1);
            assertArrayEquals(patternSector(9, 0), back[0], "before the write: untouched");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(fresh[i], back[i + 1]);
            }
            assertArrayEquals(patternSector(13, 0), back[4], "after the write: untouched");
        }
    }

    @Test
    void writeDataIsIgnoredWithoutDrq() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 5, 1);
            rig.out(COMMAND, 0x30);
            rig.outw(0xDEAD);                            // still BSY: dropped
            rig.waitNotBusy();
            writeBlocks(rig, new byte[][] {patternSector(5, 42)}, 1);
            rig.outw(0xBEEF);                            // complete: dropped
            rig.lba(0, 5, 1);
            rig.out(COMMAND, 0x20);
            assertArrayEquals(patternSector(5, 42), readBlocks(rig, 1, 1)[0]);
        }
    }

    @Test
    void readAndWriteMultiple() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.out(COUNT, 4);
            assertEquals(DRDY | DSC, rig.nonData(0xC6), "SET MULTIPLE MODE 4");
            rig.irqRaises = 0;

            rig.lba(0, 100, 10);
            rig.out(COMMAND, 0xC4);
            byte[][] data = readBlocks(rig, 10, 4);
            assertEquals(3, rig.irqRaises, "blocks of 4, 4 and 2 sectors");
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(patternSector(100 + i, 0), data[i]);
            }

            rig.irqRaises = 0;
            byte[][] fresh = new byte[6][];
            for (int i = 0; i < 6; i++) {
                fresh[i] = patternSector(i, 7);
            }
            rig.lba(0, 200, 6);
            rig.out(COMMAND, 0xC5);
            writeBlocks(rig, fresh, 4);
            assertEquals(2, rig.irqRaises, "blocks of 4 and 2: DRQ for the second, then completion");

            rig.lba(0, 200, 6);
            rig.out(COMMAND, 0xC4);
            byte[][] back = readBlocks(rig, 6, 4);
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(fresh[i], back[i]);
            }
        }
    }

    @Test
    void multipleCommandsNeedSetMultipleMode() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 0, 1);
            rig.out(COMMAND, 0xC4);
            assertEquals(DRDY | DSC | AtaRig.ERR, rig.waitNotBusy(), "READ MULTIPLE while disabled");
            assertEquals(AtaRig.ABRT, rig.in(AtaRig.ERROR));
            rig.out(COMMAND, 0xC5);
            assertEquals(DRDY | DSC | AtaRig.ERR, rig.waitNotBusy(), "WRITE MULTIPLE while disabled");

            for (int bad : new int[] {3, 32, 0x80}) {
                rig.out(COUNT, 2);
                assertEquals(DRDY | DSC, rig.nonData(0xC6));
                rig.out(COUNT, bad);
                assertEquals(DRDY | DSC | AtaRig.ERR, rig.nonData(0xC6), "block size " + bad);
                assertEquals(AtaRig.ABRT, rig.in(AtaRig.ERROR));
                assertEquals(0, rig.identify()[59], "an unsupported block size disables multiple mode");
            }
            rig.out(COUNT, 16);
            assertEquals(DRDY | DSC, rig.nonData(0xC6));
            rig.out(COUNT, 0);
            assertEquals(DRDY | DSC, rig.nonData(0xC6), "0 disables");
            assertEquals(0, rig.identify()[59]);
        }
    }

    @Test
    void thirtyTwoBitDataAccessIsTwoWords() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 77, 1);
            rig.out(COMMAND, 0x20);
            rig.waitNotBusy();
            byte[] s = new byte[512];
            for (int i = 0; i < 512; i += 4) {
                int d = rig.bus.in(AtaRig.DATA, 4);
                for (int b = 0; b < 4; b++) {
                    s[i + b] = (byte) (d >>> (8 * b));
                }
            }
            assertArrayEquals(patternSector(77, 0), s);
            assertEquals(DRDY | DSC, rig.altStatus());

            rig.lba(0, 78, 1);
            rig.out(COMMAND, 0x30);
            rig.waitNotBusy();
            byte[] w = patternSector(0, 55);
            for (int i = 0; i < 512; i += 4) {
                rig.bus.out(AtaRig.DATA, 4, (w[i] & 0xFF) | (w[i + 1] & 0xFF) << 8 | (w[i + 2] & 0xFF) << 16
                        | (w[i + 3] & 0xFF) << 24);
            }
            rig.waitNotBusy();
            rig.lba(0, 78, 1);
            rig.out(COMMAND, 0x20);
            assertArrayEquals(w, readBlocks(rig, 1, 1)[0]);
            assertEquals(0xFF, rig.bus.in(AtaRig.DATA, 1), "no byte access to the data port");
        }
    }

    @Test
    void flushCacheMakesWritesReachTheFile() throws Exception {
        Path file = AtaRig.patterned(dir.resolve("disk.img"), SECTORS, 0);
        try (AtaRig rig = new AtaRig(DiskImage.open(file, DiskImage.Mode.READ_WRITE), null)) {
            String before = AtaRig.sha256(file);
            rig.lba(0, 300, 2);
            rig.out(COMMAND, 0x30);
            writeBlocks(rig, new byte[][] {patternSector(0, 1), patternSector(0, 2)}, 1);
            assertEquals(before, AtaRig.sha256(file), "written sectors wait in the drive's write cache");
            rig.irqRaises = 0;
            rig.out(COMMAND, 0xE7);
            assertEquals(BSY | DRDY | DSC, rig.altStatus());
            assertEquals(DRDY | DSC, rig.waitNotBusy());
            assertEquals(1, rig.irqRaises, "FLUSH CACHE completes with an interrupt");
            assertArrayEquals(patternSector(0, 1), AtaRig.fileSector(file, 300));
            assertArrayEquals(patternSector(0, 2), AtaRig.fileSector(file, 301));
            assertArrayEquals(patternSector(302, 0), AtaRig.fileSector(file, 302));
        }
    }

    @Test
    void slaveDeviceIsSelectedByTheDevBit() throws Exception {
        Path a = AtaRig.patterned(dir.resolve("a.img"), 64, 0);
        Path b = AtaRig.patterned(dir.resolve("b.img"), 128, 5);
        try (AtaRig rig = new AtaRig(DiskImage.open(a, DiskImage.Mode.READ_WRITE),
                DiskImage.open(b, DiskImage.Mode.READ_WRITE))) {
            rig.out(DEVICE, 0xB0);
            int[] w = rig.identify();
            assertEquals(128, w[60], "the slave's capacity");
            assertEquals("MXE1F0-1", AtaRig.ataString(w, 10, 4));
            rig.lba(1, 20, 1);
            rig.out(COMMAND, 0x20);
            assertArrayEquals(patternSector(20, 5), readBlocks(rig, 1, 1)[0], "data from the slave");

            // INTRQ is the selected device's: the slave's interrupt is invisible while the master is selected.
            rig.lba(1, 21, 1);
            rig.out(COMMAND, 0x20);
            rig.out(DEVICE, 0xA0);
            rig.advance(1_000_000);
            assertFalse(rig.irq, "master selected: the slave's INTRQ does not reach the line");
            assertEquals(DRDY | DSC, rig.in(STATUS), "the master is idle");
            rig.out(DEVICE, 0xB0);
            assertTrue(rig.irq, "slave selected again: its pending INTRQ shows");
            assertEquals(DRDY | DSC | DRQ, rig.in(STATUS));
            assertArrayEquals(patternSector(21, 5), rig.readSectorData());
        }
    }

    @Test
    void portIoDoesNotAllocate() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.out(COUNT, 16);
            rig.nonData(0xC6);
            long tid = Thread.currentThread().getId();
            // The JVM itself now and then allocates a few hundred bytes on a thread (compilation,
            // deoptimization); an allocation in the device's path would show in every round.
            long fewest = Long.MAX_VALUE;
            for (int round = 0; round < 10; round++) {
                long before = hotspot.getThreadAllocatedBytes(tid);
                for (int i = 0; i < 10; i++) {
                    transferWithoutAllocating(rig, i);
                }
                fewest = Math.min(fewest, hotspot.getThreadAllocatedBytes(tid) - before);
            }
            assertEquals(0, fewest, "bytes allocated by 10 WRITE+READ MULTIPLE and a FLUSH in the best round");
        }
    }

    /** WRITE MULTIPLE and READ MULTIPLE of 32 sectors, then FLUSH CACHE (file writes and fsync). */
    private static void transferWithoutAllocating(AtaRig rig, int i) {
        rig.lba(0, 64 + i, 32);
        rig.out(COMMAND, 0xC5);
        for (int block = 0; block < 2; block++) {
            rig.waitNotBusy();
            rig.in(STATUS);
            for (int w = 0; w < 16 * 256; w++) {
                rig.outw(w ^ i);
            }
        }
        rig.waitNotBusy();
        rig.lba(0, 64 + i, 32);
        rig.out(COMMAND, 0xC4);
        int sum = 0;
        for (int block = 0; block < 2; block++) {
            rig.waitNotBusy();
            rig.in(STATUS);
            for (int w = 0; w < 16 * 256; w++) {
                sum += rig.inw();
            }
        }
        assertNotEquals(-1, sum);
        rig.out(COMMAND, 0xE7);
        rig.waitNotBusy();
        rig.in(STATUS);
    }
}
