package org.minixemu.cpu;

/**
 * Interrupt and exception delivery: through the interrupt vector table in real mode, and through
 * the IDT's interrupt, trap and task gates in protected and virtual-8086 mode, with the stack
 * switch from the TSS when the handler is more privileged. Also the i386's rules for a fault that
 * happens while another is being delivered: contributory faults and page faults combine into a
 * double fault, and a fault while delivering the double fault shuts the processor down.
 */
final class Interrupts {
    private static final int EXCEPTION = 0, SOFTWARE = 1, HARDWARE = 2;

    private Interrupts() {
    }

    /** #DE, #TS, #NP, #SS and #GP: two of these in a row make a double fault. */
    private static boolean contributory(int vector) {
        return vector == Cpu.DE || (vector >= Cpu.TS && vector <= Cpu.GP);
    }

    /** Whether a fault raised while delivering {@code first} turns into #DF (Intel SDM table 6-5). */
    static boolean combinesToDoubleFault(int first, int second) {
        if (first == Cpu.PF) {
            return second == Cpu.PF || contributory(second);
        }
        return contributory(first) && contributory(second);
    }

    /**
     * Delivers a processor exception whose faulting instruction left EIP at its start (faults) or
     * past it (traps). Returns false when the processor must shut down (triple fault).
     */
    static boolean deliverException(Cpu c, int vector, int errorCode) {
        if (c.firstException < 0) {
            c.firstException = vector;
        }
        int v = vector;
        int error = errorCode;
        while (true) {
            c.deliverySave.save(c);
            try {
                deliver(c, v, c.eip, error, EXCEPTION);
                return true;
            } catch (Fault nested) {
                c.deliverySave.restore(c);
                if (v == Cpu.DF) {
                    return false;
                }
                int second = c.faultVector;
                if (combinesToDoubleFault(v, second)) {
                    v = Cpu.DF;
                    error = 0;
                } else {
                    v = second;
                    error = c.faultHasError ? c.faultError : -1;
                }
            }
        }
    }

    /** INT n, INT3, INTO, INT1: a fault on the way is reported against the INT instruction. */
    static void deliverSoftware(Cpu c, int vector, boolean checkGateDpl) {
        c.deliverySave.save(c);
        try {
            deliver(c, vector, c.eip, -1, checkGateDpl ? SOFTWARE : EXCEPTION);
        } catch (Fault f) {
            c.deliverySave.restore(c);
            throw f;
        }
    }

    /**
     * An external interrupt accepted at an instruction boundary. A fault while delivering it is
     * delivered in turn; returns false when that ends in a shutdown.
     */
    static boolean deliverHardware(Cpu c, int vector) {
        c.deliverySave.save(c);
        try {
            deliver(c, vector, c.eip, -1, HARDWARE);
            return true;
        } catch (Fault f) {
            c.deliverySave.restore(c);
            return deliverException(c, c.faultVector, c.faultHasError ? c.faultError : -1);
        }
    }

    private static void deliver(Cpu c, int vector, int returnEip, int errorCode, int source) {
        if (!c.protectedMode()) {
            deliverReal(c, vector, returnEip);
        } else {
            deliverProtected(c, vector, returnEip, errorCode, source);
        }
        c.halted = false;
    }

    /** Real mode: push FLAGS, CS, IP; clear IF, TF, AC; jump to the vector's CS:IP. */
    private static void deliverReal(Cpu c, int vector, int returnEip) {
        int entry = vector * 4;
        if (entry + 3 > c.idtLimit) {
            c.raise(Cpu.GP, vector * 8 + 2);
        }
        int target = c.readSystem32(c.idtBase + entry);
        c.push16(c.flags.get());
        c.push16(c.segSel[Cpu.CS]);
        c.push16(returnEip);
        c.flags.set(Flags.IF | Flags.TF | Flags.AC | Flags.RF, false);
        c.loadSegmentReal(Cpu.CS, target >>> 16);
        c.eip = target & 0xFFFF;
    }

