package org.minixemu.cpu;

/**
 * Far JMP, CALL, RET and IRET in protected mode: to code segments at the same privilege, through
 * call gates (with the stack switch and parameter copy of a call to a more privileged level), to
 * tasks through TSS descriptors and task gates, and returns to outer levels and to
 * virtual-8086 mode. Real and virtual-8086 mode far transfers stay in {@link ControlOps}.
 */
final class FarTransfers {
    private FarTransfers() {
    }

    private static boolean isCallGate(int attr) {
        int type = Descriptor.type(attr);
        return !Descriptor.isCodeOrData(attr) && (type == Descriptor.CALL_GATE16 || type == Descriptor.CALL_GATE32);
    }

    private static boolean isTaskTarget(int attr) {
        int type = Descriptor.type(attr);
        return !Descriptor.isCodeOrData(attr) && (type == Descriptor.TASK_GATE
                || type == Descriptor.TSS32_AVAILABLE || type == Descriptor.TSS16_AVAILABLE);
    }

    private static void jumpIntoCode(Cpu c, int selector, long d, int offset, int newCpl) {
        int high = Segments.high(d);
        if (Integer.compareUnsigned(offset, Descriptor.limit(Segments.low(d), high)) > 0) {
            c.raise(Cpu.GP, 0);
        }
        high = Segments.markAccessed(c, selector, high);
        c.cpl = newCpl;
        c.loadSegmentDescriptor(Cpu.CS, (selector & 0xFFFC) | newCpl, Segments.low(d), high);
        c.eip = offset;
    }

    /** Checks a system descriptor (gate or TSS) named directly by JMP or CALL. */
    private static void checkSystemTarget(Cpu c, int selector, int attr) {
        int error = selector & 0xFFFC;
        int dpl = Descriptor.dpl(attr);
        if (dpl < c.cpl || dpl < (selector & 3)) {
            c.raise(Cpu.GP, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, error);
        }
    }

    private static void toTask(Cpu c, int selector, int attr, int low, int reason) {
        int tss = Descriptor.type(attr) == Descriptor.TASK_GATE ? Descriptor.gateSelector(low) : selector;
        TaskSwitch.switchTo(c, tss, reason, c.eip, 0);
    }

    static void jmp(Cpu c, int selector, int offset) {
        if ((selector & 0xFFFC) == 0) {
            c.raise(Cpu.GP, 0);
        }
        long d = Segments.read(c, selector, Cpu.GP, 0);
        int attr = Descriptor.attributes(Segments.high(d));
        if (Descriptor.isCodeOrData(attr)) {
            Segments.checkCodeTarget(c, selector, attr, true);
            jumpIntoCode(c, selector, d, c.opSize32 ? offset : offset & 0xFFFF, c.cpl);
        } else if (isCallGate(attr)) {
            checkSystemTarget(c, selector, attr);
            int target = Descriptor.gateSelector(Segments.low(d));
            long code = gateTarget(c, target);
            int codeAttr = Descriptor.attributes(Segments.high(code));
            boolean conforming = (codeAttr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
            if (conforming ? Descriptor.dpl(codeAttr) > c.cpl : Descriptor.dpl(codeAttr) != c.cpl) {
                c.raise(Cpu.GP, target & 0xFFFC);
            }
            jumpIntoCode(c, target, code, gateOffset(d, attr), c.cpl);
        } else if (isTaskTarget(attr)) {
            checkSystemTarget(c, selector, attr);
            toTask(c, selector, attr, Segments.low(d), TaskSwitch.JMP);
        } else {
            c.raise(Cpu.GP, selector & 0xFFFC);
        }
    }

    /** Reads and checks the code segment a call gate leads to. */
    private static long gateTarget(Cpu c, int target) {
        if ((target & 0xFFFC) == 0) {
            c.raise(Cpu.GP, 0);
        }
        long code = Segments.read(c, target, Cpu.GP, 0);
        int attr = Descriptor.attributes(Segments.high(code));
        if (!Descriptor.isCode(attr) || Descriptor.dpl(attr) > c.cpl) {
            c.raise(Cpu.GP, target & 0xFFFC);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, target & 0xFFFC);
        }
        return code;
    }

