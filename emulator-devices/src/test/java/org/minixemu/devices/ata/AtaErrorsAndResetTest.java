package org.minixemu.devices.ata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.ata.AtaRig.ABRT;
import static org.minixemu.devices.ata.AtaRig.ALT_STATUS;
import static org.minixemu.devices.ata.AtaRig.BSY;
import static org.minixemu.devices.ata.AtaRig.COMMAND;
import static org.minixemu.devices.ata.AtaRig.COUNT;
import static org.minixemu.devices.ata.AtaRig.DEVICE;
import static org.minixemu.devices.ata.AtaRig.DEVICE_CONTROL;
import static org.minixemu.devices.ata.AtaRig.DRDY;
import static org.minixemu.devices.ata.AtaRig.DRQ;
import static org.minixemu.devices.ata.AtaRig.DSC;
import static org.minixemu.devices.ata.AtaRig.ERR;
import static org.minixemu.devices.ata.AtaRig.ERROR;
import static org.minixemu.devices.ata.AtaRig.IDNF;
import static org.minixemu.devices.ata.AtaRig.LBA_HIGH;
import static org.minixemu.devices.ata.AtaRig.LBA_LOW;
import static org.minixemu.devices.ata.AtaRig.LBA_MID;
import static org.minixemu.devices.ata.AtaRig.STATUS;
import static org.minixemu.devices.ata.AtaRig.patternSector;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.DeviceSnapshot;

/** Errors (IDNF, ABRT), interrupt masking, soft reset, diagnostics and a missing device 1. */
class AtaErrorsAndResetTest {
    private static final int SECTORS = 2048;

    @TempDir
    Path dir;

    private static long address(AtaRig rig) {
        return (rig.in(DEVICE) & 0x0F) << 24 | rig.in(LBA_HIGH) << 16 | rig.in(LBA_MID) << 8 | rig.in(LBA_LOW);
    }

