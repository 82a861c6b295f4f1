package org.minixemu.devices.ata;

import java.io.IOException;
import org.minixemu.devices.DeviceSnapshot;
import org.minixemu.devices.EventQueue;
import org.minixemu.devices.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ATA device (device 0 or 1 of a channel): its copy of the command block registers, its
 * status, its INTRQ, and the commands it runs. {@link AtaChannel} decodes the ports and selects
 * the device; this class follows the command protocols of ATA/ATAPI-4..7 for PIO:
 *
 * <ul>
 *   <li>Every command first sets BSY; the work happens when the drive's timer fires
 *       {@link #COMMAND_NANOS} of guest time later.</li>
 *   <li>PIO data-in (READ SECTOR(S), READ MULTIPLE, IDENTIFY DEVICE): for each DRQ block the
 *       device stays BSY while it fetches the block ({@link #SECTOR_NANOS} per sector), then
 *       clears BSY, sets DRQ and asserts INTRQ. When the host has read the block, DRQ clears and
 *       either BSY is set for the next block or, after the last, the command is complete (no
 *       interrupt at the end).</li>
 *   <li>PIO data-out (WRITE SECTOR(S), WRITE MULTIPLE): DRQ for the first block comes without an
 *       interrupt; after each block the device is BSY while it writes the block, then asserts
 *       INTRQ with DRQ set for the next block, or with DRQ clear when the command is done.</li>
 *   <li>Non-data commands (SET MULTIPLE MODE, INITIALIZE DEVICE PARAMETERS, FLUSH CACHE,
 *       EXECUTE DEVICE DIAGNOSTIC) and every error end with BSY clear and INTRQ.</li>
 * </ul>
 *
 * <p>After a READ or WRITE, the address registers hold the address of the last sector
 * transferred and the sector count the sectors not transferred (as ATA-1..3 describe; later
 * standards leave them unspecified); after an error, the address of the first sector that
 * failed. The whole range of a command is checked before any data moves: a range that does not
 * fit the medium (or a CHS address outside the current translation) fails with IDNF at once.
 */
final class AtaDrive {
    private static final Logger LOG = LoggerFactory.getLogger(AtaDrive.class);

    static final int SECTOR = DiskImage.SECTOR_SIZE;
    /** The largest READ/WRITE MULTIPLE block (IDENTIFY word 47). */
    static final int MAX_MULTIPLE = 16;

    /** Status register bits. */
    static final int BSY = 0x80, DRDY = 0x40, DF = 0x20, DSC = 0x10, DRQ = 0x08, ERR = 0x01;
    /** Error register bits, and the diagnostic code "device 0 passed, device 1 passed or absent". */
    static final int UNC = 0x40, IDNF = 0x10, ABRT = 0x04, DIAGNOSTIC_PASSED = 0x01;
    /** Device/head register bits. */
    static final int DEV_LBA = 0x40, DEV_SELECT = 0x10;

    /** Commands. */
    static final int READ_SECTORS = 0x20, READ_SECTORS_NO_RETRY = 0x21;
    static final int WRITE_SECTORS = 0x30, WRITE_SECTORS_NO_RETRY = 0x31;
    static final int EXECUTE_DEVICE_DIAGNOSTIC = 0x90, INITIALIZE_DEVICE_PARAMETERS = 0x91;
    static final int READ_MULTIPLE = 0xC4, WRITE_MULTIPLE = 0xC5, SET_MULTIPLE_MODE = 0xC6;
    static final int FLUSH_CACHE = 0xE7, IDENTIFY_DEVICE = 0xEC;

    /** Guest time from writing a command to its execution (BSY meanwhile). */
    static final long COMMAND_NANOS = 5_000;
    /** Guest time to move one sector between medium and buffer (BSY meanwhile). */
    static final long SECTOR_NANOS = 2_000;
    /** Guest time from the end of a soft reset (SRST cleared) until BSY clears. */
    static final long RESET_NANOS = 50_000;

    /** The model number, serial and firmware revision in IDENTIFY DEVICE. */
    static final String MODEL = "minix-emu ATA disk";
    static final String FIRMWARE = "0.1";
    /** The largest CHS capacity (16383 * 16 * 63), the limit of IDENTIFY words 54-58. */
    static final long MAX_CHS_SECTORS = 16_514_064L;

    private static final int STEP_NONE = 0, STEP_EXECUTE = 1, STEP_READ_BLOCK = 2, STEP_WRITE_BLOCK = 3,
            STEP_RESET = 4, STEP_DIAGNOSTIC = 5;
    private static final int XFER_NONE = 0, XFER_IN = 1, XFER_OUT = 2;

    private final AtaChannel channel;
    private final int unit;
    private final DiskImage image;
    private final long sectors;
    private final String serial;
    private final Timer timer;

    /** The command block registers as this device holds them. */
    int error = DIAGNOSTIC_PASSED;
    int features;
    int sectorCount = 1;
    int lbaLow = 1;
    int lbaMid;
    int lbaHigh;
    int device;
    int status = DRDY | DSC;
    int command;
    /** The device's interrupt request (the channel gates it with selection and nIEN). */
    boolean intrq;

    /** The default (IDENTIFY words 1, 3, 6) and current (words 54-56) CHS translations. */
    final int defaultCylinders;
    final int defaultHeads;
    final int defaultSectors;
    int cylinders;
    int heads;
    int sectorsPerTrack;
    /** The READ/WRITE MULTIPLE block size, 0 while disabled (the power-on default). */
    int multiple;

    /**
     * The parameters as they were when the command was written: the device latches them then, so
     * register writes while it is busy (which the host should not make) cannot change a command.
     */
    private int argCount;
    private int argLow;
    private int argMid;
    private int argHigh;
    private int argDevice;

    /** The command in progress. */
    private int step = STEP_NONE;
    private int transfer = XFER_NONE;
    private long nextLba;
    private int remaining;
    private int blockSectors;
    private boolean lbaMode;
    private final byte[] buffer = new byte[MAX_MULTIPLE * SECTOR];
    private int dataPos;
    private int dataEnd;

    AtaDrive(AtaChannel channel, int unit, DiskImage image, EventQueue queue, String serial) {
        this.channel = channel;
        this.unit = unit;
        this.image = image;
        this.sectors = image.sectors();
        if (sectors < 1 || sectors > DiskImage.MAX_SECTORS) {
            throw new IllegalArgumentException(image.name() + ": " + sectors + " sectors is outside 1-"
                    + DiskImage.MAX_SECTORS + " (LBA28)");
        }
        this.serial = serial;
        this.timer = queue.timer(channel.name() + " " + unitName(), this::fire);
        int[] chs = defaultGeometry(sectors);
        defaultCylinders = chs[0];
        defaultHeads = chs[1];
        defaultSectors = chs[2];
        cylinders = defaultCylinders;
        heads = defaultHeads;
        sectorsPerTrack = defaultSectors;
    }

    /**
     * The default CHS translation: 16 heads and 63 sectors per track, cylinders from the capacity
     * capped at 16383 (ATA's rule for devices above 1,032,192 sectors, and QEMU's choice). An image
     * too small for one such cylinder gets a geometry that fits inside it: up to 63 sectors per
     * track, up to 16 heads, at least one cylinder.
     */
    static int[] defaultGeometry(long sectors) {
        int spt = 63;
        int heads = 16;
        if (sectors < (long) spt * heads) {
            spt = (int) Math.min(63, sectors);
            heads = (int) Math.min(16, sectors / spt);
        }
        long cylinders = Math.min(16383, Math.min(sectors, MAX_CHS_SECTORS) / ((long) heads * spt));
        return new int[] {(int) cylinders, heads, spt};
    }

    String unitName() {
        return unit == 0 ? "master" : "slave";
    }

    DiskImage image() {
        return image;
    }

    // ---- register access from the channel ----

    /** The status register as the host reads it through the command block (clears INTRQ). */
    int readStatus() {
        if (intrq) {
            intrq = false;
            channel.updateIrq();
        }
        return status;
    }

    /** The command register: starts {@code code} unless the device is busy (then it is ignored). */
    void writeCommand(int code) {
        if (intrq) {
            intrq = false;
            channel.updateIrq();
        }
        if ((status & (BSY | DRQ)) != 0) {
            return;
        }
        command = code;
        argCount = sectorCount;
        argLow = lbaLow;
        argMid = lbaMid;
        argHigh = lbaHigh;
        argDevice = device;
        error = 0;
        status = BSY | DRDY | DSC;
        transfer = XFER_NONE;
        schedule(STEP_EXECUTE, COMMAND_NANOS);
    }

    /** A 16-bit read of the data register: the next word of a data-in block, else 0. */
    int readData() {
        if (transfer != XFER_IN || (status & (BSY | DRQ)) != DRQ) {
            return 0;
        }
        int word = (buffer[dataPos] & 0xFF) | (buffer[dataPos + 1] & 0xFF) << 8;
        dataPos += 2;
        if (dataPos >= dataEnd) {
            if (remaining > 0) {
                status = BSY | DRDY | DSC;
                schedule(STEP_READ_BLOCK, Math.min(blockSectors, remaining) * SECTOR_NANOS);
            } else {
                transfer = XFER_NONE;
                status = DRDY | DSC;
            }
        }
        return word;
    }

    /** A 16-bit write of the data register: the next word of a data-out block, else ignored. */
    void writeData(int word) {
        if (transfer != XFER_OUT || (status & (BSY | DRQ)) != DRQ) {
            return;
        }
        buffer[dataPos] = (byte) word;
        buffer[dataPos + 1] = (byte) (word >>> 8);
        dataPos += 2;
        if (dataPos >= dataEnd) {
            status = BSY | DRDY | DSC;
            schedule(STEP_WRITE_BLOCK, (dataEnd / SECTOR) * SECTOR_NANOS);
        }
    }

    /** SRST set: BSY at once, any command abandoned, INTRQ negated. */
    void beginReset() {
        timer.cancel();
        step = STEP_NONE;
        transfer = XFER_NONE;
        intrq = false;
        status = BSY;
    }

    /** SRST cleared: the device finishes its reset {@link #RESET_NANOS} later. */
    void endReset() {
        schedule(STEP_RESET, RESET_NANOS);
    }

    /** EXECUTE DEVICE DIAGNOSTIC, which both devices run (even when device 1 is selected). */
    void startDiagnostic() {
        if (intrq) {
            intrq = false;
            channel.updateIrq();
        }
        if ((status & (BSY | DRQ)) != 0) {
            return;
        }
        command = EXECUTE_DEVICE_DIAGNOSTIC;
        status = BSY;
        transfer = XFER_NONE;
        schedule(STEP_DIAGNOSTIC, COMMAND_NANOS);
    }

    // ---- command execution ----

    private void schedule(int next, long nanos) {
        step = next;
        timer.after(nanos);
    }

    private void fire() {
        int s = step;
        step = STEP_NONE;
        switch (s) {
            case STEP_EXECUTE -> execute();
            case STEP_READ_BLOCK -> readBlock();
            case STEP_WRITE_BLOCK -> writeBlock();
            case STEP_RESET -> resetDone();
            case STEP_DIAGNOSTIC -> diagnosticDone();
            default -> { }
        }
    }

    private void execute() {
        switch (command) {
            case IDENTIFY_DEVICE -> identify();
            case READ_SECTORS, READ_SECTORS_NO_RETRY -> startRead(1);
            case WRITE_SECTORS, WRITE_SECTORS_NO_RETRY -> startWrite(1);
            case READ_MULTIPLE -> {
                if (multiple == 0) {
                    fail(ABRT);
                } else {
                    startRead(multiple);
                }
            }
            case WRITE_MULTIPLE -> {
                if (multiple == 0) {
                    fail(ABRT);
                } else {
                    startWrite(multiple);
                }
            }
            case SET_MULTIPLE_MODE -> setMultipleMode();
            case INITIALIZE_DEVICE_PARAMETERS -> initializeDeviceParameters();
            case FLUSH_CACHE -> flushCache();
            default -> fail(ABRT);
        }
    }

    private void identify() {
        fillIdentify();
        remaining = 0;
        beginDataIn(SECTOR);
    }

    private void startRead(int block) {
        if (decodeRange()) {
            blockSectors = block;
            transfer = XFER_IN;
            status = BSY | DRDY | DSC;
            schedule(STEP_READ_BLOCK, Math.min(blockSectors, remaining) * SECTOR_NANOS);
        }
    }

    private void readBlock() {
        int n = Math.min(blockSectors, remaining);
        try {
            image.read(nextLba, buffer, 0, n);
        } catch (IOException e) {
            LOG.warn("{} {}: read of {} sectors at LBA {} failed: {}", channel.name(), unitName(), n, nextLba,
                    e.getMessage());
            setAddress(nextLba);
            fail(UNC);
            return;
        }
        advance(n);
        beginDataIn(n * SECTOR);
    }

    private void beginDataIn(int bytes) {
        transfer = XFER_IN;
        dataPos = 0;
        dataEnd = bytes;
        status = DRDY | DSC | DRQ;
        interrupt();
    }

    private void startWrite(int block) {
        if (decodeRange()) {
            blockSectors = block;
            beginDataOut();
            // The first DRQ block of a data-out command comes without an interrupt.
        }
    }

    private void beginDataOut() {
        transfer = XFER_OUT;
        dataPos = 0;
        dataEnd = Math.min(blockSectors, remaining) * SECTOR;
        status = DRDY | DSC | DRQ;
    }

    private void writeBlock() {
        int n = dataEnd / SECTOR;
        try {
            image.write(nextLba, buffer, 0, n);
        } catch (IOException e) {
            LOG.warn("{} {}: write of {} sectors at LBA {} failed: {}", channel.name(), unitName(), n, nextLba,
                    e.getMessage());
            setAddress(nextLba);
            fail(ABRT, DF);
            return;
        }
        advance(n);
        if (remaining > 0) {
            beginDataOut();
        } else {
            transfer = XFER_NONE;
            status = DRDY | DSC;
        }
        interrupt();
    }

    /** After {@code n} sectors moved: the registers show the last one and what is left. */
    private void advance(int n) {
        setAddress(nextLba + n - 1);
        nextLba += n;
        remaining -= n;
        sectorCount = remaining & 0xFF;
    }

    /**
     * Decodes the start address (LBA28 or CHS per the LBA bit) and the count (0 means 256) into
     * {@link #nextLba} and {@link #remaining}; fails with IDNF if any sector of the range does
     * not exist, leaving the first missing sector's address in the registers.
     */
    private boolean decodeRange() {
        remaining = argCount == 0 ? 256 : argCount;
        lbaMode = (argDevice & DEV_LBA) != 0;
        long lba;
        if (lbaMode) {
            lba = (long) (argDevice & 0x0F) << 24 | argHigh << 16 | argMid << 8 | argLow;
        } else {
            int cylinder = argHigh << 8 | argMid;
            int head = argDevice & 0x0F;
            int sector = argLow;
            if (sector == 0 || sector > sectorsPerTrack || head >= heads || cylinder >= cylinders) {
                fail(IDNF);
                return false;
            }
            lba = ((long) cylinder * heads + head) * sectorsPerTrack + sector - 1;
        }
        if (lba + remaining > sectors) {
            setAddress(Math.max(lba, sectors));
            fail(IDNF);
            return false;
        }
        nextLba = lba;
        return true;
    }

    /** Puts {@code lba} into the address registers, as LBA or as CHS like the command used. */
    private void setAddress(long lba) {
        if (lbaMode) {
            lbaLow = (int) lba & 0xFF;
            lbaMid = (int) (lba >>> 8) & 0xFF;
            lbaHigh = (int) (lba >>> 16) & 0xFF;
            device = (device & 0xF0) | (int) (lba >>> 24) & 0x0F;
        } else {
            long perCylinder = (long) heads * sectorsPerTrack;
            long cylinder = lba / perCylinder;
            int rest = (int) (lba % perCylinder);
            lbaLow = rest % sectorsPerTrack + 1;
            lbaMid = (int) cylinder & 0xFF;
            lbaHigh = (int) (cylinder >>> 8) & 0xFF;
            device = (device & 0xF0) | rest / sectorsPerTrack & 0x0F;
        }
    }

    /** SET MULTIPLE MODE: 0 disables; 1, 2, 4, 8 and 16 are supported; anything else aborts. */
    private void setMultipleMode() {
        int count = argCount;
        if (count == 0 || (count <= MAX_MULTIPLE && Integer.bitCount(count) == 1)) {
            multiple = count;
            complete();
        } else {
            multiple = 0;
            fail(ABRT);
        }
    }

    /**
     * INITIALIZE DEVICE PARAMETERS: sectors per track from the sector count (0 aborts), heads from
     * the device register's head field plus one; cylinders follow from the capacity (at most the
     * CHS limit of 16,514,064 sectors, at most 65535 cylinders).
     */
    private void initializeDeviceParameters() {
        if (argCount == 0) {
            fail(ABRT);
            return;
        }
        sectorsPerTrack = argCount;
        heads = (argDevice & 0x0F) + 1;
        cylinders = (int) Math.min(65535, Math.min(sectors, MAX_CHS_SECTORS) / ((long) heads * sectorsPerTrack));
        complete();
    }

    private void flushCache() {
        try {
            image.flush();
        } catch (IOException e) {
            LOG.warn("{} {}: FLUSH CACHE failed: {}", channel.name(), unitName(), e.getMessage());
            fail(ABRT, DF);
            return;
        }
        complete();
    }

    private void resetDone() {
        signature();
        status = DRDY | DSC;
        channel.deviceReset();
    }

    private void diagnosticDone() {
        signature();
        status = DRDY | DSC;
        channel.deviceReset();
        if (unit == 0) {
            interrupt();   // device 0 reports for both; device 1 never interrupts for it
        }
    }

    /** The ATA signature of reset and diagnostics, with "passed" in the error register. */
    private void signature() {
        transfer = XFER_NONE;
        error = DIAGNOSTIC_PASSED;
        sectorCount = 1;
        lbaLow = 1;
        lbaMid = 0;
        lbaHigh = 0;
        device = 0;
    }

    private void complete() {
        transfer = XFER_NONE;
        status = DRDY | DSC;
        interrupt();
    }

    private void fail(int errorBits) {
        fail(errorBits, 0);
    }

    private void fail(int errorBits, int extraStatus) {
        transfer = XFER_NONE;
        error = errorBits;
        status = DRDY | DSC | ERR | extraStatus;
        interrupt();
    }

    private void interrupt() {
        intrq = true;
        channel.updateIrq();
    }

    // ---- IDENTIFY DEVICE ----

    /** Builds the 256-word IDENTIFY DEVICE block in the data buffer (little-endian words). */
    private void fillIdentify() {
        java.util.Arrays.fill(buffer, 0, SECTOR, (byte) 0);
        word(0, 0x0040);                          // ATA device, fixed (not removable)
        word(1, defaultCylinders);
        word(2, 0xC837);                          // no spin-up SET FEATURES needed, response complete
        word(3, defaultHeads);
        word(6, defaultSectors);
        string(10, 20, serial);
        string(23, 8, FIRMWARE);
        string(27, 40, MODEL);
        word(47, 0x8000 | MAX_MULTIPLE);          // READ/WRITE MULTIPLE blocks up to 16 sectors
        word(49, 1 << 9);                         // LBA supported (no DMA, no IORDY claims)
        word(50, 0x4000);                         // bit 14 shall be one
        word(51, 0x0200);                         // PIO mode 2 (obsolete timing word)
        word(53, 0x0001);                         // words 54-58 are valid
        word(54, cylinders);
        word(55, heads);
        word(56, sectorsPerTrack);
        long chsCapacity = (long) cylinders * heads * sectorsPerTrack;
        word(57, (int) chsCapacity);
        word(58, (int) (chsCapacity >>> 16));
        word(59, multiple == 0 ? 0 : 0x0100 | multiple);
        word(60, (int) sectors);
        word(61, (int) (sectors >>> 16));
        word(82, 0);                              // none of the word 82 feature sets
        word(83, 0x4000 | 1 << 12);               // bit 14 shall be one; FLUSH CACHE supported
        word(84, 0x4000);
        word(85, 0);
        word(86, 1 << 12);                        // FLUSH CACHE enabled
        word(87, 0x4000);
        // Word 255: signature A5h and the checksum that makes all 512 bytes sum to 0 mod 256.
        buffer[510] = (byte) 0xA5;
        int sum = 0;
        for (int i = 0; i < 511; i++) {
            sum += buffer[i] & 0xFF;
        }
        buffer[511] = (byte) -sum;
    }

    private void word(int index, int value) {
        buffer[2 * index] = (byte) value;
        buffer[2 * index + 1] = (byte) (value >>> 8);
    }

    /** An ATA string: space padded, two characters a word with the first in the high byte. */
    private void string(int firstWord, int length, String text) {
        for (int i = 0; i < length; i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            buffer[2 * firstWord + (i ^ 1)] = (byte) c;
        }
    }

    // ---- debugger ----

    void describe(DeviceSnapshot.Builder b) {
        String p = unitName() + " ";
        b.hex8(p + "status", status)
                .hex8(p + "error", error)
                .hex8(p + "features", features)
                .hex8(p + "sector count", sectorCount)
                .hex8(p + "LBA low", lbaLow)
                .hex8(p + "LBA mid", lbaMid)
                .hex8(p + "LBA high", lbaHigh)
                .hex8(p + "device", device)
                .hex8(p + "command", command)
                .value(p + "INTRQ", intrq)
                .value(p + "transfer", transferDescription())
                .value(p + "multiple", multiple == 0 ? "off" : multiple)
                .value(p + "CHS", cylinders + "/" + heads + "/" + sectorsPerTrack)
                .value(p + "image", image);
    }

    private String transferDescription() {
        return switch (transfer) {
            case XFER_IN -> "in, LBA " + nextLba + ", " + (dataEnd - dataPos) / 2 + " words of block left, "
                    + remaining + " sectors after it";
            case XFER_OUT -> "out, LBA " + nextLba + ", " + (dataEnd - dataPos) / 2 + " words of block left, "
                    + remaining + " sectors in all";
            default -> "none";
        };
    }
}