    private static int gateOffset(long gate, int attr) {
        return Descriptor.type(attr) == Descriptor.CALL_GATE32
                ? Descriptor.gateOffset(Segments.low(gate), Segments.high(gate))
                : Segments.low(gate) & 0xFFFF;
    }

    static void call(Cpu c, int selector, int offset) {
        if ((selector & 0xFFFC) == 0) {
            c.raise(Cpu.GP, 0);
        }
        long d = Segments.read(c, selector, Cpu.GP, 0);
        int attr = Descriptor.attributes(Segments.high(d));
        c.deliverySave.save(c);
        try {
            if (Descriptor.isCodeOrData(attr)) {
                Segments.checkCodeTarget(c, selector, attr, true);
                c.pushV(c.segSel[Cpu.CS]);
                c.pushV(c.eip);
                jumpIntoCode(c, selector, d, c.opSize32 ? offset : offset & 0xFFFF, c.cpl);
            } else if (isCallGate(attr)) {
                checkSystemTarget(c, selector, attr);
                callThroughGate(c, d, attr);
            } else if (isTaskTarget(attr)) {
                checkSystemTarget(c, selector, attr);
                toTask(c, selector, attr, Segments.low(d), TaskSwitch.CALL);
            } else {
                c.raise(Cpu.GP, selector & 0xFFFC);
            }
        } catch (Fault f) {
            c.deliverySave.restore(c);
            throw f;
        }
    }

