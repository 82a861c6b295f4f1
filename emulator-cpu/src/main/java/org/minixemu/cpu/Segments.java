package org.minixemu.cpu;

/**
 * Protected-mode descriptor tables: reading GDT and LDT entries and loading data and stack
 * segment registers with every check of the i386 (type, privilege, presence).
 */
final class Segments {
    private Segments() {
    }

    /**
     * Reads the descriptor a selector names, as {@code high << 32 | low}. A selector beyond its
     * table's limit (or into an absent LDT) raises {@code vector} with the selector as error code,
     * plus {@code ext} (1 when an external event caused the access).
     */
    static long read(Cpu c, int selector, int vector, int ext) {
        int index = selector & 0xFFF8;
        int base;
        int limit;
        if ((selector & 4) != 0) {
            if ((c.ldtSel & 0xFFFC) == 0) {
                c.raise(vector, (selector & 0xFFFC) | ext);
            }
            base = c.ldtBase;
            limit = c.ldtLimit;
        } else {
            base = c.gdtBase;
            limit = c.gdtLimit;
        }
        if (Integer.compareUnsigned(index + 7, limit) > 0) {
            c.raise(vector, (selector & 0xFFFC) | ext);
        }
        int low = c.readSystem32(base + index);
        int high = c.readSystem32(base + index + 4);
        return ((long) high << 32) | (low & 0xFFFFFFFFL);
    }

    static int low(long descriptor) {
        return (int) descriptor;
    }

    static int high(long descriptor) {
        return (int) (descriptor >>> 32);
    }

    /** Linear address of a selector's descriptor (the table is known to hold it). */
    static int address(Cpu c, int selector) {
        return ((selector & 4) != 0 ? c.ldtBase : c.gdtBase) + (selector & 0xFFF8);
    }

    /** Sets the accessed bit of a code or data descriptor, as loading it does; returns the new high dword. */
    static int markAccessed(Cpu c, int selector, int high) {
        if ((high & (Descriptor.TYPE_ACCESSED << 8)) == 0) {
            high |= Descriptor.TYPE_ACCESSED << 8;
            c.writeSystem32(address(c, selector) + 4, high);
        }
        return high;
    }

    /** MOV, POP and LxS to a data or stack segment register in protected mode. */
    static void loadDataOrStack(Cpu c, int seg, int selector) {
        if (seg == Cpu.SS) {
            loadStack(c, selector, Cpu.GP, Cpu.SS_FAULT, c.cpl);
        } else {
            loadData(c, seg, selector, Cpu.GP);
        }
    }

    /**
     * Loads DS, ES, FS or GS. A null selector loads an unusable segment; anything else must be a
     * present data or readable code segment the current privilege may use.
     */
    static void loadData(Cpu c, int seg, int selector, int vector) {
        if ((selector & 0xFFFC) == 0) {
            c.loadNullSegment(seg, selector);
            return;
        }
        long d = read(c, selector, vector, 0);
        int high = high(d);
        int attr = Descriptor.attributes(high);
        int error = selector & 0xFFFC;
        boolean code = Descriptor.isCode(attr);
        if (!Descriptor.isCodeOrData(attr) || (code && (attr & Descriptor.TYPE_WRITABLE_OR_READABLE) == 0)) {
            c.raise(vector, error);
        }
        boolean conforming = code && (attr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
        int dpl = Descriptor.dpl(attr);
        if (!conforming && ((selector & 3) > dpl || c.cpl > dpl)) {
            c.raise(vector, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, error);
        }
        high = markAccessed(c, selector, high);
        c.loadSegmentDescriptor(seg, selector, low(d), high);
    }

    /**
     * Loads SS for privilege level {@code cpl}: a present, writable data segment whose RPL and
     * DPL equal it. {@code vector} is #GP for MOV/POP/LSS and #TS for stack switches;
     * {@code notPresent} is #SS.
     */
    static void loadStack(Cpu c, int selector, int vector, int notPresent, int cpl) {
        if ((selector & 0xFFFC) == 0) {
            c.raise(vector, 0);
        }
        int error = selector & 0xFFFC;
        if ((selector & 3) != cpl) {
            c.raise(vector, error);
        }
        long d = read(c, selector, vector, 0);
        int high = high(d);
        int attr = Descriptor.attributes(high);
        if (!Descriptor.isCodeOrData(attr) || Descriptor.isCode(attr)
                || (attr & Descriptor.TYPE_WRITABLE_OR_READABLE) == 0 || Descriptor.dpl(attr) != cpl) {
            c.raise(vector, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(notPresent, error);
        }
        high = markAccessed(c, selector, high);
        c.loadSegmentDescriptor(Cpu.SS, selector, low(d), high);
    }

    /**
     * Checks a code-segment descriptor that a far transfer goes to with requested privilege
     * {@code rpl}: conforming code needs DPL at most the CPL, non-conforming code DPL equal to the
     * CPL and an RPL no weaker. Raises #GP or #NP with the selector.
     */
    static void checkCodeTarget(Cpu c, int selector, int attr, boolean sameLevelOnly) {
        int error = selector & 0xFFFC;
        if (!Descriptor.isCode(attr)) {
            c.raise(Cpu.GP, error);
        }
        int dpl = Descriptor.dpl(attr);
        boolean conforming = (attr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
        if (conforming ? dpl > c.cpl : (dpl != c.cpl || (sameLevelOnly && (selector & 3) > c.cpl))) {
            c.raise(Cpu.GP, error);
        }
        if (!Descriptor.present(attr)) {
            c.raise(Cpu.NP, error);
        }
    }

    /**
     * After a return to an outer level: a data or non-conforming code segment register whose DPL
     * is below the new CPL is loaded with null, so the outer code cannot use it.
     */
    static void invalidateForOuterLevel(Cpu c) {
        for (int seg : Cpu.DATA_SEGMENTS) {
            int attr = c.segAttr[seg];
            boolean conformingCode = Descriptor.isCode(attr)
                    && (attr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
            if ((c.segSel[seg] & 0xFFFC) != 0 && !conformingCode && Descriptor.dpl(attr) < c.cpl) {
                c.loadNullSegment(seg, 0);
            }
        }
    }
}
