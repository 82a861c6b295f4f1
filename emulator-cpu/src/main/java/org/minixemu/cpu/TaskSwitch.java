package org.minixemu.cpu;

/**
 * The task state segment: the inner-level stacks that privilege changes switch to, and hardware
 * task switching (JMP, CALL or INT through a TSS or task gate, and IRET with NT set) with the busy
 * bits, the back link and NT, saving the old task's registers and loading the new task's.
 *
 * <p>32-bit TSSes only: the 16-bit TSS of the 80286 is not supported, and switching to one raises
 * #TS (documented in docs/cpu.md).
 */
final class TaskSwitch {
    static final int JMP = 0, CALL = 1, IRET = 2;

    /** Offsets in a 32-bit TSS. */
    private static final int LINK = 0, ESP0 = 4, CR3 = 28, EIP = 32, EFLAGS = 36, EAX = 40,
            SEGMENTS = 72, LDT = 96, IO_MAP = 102;
    /** The smallest limit a 32-bit TSS may have (104 bytes). */
    static final int MIN_LIMIT32 = 0x67;
    private static final int BUSY_BIT = 2 << 8;
    private static final int[] LOAD_ORDER = {Cpu.CS, Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS};

    private TaskSwitch() {
    }

    private static boolean is32(int attr) {
        int type = Descriptor.type(attr);
        return type == Descriptor.TSS32_AVAILABLE || type == Descriptor.TSS32_BUSY;
    }

    /** Loads SS:ESP for privilege level {@code dpl} from the current TSS (a stack switch). */
    static void loadInnerStack(Cpu c, int dpl, int ext) {
        int trError = (c.trSel & 0xFFFC) | ext;
        if (!is32(c.trAttr)) {
            c.raise(Cpu.TS, trError);
        }
        int at = ESP0 + dpl * 8;
        if (at + 5 > c.trLimit) {
            c.raise(Cpu.TS, trError);
        }
        int esp = c.readSystem32(c.trBase + at);
        int ss = c.readSystem16(c.trBase + at + 4);
        if ((ss & 0xFFFC) == 0) {
            c.raise(Cpu.TS, ext);
        }
        Segments.loadStack(c, ss, Cpu.TS, Cpu.SS_FAULT, dpl);
        c.regs[Cpu.ESP] = c.stack32 ? esp : (c.regs[Cpu.ESP] & 0xFFFF0000) | (esp & 0xFFFF);
    }

    /**
     * Switches to the task whose TSS {@code selector} names. {@code returnEip} is saved as the
     * old task's EIP; {@code reason} is JMP, CALL (also INT through a task gate) or IRET.
     */
    static void switchTo(Cpu c, int selector, int reason, int returnEip, int ext) {
        int error = (selector & 0xFFFC) | ext;
        if ((selector & 4) != 0) {
            c.raise(reason == IRET ? Cpu.TS : Cpu.GP, error);
        }
        long d = Segments.read(c, selector, reason == IRET ? Cpu.TS : Cpu.GP, ext);
        int low = Segments.low(d);
        int high = Segments.high(d);
        int attr = Descriptor.attributes(high);
        int type = Descriptor.type(attr);
        boolean wantBusy = reason == IRET;
        boolean okType = !Descriptor.isCodeOrData(attr)
                && (wantBusy ? type == Descriptor.TSS32_BUSY || type == Descriptor.TSS16_BUSY
                        : type == Descriptor.TSS32_AVAILABLE || type == Descriptor.TSS16_AVAILABLE);
        if (!okType) {
            c.raise(wantBusy ? Cpu.TS : Cpu.GP, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, error);
        }
        int newBase = Descriptor.base(low, high);
        int newLimit = Descriptor.limit(low, high);
        if (!is32(attr) || Integer.compareUnsigned(newLimit, MIN_LIMIT32) < 0) {
            c.raise(Cpu.TS, error);
        }

        // Save the outgoing task into its own TSS.
        int old = c.trBase;
        int oldFlags = c.flags.get();
        if (reason == IRET) {
            oldFlags &= ~Flags.NT;
        }
        c.writeSystem32(old + EIP, returnEip);
        c.writeSystem32(old + EFLAGS, oldFlags);
        for (int r = 0; r < 8; r++) {
            c.writeSystem32(old + EAX + 4 * r, c.regs[r]);
        }
        for (int s = 0; s < 6; s++) {
            c.writeSystem16(old + SEGMENTS + 4 * s, c.segSel[s]);
        }
        if (reason == JMP || reason == IRET) {
            setBusy(c, c.trSel, false);
        }
        if (reason == CALL) {
            c.writeSystem16(newBase + LINK, c.trSel);
        }
        if (reason != IRET) {
            high = setBusy(c, selector, true);
        }

        // From here on, faults belong to the new task.
        c.trSel = selector & 0xFFFF;
        c.trBase = newBase;
        c.trLimit = newLimit;
        c.trAttr = Descriptor.attributes(high);
        c.writeCr0(c.cr0 | 8); // TS: the coprocessor state belongs to the old task

        int newCr3 = c.readSystem32(newBase + CR3);
        int newEip = c.readSystem32(newBase + EIP);
        int newFlags = c.readSystem32(newBase + EFLAGS);
        int[] regs = c.regs;
        for (int r = 0; r < 8; r++) {
            regs[r] = c.readSystem32(newBase + EAX + 4 * r);
        }
        int[] selectors = c.taskSelectors;
        for (int s = 0; s < 6; s++) {
            selectors[s] = c.readSystem16(newBase + SEGMENTS + 4 * s);
        }
        int ldt = c.readSystem16(newBase + LDT);
        if (c.pagingEnabled) {
            c.writeCr3(newCr3);
        }
        c.flags.load(newFlags | (reason == CALL ? Flags.NT : 0), ~Flags.ALWAYS_ONE);
        c.eip = newEip;

        // Selectors first, descriptors checked afterwards, as the i386 does.
        for (int s = 0; s < 6; s++) {
            c.loadNullSegment(s, selectors[s]);
        }
        loadLdt(c, ldt, Cpu.TS);
        if (c.v86()) {
            c.cpl = 3;
            for (int s = 0; s < 6; s++) {
                c.loadSegmentV86(s, selectors[s]);
            }
            return;
        }
        c.cpl = selectors[Cpu.CS] & 3;
        for (int s : LOAD_ORDER) {
            loadTaskSegment(c, s, selectors[s]);
        }
    }

