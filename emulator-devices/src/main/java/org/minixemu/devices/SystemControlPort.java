package org.minixemu.devices;

/**
 * The AT's system control port B at 0x61 (the 8255 PPI port B of the PC/XT, kept by every later
 * chipset):
 * <ul>
 *   <li>bit 0 (read/write): GATE of PIT counter 2;</li>
 *   <li>bit 1 (read/write): speaker data, ANDed with counter 2's OUT to drive the speaker (no
 *       sound is modelled; the bit is kept);</li>
 *   <li>bits 2-3 (read/write): parity and I/O channel check disables, kept and read back;</li>
 *   <li>bit 4 (read only): the refresh-detect toggle, which flips on every DRAM refresh request,
 *       once per 15.0857 us (18 PIT input pulses, 216 periods of the 14.31818 MHz crystal);
 *       BIOSes and drivers poll it for short delays;</li>
 *   <li>bit 5 (read only): PIT counter 2's OUT;</li>
 *   <li>bits 6-7 (read only): I/O channel check and parity error, never set here.</li>
 * </ul>
 * Bits 4 and 5 are computed from guest time when read. (QEMU's model reads bits 2-3 as 0.)
 */
public final class SystemControlPort implements IoDevice, Inspectable {
    public static final int PORT = 0x61;
    /** PIT input pulses per refresh request: the BIOS's counter 1 count of 18. */
    static final long REFRESH_TICKS = 18;

    private final Pit8254 pit;
    private int bits;

    public SystemControlPort(Pit8254 pit) {
        this.pit = pit;
    }

    /** Claims port 0x61. */
    public void attachTo(IoBus bus) {
        bus.claim("system control port B", PORT, 1, IoBus.BYTE, this);
    }

    @Override
    public int read(int port, int size) {
        long refresh = pit.ticks() / REFRESH_TICKS & 1;
        return bits | (int) refresh << 4 | (pit.out(2) ? 0x20 : 0);
    }

    @Override
    public void write(int port, int size, int value) {
        bits = value & 0x0F;
        pit.setGate2((value & 1) != 0);
    }

    /** Bit 1: whether the speaker follows counter 2's OUT. */
    public boolean speakerData() {
        return (bits & 2) != 0;
    }

    @Override
    public DeviceSnapshot snapshot() {
        return DeviceSnapshot.of("system control port B").hex8("written bits 0-3", bits)
                .value("timer 2 gate", bits & 1).value("speaker data", (bits >> 1) & 1).build();
    }
}
