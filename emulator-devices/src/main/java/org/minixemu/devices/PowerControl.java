package org.minixemu.devices;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ways a guest turns QEMU off, and so this machine:
 *
 * <ul>
 *   <li><b>isa-debug-exit</b> at ports 0xF4-0xF7 ({@code -device isa-debug-exit,iobase=0xf4,iosize=0x04}):
 *       a write of any width of value v powers off with exit status {@code (v << 1) | 1}. Reads
 *       return 0, as on QEMU.</li>
 *   <li><b>ACPI PM1a control</b> at 0x604-0x605, where QEMU's default i440fx board (PIIX4 PM, the
 *       PM base SeaBIOS programs) has it: a write that sets SLP_EN (bit 13) with SLP_TYP (bits
 *       10-12) 0, i.e. {@code outw(0x604, 0x2000)}, powers off with status 0. Other sleep types
 *       (S3 and friends) are ignored. The register reads back what was written, minus SLP_EN,
 *       which is write-only. Byte writes update their half of the register.</li>
 * </ul>
 *
 * <p>The first power-off wins; it calls the machine's hook so that the run loop stops.
 */
public final class PowerControl implements IoDevice {
    /** isa-debug-exit's base port and size, as the QEMU command line above configures it. */
    public static final int DEBUG_EXIT_PORT = 0xF4, DEBUG_EXIT_SIZE = 4;
    /** PM1a control register of QEMU's i440fx/PIIX4 board. */
    public static final int PM1A_CONTROL_PORT = 0x604;

    static final int SLP_EN = 1 << 13;
    static final int SLP_TYP_SHIFT = 10, SLP_TYP_MASK = 7;

    private static final Logger LOG = LoggerFactory.getLogger(PowerControl.class);

    private final Runnable onPowerOff;
    private int pm1Control;
    private boolean off;
    private int exitStatus;

    /** Power control that calls {@code onPowerOff} once, when the guest first powers off. */
    public PowerControl(Runnable onPowerOff) {
        this.onPowerOff = onPowerOff;
    }

    /** Claims 0xF4-0xF7 (any width) and 0x604-0x605 (byte and word). */
    public void attachTo(IoBus bus) {
        bus.claim("isa-debug-exit", DEBUG_EXIT_PORT, DEBUG_EXIT_SIZE, IoBus.BYTE | IoBus.WORD | IoBus.DWORD, this);
        bus.claim("ACPI PM1a control", PM1A_CONTROL_PORT, 2, IoBus.BYTE | IoBus.WORD, this);
    }

    /** True once the guest has asked for power-off. */
    public boolean isOff() {
        return off;
    }

    /** The exit status the guest asked for; meaningful once {@link #isOff()}. */
    public int exitStatus() {
        return exitStatus;
    }

    @Override
    public int read(int port, int size) {
        if (port < PM1A_CONTROL_PORT) {
            return 0;
        }
        int value = 0;
        for (int i = 0; i < size; i++) {
            int lane = port + i - PM1A_CONTROL_PORT;
            int b = lane < 2 ? (pm1Control >>> (8 * lane)) & 0xFF : 0xFF; // past the register: open bus
            value |= b << (8 * i);
        }
        return value;
    }

    @Override
    public void write(int port, int size, int value) {
        if (port < PM1A_CONTROL_PORT) {
            powerOff((value << 1) | 1, "isa-debug-exit", value);
            return;
        }
        int written = pm1Control;
        for (int i = 0; i < size; i++) {
            int lane = port + i - PM1A_CONTROL_PORT;
            if (lane < 2) {
                written = (written & ~(0xFF << (8 * lane))) | (((value >>> (8 * i)) & 0xFF) << (8 * lane));
            }
        }
        pm1Control = written & ~SLP_EN;
        if ((written & SLP_EN) != 0) {
            int sleepType = (written >>> SLP_TYP_SHIFT) & SLP_TYP_MASK;
            if (sleepType == 0) {
                powerOff(0, "ACPI PM1a control (S5)", written);
            } else {
                LOG.debug("ACPI sleep type {} requested; only soft-off (type 0) is emulated", sleepType);
            }
        }
    }

    private void powerOff(int status, String how, int value) {
        if (off) {
            return;
        }
        off = true;
        exitStatus = status;
        LOG.debug("guest powered off through {} (wrote 0x{}): exit status {}", how, Integer.toHexString(value), status);
        onPowerOff.run();
    }
}