    private static void loadTaskSegment(Cpu c, int seg, int selector) {
        if (seg == Cpu.SS) {
            Segments.loadStack(c, selector, Cpu.TS, Cpu.SS_FAULT, c.cpl);
        } else if (seg == Cpu.CS) {
            int error = selector & 0xFFFC;
            if (error == 0) {
                c.raise(Cpu.TS, 0);
            }
            long d = Segments.read(c, selector, Cpu.TS, 0);
            int attr = Descriptor.attributes(Segments.high(d));
            boolean conforming = (attr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
            if (!Descriptor.isCode(attr) || (conforming ? Descriptor.dpl(attr) > c.cpl
                    : Descriptor.dpl(attr) != c.cpl)) {
                c.raise(Cpu.TS, error);
            }
            if (!Descriptor.present(attr)) {
                c.raise(Cpu.NP, error);
            }
            int high = Segments.markAccessed(c, selector, Segments.high(d));
            c.loadSegmentDescriptor(Cpu.CS, selector, Segments.low(d), high);
        } else {
            Segments.loadData(c, seg, selector, Cpu.TS);
        }
    }

    /** LLDT and task switches: loads LDTR from an LDT descriptor in the GDT (null is allowed). */
    static void loadLdt(Cpu c, int selector, int vector) {
        if ((selector & 0xFFFC) == 0) {
            c.ldtSel = selector & 0xFFFF;
            c.ldtBase = 0;
            c.ldtLimit = 0;
            return;
        }
        int error = selector & 0xFFFC;
        if ((selector & 4) != 0) {
            c.raise(vector, error);
        }
        long d = Segments.read(c, selector, vector, 0);
        int attr = Descriptor.attributes(Segments.high(d));
        if (Descriptor.isCodeOrData(attr) || Descriptor.type(attr) != Descriptor.LDT) {
            c.raise(vector, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, error);
        }
        c.ldtSel = selector & 0xFFFF;
        c.ldtBase = Descriptor.base(Segments.low(d), Segments.high(d));
        c.ldtLimit = Descriptor.limit(Segments.low(d), Segments.high(d));
    }

    /** LTR: loads TR from an available TSS in the GDT and marks it busy. */
    static void loadTaskRegister(Cpu c, int selector) {
        int error = selector & 0xFFFC;
        if (error == 0) {
            c.raise(Cpu.GP, 0);
        }
        if ((selector & 4) != 0) {
            c.raise(Cpu.GP, error);
        }
        long d = Segments.read(c, selector, Cpu.GP, 0);
        int attr = Descriptor.attributes(Segments.high(d));
        int type = Descriptor.type(attr);
        if (Descriptor.isCodeOrData(attr)
                || (type != Descriptor.TSS32_AVAILABLE && type != Descriptor.TSS16_AVAILABLE)) {
            c.raise(Cpu.GP, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, error);
        }
        int high = setBusy(c, selector, true);
        c.trSel = selector & 0xFFFF;
        c.trBase = Descriptor.base(Segments.low(d), high);
        c.trLimit = Descriptor.limit(Segments.low(d), high);
        c.trAttr = Descriptor.attributes(high);
    }

    /** Sets or clears the busy bit of a TSS descriptor in the GDT; returns its new high dword. */
    private static int setBusy(Cpu c, int selector, boolean busy) {
        int at = c.gdtBase + (selector & 0xFFF8) + 4;
        int high = c.readSystem32(at);
        high = busy ? high | BUSY_BIT : high & ~BUSY_BIT;
        c.writeSystem32(at, high);
        return high;
    }

    /** IRET with NT set: returns to the task named by the current TSS's back link. */
    static void returnToLink(Cpu c, int returnEip) {
        int link = c.readSystem16(c.trBase + LINK);
        switchTo(c, link, IRET, returnEip, 0);
    }

    /**
     * The I/O permission check for IN, OUT, INS and OUTS at CPL > IOPL or in virtual-8086 mode:
     * every bit for the ports accessed must be clear in the TSS's I/O permission bitmap.
     */
    static void checkIoPermission(Cpu c, int port, int size) {
        if (!is32(c.trAttr) || c.trLimit < IO_MAP + 1) {
            c.raise(Cpu.GP, 0);
        }
        int mapBase = c.readSystem16(c.trBase + IO_MAP);
        int byteOffset = mapBase + (port >>> 3);
        if (Integer.compareUnsigned(byteOffset + 1, c.trLimit) > 0) {
            c.raise(Cpu.GP, 0);
        }
        int bits = c.readSystem16(c.trBase + byteOffset);
        int mask = ((1 << size) - 1) << (port & 7);
        if ((bits & mask) != 0) {
            c.raise(Cpu.GP, 0);
        }
    }
}
