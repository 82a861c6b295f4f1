package org.minixemu.devices.ata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.minixemu.devices.EventQueue;
import org.minixemu.devices.IoBus;
import org.minixemu.devices.VirtualClock;

/**
 * A primary ATA channel on a bus, with a hand-driven virtual clock, a recorded IRQ 14 and
 * images whose sectors carry a recognisable pattern. Test code talks to the ports only.
 */
final class AtaRig implements AutoCloseable {
    static final int DATA = 0x1F0, ERROR = 0x1F1, FEATURES = 0x1F1, COUNT = 0x1F2, LBA_LOW = 0x1F3,
            LBA_MID = 0x1F4, LBA_HIGH = 0x1F5, DEVICE = 0x1F6, STATUS = 0x1F7, COMMAND = 0x1F7,
            ALT_STATUS = 0x3F6, DEVICE_CONTROL = 0x3F6;
    static final int BSY = 0x80, DRDY = 0x40, DF = 0x20, DSC = 0x10, DRQ = 0x08, ERR = 0x01;
    static final int ABRT = 0x04, IDNF = 0x10;

    final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
    final EventQueue queue = new EventQueue(clock);
    final IoBus bus = new IoBus();
    /** IRQ 14 as the PIC sees it: its level and the number of rising edges. */
    boolean irq;
    int irqRaises;
    final DiskImage master;
    final DiskImage slave;
    final AtaChannel channel;

    AtaRig(DiskImage master, DiskImage slave) {
        this.master = master;
        this.slave = slave;
        channel = AtaChannel.primary(queue, high -> {
            if (high && !irq) {
                irqRaises++;
            }
            irq = high;
        }, master, slave);
        channel.attachTo(bus);
    }

    /** A rig with one read-write master on a fresh patterned image of {@code sectors} sectors. */
    static AtaRig withImage(Path dir, long sectors) throws IOException, DiskImageException {
        return new AtaRig(DiskImage.open(patterned(dir.resolve("disk.img"), sectors, 0), DiskImage.Mode.READ_WRITE),
                null);
    }

    // ---- images ----

    /** The byte at offset {@code i} of sector {@code lba} of a patterned image with {@code seed}. */
    static byte pattern(long lba, int i, int seed) {
        if (i < 4) {
            return (byte) (lba >>> (8 * i));
        }
        return (byte) (lba * 31 + i * 7 + seed);
    }

    static byte[] patternSector(long lba, int seed) {
        byte[] s = new byte[512];
        for (int i = 0; i < 512; i++) {
            s[i] = pattern(lba, i, seed);
        }
        return s;
    }

    static Path patterned(Path file, long sectors, int seed) throws IOException {
        byte[] all = new byte[Math.toIntExact(sectors * 512)];
        for (long lba = 0; lba < sectors; lba++) {
            System.arraycopy(patternSector(lba, seed), 0, all, (int) lba * 512, 512);
        }
        Files.write(file, all);
        return file;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] fileSector(Path file, long lba) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] s = new byte[512];
        System.arraycopy(all, (int) lba * 512, s, 0, 512);
        return s;
    }

    // ---- ports ----

    int in(int port) {
        return bus.in(port, 1);
    }

    void out(int port, int value) {
        bus.out(port, 1, value);
    }

    int inw() {
        return bus.in(DATA, 2);
    }

    void outw(int value) {
        bus.out(DATA, 2, value);
    }

    int altStatus() {
        return in(ALT_STATUS);
    }

    // ---- time ----

    /**
     * Moves guest time forward by {@code nanos}, stopping at each deadline on the way to run what
     * is due then (as the machine ends its CPU slices at the next event).
     */
    void advance(long nanos) {
        long target = clock.nanos() + nanos;
        while (queue.nextDeadline() <= target) {
            clock.advanceTo(queue.nextDeadline());
            queue.runDue();
        }
        clock.advanceTo(target);
    }

    /** Polls the alternate status, jumping to each next event, until BSY clears. */
    int waitNotBusy() {
        for (int guard = 0; guard < 1000; guard++) {
            int status = altStatus();
            if ((status & BSY) == 0) {
                return status;
            }
            long next = queue.nextDeadline();
            if (next == Long.MAX_VALUE) {
                fail("BSY is set and nothing is scheduled to clear it");
            }
            clock.advanceTo(next);
            queue.runDue();
        }
        throw new AssertionError("BSY never cleared");
    }

    // ---- protocol helpers ----

    /** Loads LBA28 {@code lba} and {@code count} into the registers (device 0 or 1). */
    void lba(int dev, long lba, int count) {
        out(DEVICE, 0xE0 | dev << 4 | (int) (lba >>> 24) & 0x0F);
        out(COUNT, count);
        out(LBA_LOW, (int) lba & 0xFF);
        out(LBA_MID, (int) (lba >>> 8) & 0xFF);
        out(LBA_HIGH, (int) (lba >>> 16) & 0xFF);
    }

    /** Loads a CHS address and {@code count} into the registers of device 0. */
    void chs(int cylinder, int head, int sector, int count) {
        out(DEVICE, 0xA0 | head);
        out(COUNT, count);
        out(LBA_LOW, sector);
        out(LBA_MID, cylinder & 0xFF);
        out(LBA_HIGH, cylinder >>> 8);
    }

    /** Reads one 512-byte block through 16-bit data-port reads. */
    byte[] readSectorData() {
        byte[] s = new byte[512];
        for (int i = 0; i < 512; i += 2) {
            int w = inw();
            s[i] = (byte) w;
            s[i + 1] = (byte) (w >>> 8);
        }
        return s;
    }

    void writeSectorData(byte[] s) {
        for (int i = 0; i < 512; i += 2) {
            outw((s[i] & 0xFF) | (s[i + 1] & 0xFF) << 8);
        }
    }

    /** Runs a non-data command to completion and returns the final status (read through 0x1F7). */
    int nonData(int command) {
        out(COMMAND, command);
        waitNotBusy();
        return in(STATUS);
    }

    /** Issues IDENTIFY DEVICE and returns its 256 words. */
    int[] identify() {
        out(COMMAND, 0xEC);
        int status = waitNotBusy();
        assertEquals(DRDY | DSC | DRQ, status, "IDENTIFY: DRQ");
        in(STATUS);
        int[] words = new int[256];
        for (int i = 0; i < 256; i++) {
            words[i] = inw();
        }
        assertEquals(DRDY | DSC, in(STATUS), "IDENTIFY: done after 256 words");
        return words;
    }

    static String ataString(int[] words, int first, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            sb.append((char) (words[i] >>> 8)).append((char) (words[i] & 0xFF));
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        channel.closeImages();
    }
}
