package org.minixemu.devices.ata;

import java.io.IOException;
import java.util.Objects;
import org.minixemu.devices.DeviceSnapshot;
import org.minixemu.devices.EventQueue;
import org.minixemu.devices.Inspectable;
import org.minixemu.devices.IoBus;
import org.minixemu.devices.IoDevice;
import org.minixemu.devices.IrqLine;

/**
 * An ATA channel in PIO mode with a master (device 0) and an optional slave (device 1), each
 * backed by a {@link DiskImage}. The primary channel is at 0x1F0-0x1F7 and 0x3F6 on IRQ 14.
 *
 * <p>Ports (offsets from the command block base):
 * <pre>
 *  +0  data (16-bit; a 32-bit access is two words, low word first; no byte access)
 *  +1  read: error            write: features
 *  +2  sector count
 *  +3  LBA low  (CHS: sector number)
 *  +4  LBA mid  (CHS: cylinder low)
 *  +5  LBA high (CHS: cylinder high)
 *  +6  device/head: bit 6 LBA, bit 4 DEV (selects device 1), bits 3-0 head / LBA 27:24
 *  +7  read: status (negates the selected device's INTRQ)   write: command
 *  control port  read: alternate status (leaves INTRQ alone)
 *                write: device control, bit 1 nIEN (INTRQ disabled), bit 2 SRST (soft reset)
 * </pre>
 *
 * <p>Writes to the command block registers reach both devices (each keeps its own copy, as the
 * standard has it); only the selected device runs a command. INTRQ is the selected device's
 * interrupt request, gated by nIEN; it is negated by reading the status register, writing the
 * command register, or a soft reset.
 *
 * <p>With no device 1 attached and DEV=1 selected, the channel behaves as ATA's "device 0 only"
 * configuration requires: status and alternate status read 00h, the other registers read as
 * device 0's, writes to them still reach device 0, and commands are ignored (except EXECUTE
 * DEVICE DIAGNOSTIC, which device 0 runs). QEMU agrees except that it also reads the error
 * register as 00h. The data port then reads 0.
 *
 * <p>Commands: IDENTIFY DEVICE, READ SECTOR(S), WRITE SECTOR(S), READ MULTIPLE, WRITE MULTIPLE,
 * SET MULTIPLE MODE, INITIALIZE DEVICE PARAMETERS, FLUSH CACHE and EXECUTE DEVICE DIAGNOSTIC;
 * anything else ends with ABRT. No DMA, no LBA48, no power management, no SET FEATURES.
 */
public final class AtaChannel implements IoDevice, Inspectable {
    /** The primary channel's command block base, control port and IRQ. */
    public static final int PRIMARY_BASE = 0x1F0, PRIMARY_CONTROL = 0x3F6, PRIMARY_IRQ = 14;
    /** The secondary channel's. */
    public static final int SECONDARY_BASE = 0x170, SECONDARY_CONTROL = 0x376, SECONDARY_IRQ = 15;

    static final int NIEN = 0x02, SRST = 0x04;

    private final String name;
    private final int base;
    private final int control;
    private final IrqLine irq;
    private final AtaDrive[] drives = new AtaDrive[2];
    /** The DEV bit of the last device/head write (0 after reset and diagnostics). */
    private int selected;
    private int deviceControl;
    private boolean irqLevel;

    /**
     * A channel whose registers are at {@code base}..{@code base+7} and {@code control}, raising
     * {@code irq}. The devices' timers are created on {@code queue}.
     *
     * @param master the image of device 0 (required)
     * @param slave the image of device 1, or null for none
     * @throws IllegalArgumentException if an image has more sectors than LBA28 can address
     */
    public AtaChannel(String name, int base, int control, EventQueue queue, IrqLine irq,
            DiskImage master, DiskImage slave) {
        this.name = Objects.requireNonNull(name, "name");
        this.base = base;
        this.control = control;
        this.irq = Objects.requireNonNull(irq, "irq");
        Objects.requireNonNull(master, "master image");
        drives[0] = new AtaDrive(this, 0, master, queue, serial(base, 0));
        drives[1] = slave == null ? null : new AtaDrive(this, 1, slave, queue, serial(base, 1));
    }

    /** The primary channel (0x1F0-0x1F7, 0x3F6) called "ATA primary". */
    public static AtaChannel primary(EventQueue queue, IrqLine irq14, DiskImage master, DiskImage slave) {
        return new AtaChannel("ATA primary", PRIMARY_BASE, PRIMARY_CONTROL, queue, irq14, master, slave);
    }

    /** Serial numbers that tell the four possible devices apart and never change between runs. */
    private static String serial(int base, int unit) {
        return String.format("MXE%03X-%d", base, unit);
    }

