package org.minixemu.cpu;

/**
 * The registers an interrupt delivery, far transfer or task switch changes before it may still
 * fault. Saved before, restored when a nested fault aborts it, so that the fault is reported
 * against the state the instruction started from. One instance per CPU: nothing is allocated.
 */
final class SavedState {
    private final int[] sel = new int[6];
    private final int[] base = new int[6];
    private final int[] limit = new int[6];
    private final int[] attr = new int[6];
    private final int[] regs = new int[8];
    private int eip;
    private int eflags;
    private int cpl;
    private int cr0;
    private int cr3;
    private int ldtSel;
    private int ldtBase;
    private int ldtLimit;
    private int trSel;
    private int trBase;
    private int trLimit;
    private int trAttr;

    void save(Cpu c) {
        System.arraycopy(c.segSel, 0, sel, 0, 6);
        System.arraycopy(c.segBase, 0, base, 0, 6);
        System.arraycopy(c.segLimit, 0, limit, 0, 6);
        System.arraycopy(c.segAttr, 0, attr, 0, 6);
        System.arraycopy(c.regs, 0, regs, 0, 8);
        eip = c.eip;
        eflags = c.flags.get();
        cpl = c.cpl;
        cr0 = c.cr0;
        cr3 = c.cr3;
        ldtSel = c.ldtSel;
        ldtBase = c.ldtBase;
        ldtLimit = c.ldtLimit;
        trSel = c.trSel;
        trBase = c.trBase;
        trLimit = c.trLimit;
        trAttr = c.trAttr;
    }

    void restore(Cpu c) {
        c.flags.load(eflags, ~Flags.ALWAYS_ONE);
        if (c.cr0 != cr0) {
            c.writeCr0(cr0);
        }
        if (c.cr3 != cr3) {
            c.writeCr3(cr3);
        }
        System.arraycopy(sel, 0, c.segSel, 0, 6);
        System.arraycopy(base, 0, c.segBase, 0, 6);
        System.arraycopy(limit, 0, c.segLimit, 0, 6);
        System.arraycopy(attr, 0, c.segAttr, 0, 6);
        System.arraycopy(regs, 0, c.regs, 0, 8);
        c.eip = eip;
        c.cpl = cpl;
        c.ldtSel = ldtSel;
        c.ldtBase = ldtBase;
        c.ldtLimit = ldtLimit;
        c.trSel = trSel;
        c.trBase = trBase;
        c.trLimit = trLimit;
        c.trAttr = trAttr;
        for (int s = 0; s < 6; s++) {
            c.refreshSegment(s);
        }
    }
}
