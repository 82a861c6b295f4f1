package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.IRQ_REENABLE;
import static org.minixemu.kernel.abi.Abi.NR_IRQ_HOOKS;
import static org.minixemu.kernel.abi.Abi.NR_IRQ_VECTORS;

import java.util.function.BiConsumer;
import org.minixemu.cpu.IoPorts;

/**
 * The 8259A pair as the kernel drives it, and the IRQ hooks drivers set with SYS_IRQCTL. An IRQ
 * sets the hook's bit in its owner's pending-IRQ set and sends it a notification from HARDWARE.
 * A line whose hooks all have the REENABLE policy is unmasked again at once; otherwise it stays
 * masked until every hook that disabled it asks IRQ_ENABLE.
 */
final class IrqHooks {
    /** Vectors the PICs are programmed to (minix3-facts.md section 3). */
    static final int MASTER_BASE = 0x50, SLAVE_BASE = 0x70;
    private static final int CLOCK_IRQ = 0, CASCADE_IRQ = 2;

    private final IoPorts io;
    private final BiConsumer<Process, Process> notifier;
    private final Process hardware;
    private final Process[] owner = new Process[NR_IRQ_HOOKS];
    private final int[] line = new int[NR_IRQ_HOOKS];
    private final int[] policy = new int[NR_IRQ_HOOKS];
    private final int[] notifyId = new int[NR_IRQ_HOOKS];
    /** Per line, the hooks (bit per hook) that keep it masked. */
    private final int[] disabledBy = new int[NR_IRQ_VECTORS];
    private int mask = 0xFFFF;

    IrqHooks(IoPorts io, Process hardware, BiConsumer<Process, Process> notifier) {
        this.io = io;
        this.hardware = hardware;
        this.notifier = notifier;
    }

    /** ICW1-4 for both chips (edge triggered, cascade on IRQ 2), all lines masked but the clock's. */
    void start() {
        io.out(0x20, 1, 0x11);
        io.out(0x21, 1, MASTER_BASE);
        io.out(0x21, 1, 1 << CASCADE_IRQ);
        io.out(0x21, 1, 0x01);
        io.out(0xA0, 1, 0x11);
        io.out(0xA1, 1, SLAVE_BASE);
        io.out(0xA1, 1, CASCADE_IRQ);
        io.out(0xA1, 1, 0x01);
        mask = 0xFFFF & ~(1 << CLOCK_IRQ) & ~(1 << CASCADE_IRQ);
        writeMask();
    }

    /** The IRQ line a vector from the PICs belongs to, or -1. */
    static int irqOf(int vector) {
        if (vector >= MASTER_BASE && vector < MASTER_BASE + 8) {
            return vector - MASTER_BASE;
        }
        if (vector >= SLAVE_BASE && vector < SLAVE_BASE + 8) {
            return vector - SLAVE_BASE + 8;
        }
        return -1;
    }

    /** Ends the interrupt at the PICs (non-specific EOI). */
    void endOfInterrupt(int irq) {
        if (irq >= 8) {
            io.out(0xA0, 1, 0x20);
        }
        io.out(0x20, 1, 0x20);
    }

    /** IRQ {@code irq} fired: notify every hook's owner, mask the line unless all re-enable. */
    void fire(int irq) {
        for (int h = 0; h < NR_IRQ_HOOKS; h++) {
            if (owner[h] != null && line[h] == irq) {
                owner[h].priv.pendingIrqs |= 1 << notifyId[h];
                if (policy[h] != IRQ_REENABLE) {
                    disabledBy[irq] |= 1 << h;
                }
                notifier.accept(hardware, owner[h]);
            }
        }
        setMasked(irq, disabledBy[irq] != 0 || !hooked(irq));
    }

    /** A new hook; returns its index, or -1 when all hooks are taken. The line is unmasked. */
    int set(Process p, int irq, int hookPolicy, int id) {
        for (int h = 0; h < NR_IRQ_HOOKS; h++) {
            if (owner[h] == null) {
                owner[h] = p;
                line[h] = irq;
                policy[h] = hookPolicy;
                notifyId[h] = id;
                setMasked(irq, disabledBy[irq] != 0);
                return h;
            }
        }
        return -1;
    }

    /** Whether hook {@code h} exists and belongs to {@code p}. */
    boolean owns(Process p, int h) {
        return h >= 0 && h < NR_IRQ_HOOKS && owner[h] == p;
    }

    void remove(int h) {
        int irq = line[h];
        owner[h] = null;
        disabledBy[irq] &= ~(1 << h);
        setMasked(irq, disabledBy[irq] != 0 || !hooked(irq));
    }

    void enable(int h) {
        int irq = line[h];
        disabledBy[irq] &= ~(1 << h);
        setMasked(irq, disabledBy[irq] != 0);
    }

    void disable(int h) {
        int irq = line[h];
        disabledBy[irq] |= 1 << h;
        setMasked(irq, true);
    }

    /** For the debugger: hook {@code h}'s owner (null when free), line and policy. */
    Process hookOwner(int h) {
        return owner[h];
    }

    int hookLine(int h) {
        return line[h];
    }

    int hookPolicy(int h) {
        return policy[h];
    }

    /** Whether any process has hooked an IRQ (a device may still wake it). */
    boolean anyHook() {
        for (Process p : owner) {
            if (p != null) {
                return true;
            }
        }
        return false;
    }

    /** Drops every hook of a process that is leaving. */
    void removeAll(Process p) {
        for (int h = 0; h < NR_IRQ_HOOKS; h++) {
            if (owner[h] == p) {
                remove(h);
            }
        }
    }

    private boolean hooked(int irq) {
        for (int h = 0; h < NR_IRQ_HOOKS; h++) {
            if (owner[h] != null && line[h] == irq) {
                return true;
            }
        }
        return false;
    }

    private void setMasked(int irq, boolean masked) {
        if (irq == CLOCK_IRQ || irq == CASCADE_IRQ) {
            return;
        }
        int before = mask;
        mask = masked ? mask | (1 << irq) : mask & ~(1 << irq);
        if (mask != before) {
            writeMask();
        }
    }

    private void writeMask() {
        io.out(0x21, 1, mask & 0xFF);
        io.out(0xA1, 1, (mask >>> 8) & 0xFF);
    }
}