    @Test
    void readBeyondTheEndIsIdnf() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, SECTORS - 1, 2);            // the last sector exists, the one after does not
            rig.out(COMMAND, 0x20);
            assertEquals(DRDY | DSC | ERR, rig.waitNotBusy(), "error, and no DRQ: no data moves");
            assertEquals(1, rig.irqRaises, "the error ends the command with an interrupt");
            assertEquals(IDNF, rig.in(ERROR));
            assertEquals(SECTORS, address(rig), "the registers hold the first sector that does not exist");
            assertEquals(0, rig.inw());

            rig.lba(0, 0x0ABCDEF, 1);
            rig.out(COMMAND, 0x20);
            assertEquals(DRDY | DSC | ERR, rig.waitNotBusy());
            assertEquals(IDNF, rig.in(ERROR));
            assertEquals(0x0ABCDEF, address(rig));

            // The next good command clears the error.
            rig.lba(0, SECTORS - 1, 1);
            rig.out(COMMAND, 0x20);
            assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy());
            assertEquals(0, rig.in(ERROR));
            assertArrayEquals(patternSector(SECTORS - 1, 0), rig.readSectorData());
        }
    }

    @Test
    void writeBeyondTheEndIsIdnfAndChangesNothing() throws Exception {
        Path file = AtaRig.patterned(dir.resolve("disk.img"), SECTORS, 0);
        String before = AtaRig.sha256(file);
        try (AtaRig rig = new AtaRig(DiskImage.open(file, DiskImage.Mode.READ_WRITE), null)) {
            rig.lba(0, SECTORS - 2, 3);
            rig.out(COMMAND, 0x30);
            assertEquals(DRDY | DSC | ERR, rig.waitNotBusy(), "refused before any DRQ");
            assertEquals(IDNF, rig.in(ERROR));
            rig.writeSectorData(patternSector(0, 9));   // dropped: no DRQ
            assertEquals(DRDY | DSC | ERR, rig.in(STATUS));
        }
        assertEquals(before, AtaRig.sha256(file));
    }

    @Test
    void chsOutsideTheTranslationIsIdnf() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            int[][] bad = {{0, 0, 0}, {0, 0, 64}, {2, 0, 1}};   // sector 0, sector 64, cylinder 2 of 2
            for (int[] chs : bad) {
                rig.chs(chs[0], chs[1], chs[2], 1);
                rig.out(COMMAND, 0x20);
                assertEquals(DRDY | DSC | ERR, rig.waitNotBusy(), "C/H/S " + chs[0] + "/" + chs[1] + "/" + chs[2]);
                assertEquals(IDNF, rig.in(ERROR));
            }
        }
    }

    @Test
    void unknownCommandIsAborted() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            for (int command : new int[] {0x00, 0x24, 0xA1, 0xC8, 0xEF, 0xFF}) {
                rig.irqRaises = 0;
                rig.out(COMMAND, command);
                assertEquals(BSY, rig.altStatus() & BSY);
                assertEquals(DRDY | DSC | ERR, rig.waitNotBusy(), String.format("command %02X", command));
                assertEquals(ABRT, rig.in(ERROR));
                assertEquals(1, rig.irqRaises);
                assertEquals(DRDY | DSC | ERR, rig.in(STATUS));
            }
        }
    }

    @Test
    void alternateStatusLeavesTheInterruptPending() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.out(COUNT, 1);
            rig.out(COMMAND, 0xE7);
            rig.waitNotBusy();
            assertTrue(rig.irq);
            for (int i = 0; i < 5; i++) {
                assertEquals(DRDY | DSC, rig.in(ALT_STATUS));
                assertTrue(rig.irq, "alternate status does not negate INTRQ");
            }
            assertEquals(DRDY | DSC, rig.in(STATUS));
            assertFalse(rig.irq, "status does");
            assertEquals(1, rig.irqRaises);
        }
    }

    @Test
    void writingTheCommandRegisterNegatesThePendingInterrupt() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.nonData(0xE7);
            rig.out(COMMAND, 0xE7);
            rig.waitNotBusy();
            assertTrue(rig.irq);
            rig.out(COMMAND, 0xE7);
            assertFalse(rig.irq, "a new command negates INTRQ");
            rig.waitNotBusy();
            assertTrue(rig.irq);
        }
    }

    @Test
    void nienMasksTheInterrupt() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.out(DEVICE_CONTROL, 0x02);
            rig.lba(0, 4, 2);
            rig.out(COMMAND, 0x20);
            assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy(), "the command runs as usual");
            assertEquals(0, rig.irqRaises, "nIEN: the line stays low");
            assertFalse(rig.irq);
            rig.out(DEVICE_CONTROL, 0x00);
            assertTrue(rig.irq, "the pending INTRQ shows once nIEN is cleared");
            assertEquals(DRDY | DSC | DRQ, rig.in(STATUS));
            assertFalse(rig.irq);
            rig.out(DEVICE_CONTROL, 0x02);
            assertArrayEquals(patternSector(4, 0), rig.readSectorData());
            assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy());
            assertEquals(1, rig.irqRaises, "the second block's interrupt is masked too");
            assertArrayEquals(patternSector(5, 0), rig.readSectorData());
        }
    }

    @Test
    void softResetAbortsTheCommandAndLeavesTheSignature() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.out(COUNT, 4);
            rig.nonData(0xC6);
            rig.lba(0, 40, 3);
            rig.out(COMMAND, 0x20);
            assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy());
            assertTrue(rig.irq);
            rig.inw();

            rig.out(DEVICE_CONTROL, 0x04);                 // SRST
            assertEquals(BSY, rig.altStatus() & BSY, "BSY while SRST is set");
            assertFalse(rig.irq, "reset negates INTRQ");
            rig.advance(10 * AtaDrive.RESET_NANOS);
            assertEquals(BSY, rig.altStatus() & BSY, "still BSY: the reset ends when SRST is cleared");
            rig.out(DEVICE_CONTROL, 0x00);
            rig.advance(AtaDrive.RESET_NANOS - 1);
            assertEquals(BSY, rig.altStatus() & BSY);
            rig.advance(1);
            assertEquals(DRDY | DSC, rig.altStatus(), "ready, DRQ gone");
            assertEquals(2, rig.irqRaises, "no interrupt for a soft reset (2 were before it)");
            assertEquals(0x01, rig.in(ERROR), "diagnostic code: passed");
            assertEquals(0x01, rig.in(COUNT), "signature: sector count 1");
            assertEquals(0x01, rig.in(LBA_LOW), "signature: LBA low 1");
            assertEquals(0x00, rig.in(LBA_MID), "signature: LBA mid 0 (ATA, not ATAPI)");
            assertEquals(0x00, rig.in(LBA_HIGH), "signature: LBA high 0");
            assertEquals(0x00, rig.in(DEVICE), "device register 0: device 0 selected");
            assertEquals(0, rig.inw(), "the aborted transfer's data is gone");
            assertEquals(0x0104, rig.identify()[59], "the multiple setting survives a soft reset");
        }
    }

    @Test
    void commandsAreIgnoredWhileBusy() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 3, 1);
            rig.out(COMMAND, 0x20);
            rig.out(COMMAND, 0xEC);                          // BSY: ignored
            assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy());
            rig.out(COMMAND, 0xEC);                          // DRQ: ignored
            assertArrayEquals(patternSector(3, 0), rig.readSectorData(), "the READ's data, not IDENTIFY's");
            assertEquals(DRDY | DSC, rig.altStatus());
        }
    }

    @Test
    void registerWritesWhileBusyDoNotChangeTheCommand() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 600, 1);
            rig.out(COMMAND, 0x20);
            rig.lba(0, 9, 4);                                 // too late: the command latched 600+1
            rig.out(DEVICE, 0xA0);                            // and LBA mode
            assertEquals(DRDY | DSC | DRQ, rig.waitNotBusy());
            assertArrayEquals(patternSector(600, 0), rig.readSectorData());
            assertEquals(DRDY | DSC, rig.altStatus(), "one sector, as latched");
        }
    }

    @Test
    void missingSlaveReadsStatusZeroAndIgnoresCommands() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.out(COUNT, 0x55);
            rig.out(DEVICE, 0xB0);                            // select device 1: absent
            assertEquals(0x00, rig.in(STATUS), "status of a missing device 1");
            assertEquals(0x00, rig.in(ALT_STATUS), "alternate status too");
            assertEquals(0x55, rig.in(COUNT), "other registers read as device 0's");
            assertEquals(0xB0, rig.in(DEVICE));
            assertEquals(0x01, rig.in(ERROR));
            rig.out(AtaRig.LBA_LOW, 0xAA);                    // reaches device 0
            rig.out(COMMAND, 0xEC);
            assertEquals(0x00, rig.altStatus(), "the command is ignored");
            rig.advance(1_000_000);
            assertEquals(0, rig.irqRaises);
            assertEquals(0, rig.inw());
            rig.out(DEVICE, 0xA0);
            assertEquals(DRDY | DSC, rig.in(STATUS), "device 0 never saw the command");
            assertEquals(0xAA, rig.in(AtaRig.LBA_LOW));
            assertEquals(0, rig.irqRaises);
        }
    }

    @Test
    void executeDeviceDiagnostic() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(1, 0x123456, 9);                          // device 1 selected, and it is absent
            rig.out(COMMAND, 0x90);
            assertEquals(0x00, rig.altStatus(), "device 1 is still selected and absent");
            rig.out(DEVICE, 0xA0);
            assertEquals(BSY, rig.altStatus() & BSY, "device 0 runs it even so");
            assertEquals(DRDY | DSC, rig.waitNotBusy());
            assertEquals(1, rig.irqRaises, "device 0 interrupts");
            assertEquals(0x01, rig.in(ERROR), "passed, device 1 absent");
            assertEquals(0x01, rig.in(COUNT));
            assertEquals(0x01, rig.in(LBA_LOW));
            assertEquals(0x00, rig.in(LBA_MID));
            assertEquals(0x00, rig.in(LBA_HIGH));
            assertEquals(0x00, rig.in(DEVICE));
        }
    }

    @Test
    void snapshotShowsTheRegisters() throws Exception {
        try (AtaRig rig = AtaRig.withImage(dir, SECTORS)) {
            rig.lba(0, 0x10203, 7);
            DeviceSnapshot s = rig.channel.snapshot();
            assertEquals("ATA primary", s.device());
            assertEquals("07", s.registers().get("master sector count"));
            assertEquals("03", s.registers().get("master LBA low"));
            assertEquals("E0", s.registers().get("master device"));
            assertEquals("50", s.registers().get("master status"));
            assertEquals("absent", s.registers().get("slave"));
            assertEquals("2/16/63", s.registers().get("master CHS"));
        }
    }
}