    private static void callThroughGate(Cpu c, long gate, int gateAttr) {
        boolean gate32 = Descriptor.type(gateAttr) == Descriptor.CALL_GATE32;
        int target = Descriptor.gateSelector(Segments.low(gate));
        long code = gateTarget(c, target);
        int codeAttr = Descriptor.attributes(Segments.high(code));
        int offset = gateOffset(gate, gateAttr);
        boolean conforming = (codeAttr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
        int dpl = Descriptor.dpl(codeAttr);
        int returnCs = c.segSel[Cpu.CS];
        int returnEip = c.eip;
        if (!conforming && dpl < c.cpl) {
            // More privileged: switch to the inner stack and copy the parameters across.
            int count = Descriptor.gateParameterCount(Segments.high(gate));
            int size = gate32 ? 4 : 2;
            int oldSs = c.segSel[Cpu.SS];
            int oldEsp = c.regs[Cpu.ESP];
            int oldSp = c.stackPointer();
            boolean oldStack32 = c.stack32;
            int[] params = c.gateParameters;
            for (int i = 0; i < count; i++) {
                int at = oldSp + i * size;
                params[i] = c.read(Cpu.SS, oldStack32 ? at : at & 0xFFFF, size);
            }
            TaskSwitch.loadInnerStack(c, dpl, 0);
            c.cpl = dpl;
            Interrupts.pushFor(c, gate32, oldSs);
            Interrupts.pushFor(c, gate32, oldEsp);
            for (int i = count - 1; i >= 0; i--) {
                Interrupts.pushFor(c, gate32, params[i]);
            }
        } else {
            dpl = c.cpl;
        }
        Interrupts.pushFor(c, gate32, returnCs);
        Interrupts.pushFor(c, gate32, returnEip);
        jumpIntoCode(c, target, code, offset, dpl);
    }

    /** Checks the code segment a RET or IRET returns to, for return privilege {@code rpl}. */
    private static long returnTarget(Cpu c, int selector) {
        int error = selector & 0xFFFC;
        if (error == 0) {
            c.raise(Cpu.GP, 0);
        }
        int rpl = selector & 3;
        if (rpl < c.cpl) {
            c.raise(Cpu.GP, error);
        }
        long d = Segments.read(c, selector, Cpu.GP, 0);
        int attr = Descriptor.attributes(Segments.high(d));
        boolean conforming = (attr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
        if (!Descriptor.isCode(attr) || (conforming ? Descriptor.dpl(attr) > rpl : Descriptor.dpl(attr) != rpl)) {
            c.raise(Cpu.GP, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, error);
        }
        return d;
    }

    /** RETF [release] in protected mode, to the same or an outer level. */
    static void ret(Cpu c, int release) {
        int size = c.sizeV();
        int offset = c.peekStack(0, size);
        int selector = c.peekStack(size, 2);
        long d = returnTarget(c, selector);
        int rpl = selector & 3;
        if (rpl == c.cpl) {
            jumpIntoCode(c, selector, d, size == 2 ? offset & 0xFFFF : offset, rpl);
            c.adjustStackPointer(2 * size + release);
            return;
        }
        int outerEsp = c.peekStack(2 * size + release, size);
        int outerSs = c.peekStack(3 * size + release, 2);
        c.deliverySave.save(c);
        try {
            jumpIntoCode(c, selector, d, size == 2 ? offset & 0xFFFF : offset, rpl);
            Segments.loadStack(c, outerSs, Cpu.GP, Cpu.SS_FAULT, rpl);
            c.setStackPointer(outerEsp + release);
            Segments.invalidateForOuterLevel(c);
        } catch (Fault f) {
            c.deliverySave.restore(c);
            throw f;
        }
    }

    /** IRET in protected mode: a task return, a return to virtual-8086 mode, or a far return with flags. */
    static void iret(Cpu c) {
        if (c.flags.isSet(Flags.NT)) {
            TaskSwitch.returnToLink(c, c.eip);
            return;
        }
        int size = c.sizeV();
        int offset = c.peekStack(0, size);
        int selector = c.peekStack(size, 2);
        int newFlags = c.peekStack(2 * size, size);
        if (size == 4 && (newFlags & Flags.VM) != 0 && c.cpl == 0) {
            returnToV86(c, offset, selector, newFlags);
            return;
        }
        long d = returnTarget(c, selector);
        int rpl = selector & 3;
        int oldCpl = c.cpl;
        c.deliverySave.save(c);
        try {
            if (rpl == c.cpl) {
                jumpIntoCode(c, selector, d, size == 2 ? offset & 0xFFFF : offset, rpl);
                c.adjustStackPointer(3 * size);
            } else {
                int outerEsp = c.peekStack(3 * size, size);
                int outerSs = c.peekStack(4 * size, 2);
                jumpIntoCode(c, selector, d, size == 2 ? offset & 0xFFFF : offset, rpl);
                Segments.loadStack(c, outerSs, Cpu.GP, Cpu.SS_FAULT, rpl);
                c.setStackPointer(outerEsp);
                Segments.invalidateForOuterLevel(c);
            }
        } catch (Fault f) {
            c.deliverySave.restore(c);
            throw f;
        }
        FlagOps.loadProtected(c, newFlags, size, oldCpl);
    }

    /** IRETD at CPL 0 with VM set in the popped EFLAGS: back to virtual-8086 mode. */
    private static void returnToV86(Cpu c, int offset, int selector, int newFlags) {
        int esp = c.peekStack(12, 4);
        int ss = c.peekStack(16, 2);
        int es = c.peekStack(20, 2);
        int ds = c.peekStack(24, 2);
        int fs = c.peekStack(28, 2);
        int gs = c.peekStack(32, 2);
        c.flags.load(newFlags, FlagOps.WRITABLE_32 | Flags.VM);
        c.cpl = 3;
        c.loadSegmentV86(Cpu.CS, selector);
        c.loadSegmentV86(Cpu.SS, ss);
        c.loadSegmentV86(Cpu.ES, es);
        c.loadSegmentV86(Cpu.DS, ds);
        c.loadSegmentV86(Cpu.FS, fs);
        c.loadSegmentV86(Cpu.GS, gs);
        c.regs[Cpu.ESP] = esp;
        c.eip = offset & 0xFFFF;
    }
}