    /** Claims the data port (16/32-bit), the seven byte registers and the control port. */
    public void attachTo(IoBus bus) {
        bus.claim(name, base, 1, IoBus.WORD | IoBus.DWORD, this);
        bus.claim(name, base + 1, 7, IoBus.BYTE, this);
        bus.claim(name, control, 1, IoBus.BYTE, this);
    }

    public String name() {
        return name;
    }

    /**
     * Flushes and closes every attached image (the images' owner calls this when the machine
     * stops, if it did not close them itself).
     *
     * @throws IOException the first failure, naming its file; every image is still closed
     */
    public void closeImages() throws IOException {
        IOException first = null;
        for (AtaDrive d : drives) {
            if (d != null) {
                try {
                    d.image().close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    AtaDrive drive(int unit) {
        return drives[unit];
    }

    /** Whether the IRQ output is asserted now. */
    public boolean irqAsserted() {
        return irqLevel;
    }

    @Override
    public int read(int port, int size) {
        AtaDrive sel = drives[selected];
        if (port == control) {
            return sel == null ? 0 : sel.status;
        }
        // Device 0 answers for a missing device 1, except for the status register.
        AtaDrive regs = sel == null ? drives[0] : sel;
        switch (port - base) {
            case 0:
                if (sel == null) {
                    return 0;
                }
                if (size == 4) {
                    int low = sel.readData();
                    return low | sel.readData() << 16;
                }
                return sel.readData();
            case 1:
                return regs.error;
            case 2:
                return regs.sectorCount;
            case 3:
                return regs.lbaLow;
            case 4:
                return regs.lbaMid;
            case 5:
                return regs.lbaHigh;
            case 6:
                return regs.device;
            case 7:
                return sel == null ? 0 : sel.readStatus();
            default:
                return 0xFF;
        }
    }

    @Override
    public void write(int port, int size, int value) {
        if (port == control) {
            writeDeviceControl(value & 0xFF);
            return;
        }
        int reg = port - base;
        if (reg == 0) {
            AtaDrive sel = drives[selected];
            if (sel != null) {
                sel.writeData(value & 0xFFFF);
                if (size == 4) {
                    sel.writeData(value >>> 16);
                }
            }
            return;
        }
        value &= 0xFF;
        if (reg == 7) {
            writeCommand(value);
            return;
        }
        for (AtaDrive d : drives) {
            if (d != null) {
                switch (reg) {
                    case 1 -> d.features = value;
                    case 2 -> d.sectorCount = value;
                    case 3 -> d.lbaLow = value;
                    case 4 -> d.lbaMid = value;
                    case 5 -> d.lbaHigh = value;
                    case 6 -> d.device = value;
                    default -> { }
                }
            }
        }
        if (reg == 6) {
            selected = (value & AtaDrive.DEV_SELECT) != 0 ? 1 : 0;
            updateIrq();
        }
    }

    private void writeCommand(int code) {
        if (code == AtaDrive.EXECUTE_DEVICE_DIAGNOSTIC) {
            for (AtaDrive d : drives) {
                if (d != null) {
                    d.startDiagnostic();
                }
            }
            return;
        }
        AtaDrive sel = drives[selected];
        if (sel != null) {
            sel.writeCommand(code);
        }
    }

    private void writeDeviceControl(int value) {
        boolean wasReset = (deviceControl & SRST) != 0;
        boolean reset = (value & SRST) != 0;
        deviceControl = value;
        for (AtaDrive d : drives) {
            if (d != null) {
                if (reset && !wasReset) {
                    d.beginReset();
                } else if (!reset && wasReset) {
                    d.endReset();
                }
            }
        }
        updateIrq();
    }

    /** A device finished a reset or diagnostics: its device register is 0 again, so DEV=0. */
    void deviceReset() {
        selected = 0;
        updateIrq();
    }

    /** Drives the IRQ output: the selected device's INTRQ unless nIEN is set. */
    void updateIrq() {
        AtaDrive sel = drives[selected];
        boolean level = sel != null && sel.intrq && (deviceControl & NIEN) == 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    @Override
    public DeviceSnapshot snapshot() {
        DeviceSnapshot.Builder b = DeviceSnapshot.of(name)
                .value("ports", String.format("%03X-%03X, %03X", base, base + 7, control))
                .value("selected", selected == 0 ? "master" : "slave")
                .hex8("device control", deviceControl)
                .value("IRQ", irqLevel ? "asserted" : "clear");
        for (int unit = 0; unit < 2; unit++) {
            if (drives[unit] == null) {
                b.value("slave", "absent");
            } else {
                drives[unit].describe(b);
            }
        }
        return b.build();
    }
}
