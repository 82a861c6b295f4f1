package org.minixemu.devices;

import java.util.List;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.InterruptController;

/**
 * The PC's two 8259As: the master at 0x20/0x21 with IRQ 0-7, the slave at 0xA0/0xA1 with IRQ
 * 8-15, its INT output wired to the master's IR2. Devices get an {@link IrqLine} per IRQ; the
 * pair drives the CPU's INTR pin and answers its interrupt-acknowledge cycle with the vector.
 */
public final class InterruptControllers implements InterruptController, IoDevice {
    public static final int MASTER = 0x20, SLAVE = 0xA0;
    /** The master input the slave's output is wired to. */
    public static final int CASCADE_IRQ = 2;

    private final Pic8259 master = new Pic8259("PIC master");
    private final Pic8259 slave = new Pic8259("PIC slave");
    private final Cpu cpu;
    private final IrqLine[] lines = new IrqLine[16];

    public InterruptControllers(Cpu cpu) {
        this.cpu = cpu;
        for (int irq = 0; irq < 16; irq++) {
            final int n = irq;
            lines[irq] = high -> {
                if (n < 8) {
                    master.setLine(n, high);
                } else {
                    slave.setLine(n - 8, high);
                }
                update();
            };
        }
        cpu.setInterruptController(this);
    }

    /** Claims 0x20-0x21 and 0xA0-0xA1 on the bus. */
    public void attachTo(IoBus bus) {
        bus.claim("PIC master", MASTER, 2, IoBus.BYTE, this);
        bus.claim("PIC slave", SLAVE, 2, IoBus.BYTE, this);
    }

    /** The input for IRQ {@code irq} (0-15). */
    public IrqLine line(int irq) {
        return lines[irq];
    }

    /** Recomputes the cascade input and the CPU's INTR pin after any change. */
    private void update() {
        master.setLine(CASCADE_IRQ, slave.pending() >= 0);
        cpu.setInterruptRequest(master.pending() >= 0);
    }

    /** Whether the pair asserts INTR: an unmasked request is waiting to be acknowledged. */
    public boolean interruptPending() {
        return master.pending() >= 0;
    }

    @Override
    public int acknowledge() {
        int ir = master.acknowledge();
        int vector;
        if (master.isCascadeInput(ir)) {
            vector = slave.vector(slave.acknowledge());
        } else {
            vector = master.vector(ir);
        }
        update();
        return vector;
    }

    /** A poll command makes a read of the command port act as an acknowledge without a vector. */
    int pollAcknowledge(Pic8259 chip) {
        int ir = chip.pending();
        if (ir >= 0) {
            chip.acknowledge();
        }
        update();
        return ir;
    }

    private Pic8259 chip(int port) {
        return (port & 0xF0) == SLAVE ? slave : master;
    }

    @Override
    public int read(int port, int size) {
        Pic8259 chip = chip(port);
        int value = (port & 1) == 0 ? chip.readCommand(this) : chip.readData();
        return value & 0xFF;
    }

    @Override
    public void write(int port, int size, int value) {
        Pic8259 chip = chip(port);
        if ((port & 1) == 0) {
            chip.writeCommand(value & 0xFF);
        } else {
            chip.writeData(value & 0xFF);
        }
        update();
    }

    public List<DeviceSnapshot> snapshots() {
        return List.of(master.snapshot(), slave.snapshot());
    }
}