    private static void deliverProtected(Cpu c, int vector, int returnEip, int errorCode, int source) {
        int ext = source == SOFTWARE ? 0 : 1;
        int gateError = vector * 8 + 2 + ext;
        if (vector * 8 + 7 > c.idtLimit) {
            c.raise(Cpu.GP, gateError);
        }
        int low = c.readSystem32(c.idtBase + vector * 8);
        int high = c.readSystem32(c.idtBase + vector * 8 + 4);
        int attr = Descriptor.attributes(high);
        int type = Descriptor.type(attr);
        boolean gate = !Descriptor.isCodeOrData(attr) && (type == Descriptor.TASK_GATE
                || type == Descriptor.INTERRUPT_GATE16 || type == Descriptor.TRAP_GATE16
                || type == Descriptor.INTERRUPT_GATE32 || type == Descriptor.TRAP_GATE32);
        if (!gate) {
            c.raise(Cpu.GP, gateError);
        }
        if (source == SOFTWARE && Descriptor.dpl(attr) < c.cpl) {
            c.raise(Cpu.GP, vector * 8 + 2);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, gateError);
        }
        if (type == Descriptor.TASK_GATE) {
            TaskSwitch.switchTo(c, Descriptor.gateSelector(low), TaskSwitch.CALL, returnEip, ext);
            if (errorCode >= 0) {
                pushFor(c, (c.trAttr & 8) != 0, errorCode);
            }
            return;
        }
        boolean gate32 = (type & 8) != 0;
        int selector = Descriptor.gateSelector(low);
        int offset = gate32 ? Descriptor.gateOffset(low, high) : low & 0xFFFF;
        if ((selector & 0xFFFC) == 0) {
            c.raise(Cpu.GP, ext);
        }
        long d = Segments.read(c, selector, Cpu.GP, ext);
        int codeHigh = Segments.high(d);
        int codeAttr = Descriptor.attributes(codeHigh);
        int codeError = (selector & 0xFFFC) | ext;
        if (!Descriptor.isCode(codeAttr) || Descriptor.dpl(codeAttr) > c.cpl) {
            c.raise(Cpu.GP, codeError);
        }
        if (!Descriptor.present(codeAttr)) {
            c.raise(Cpu.NP, codeError);
        }
        boolean conforming = (codeAttr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
        int newCpl = Descriptor.dpl(codeAttr);
        boolean fromV86 = c.v86();
        int oldFlags = c.flags.get();
        if (!conforming && newCpl < c.cpl) {
            if (fromV86 && newCpl != 0) {
                c.raise(Cpu.GP, codeError);
            }
            int oldSs = c.segSel[Cpu.SS];
            int oldEsp = c.regs[Cpu.ESP];
            TaskSwitch.loadInnerStack(c, newCpl, ext);
            c.cpl = newCpl;
            if (fromV86) {
                pushFor(c, gate32, c.segSel[Cpu.GS]);
                pushFor(c, gate32, c.segSel[Cpu.FS]);
                pushFor(c, gate32, c.segSel[Cpu.DS]);
                pushFor(c, gate32, c.segSel[Cpu.ES]);
            }
            pushFor(c, gate32, oldSs);
            pushFor(c, gate32, oldEsp);
        } else if (conforming || newCpl == c.cpl) {
            if (fromV86) {
                c.raise(Cpu.GP, codeError);
            }
            newCpl = c.cpl;
        } else {
            c.raise(Cpu.GP, codeError);
        }
        pushFor(c, gate32, oldFlags);
        pushFor(c, gate32, c.segSel[Cpu.CS]);
        pushFor(c, gate32, returnEip);
        if (errorCode >= 0) {
            pushFor(c, gate32, errorCode);
        }
        if (Integer.compareUnsigned(offset, Descriptor.limit(Segments.low(d), codeHigh)) > 0) {
            c.raise(Cpu.GP, ext);
        }
        codeHigh = Segments.markAccessed(c, selector, codeHigh);
        c.flags.set(Flags.TF | Flags.NT | Flags.RF | Flags.VM, false);
        if ((type & 1) == 0) {
            c.flags.set(Flags.IF, false); // interrupt gate; a trap gate leaves IF alone
        }
        c.cpl = newCpl;
        c.loadSegmentDescriptor(Cpu.CS, (selector & 0xFFFC) | newCpl, Segments.low(d), codeHigh);
        c.interruptShadow = false;
        if (fromV86) {
            for (int seg : Cpu.DATA_SEGMENTS) {
                c.loadNullSegment(seg, 0);
            }
            // The inner SS was loaded while VM was still set; check it as protected mode does now.
            c.refreshSegment(Cpu.SS);
        }
        c.eip = offset;
    }

    /** Pushes a word or dword as the gate's size says, whatever the current operand size. */
    static void pushFor(Cpu c, boolean size32, int value) {
        if (size32) {
            c.push32(value);
        } else {
            c.push16(value);
        }
    }
}
