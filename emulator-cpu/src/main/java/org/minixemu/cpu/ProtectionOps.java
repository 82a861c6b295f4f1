package org.minixemu.cpu;

/**
 * The protected-mode-only instructions: SLDT, STR, LLDT, LTR, VERR, VERW, LAR, LSL and ARPL. All
 * of them raise #UD in real and virtual-8086 mode.
 */
final class ProtectionOps {
    private ProtectionOps() {
    }

    private static void requireProtectedMode(Cpu c) {
        if (!c.protectedMode() || c.v86()) {
            c.raise(Cpu.UD, -1);
        }
    }

    /** Stores a selector: a 32-bit register gets it zero-extended, memory gets a word. */
    private static void storeSelector(Cpu c, int selector) {
        if (c.rmIsRegister()) {
            c.setRegV(c.rm, selector);
        } else {
            c.writeEw(selector);
        }
    }

    static void sldt(Cpu c) {
        requireProtectedMode(c);
        storeSelector(c, c.ldtSel);
    }

    static void str(Cpu c) {
        requireProtectedMode(c);
        storeSelector(c, c.trSel);
    }

    static void lldt(Cpu c) {
        requireProtectedMode(c);
        if (c.cpl != 0) {
            c.raise(Cpu.GP, 0);
        }
        TaskSwitch.loadLdt(c, c.readEw(), Cpu.GP);
    }

    static void ltr(Cpu c) {
        requireProtectedMode(c);
        if (c.cpl != 0) {
            c.raise(Cpu.GP, 0);
        }
        TaskSwitch.loadTaskRegister(c, c.readEw());
    }

    /**
     * Reads a descriptor for LAR, LSL, VERR and VERW, which report failure in ZF instead of
     * faulting. Returns -1 (all ones, never a valid descriptor here) when the selector is null or
     * outside its table.
     */
    private static long probe(Cpu c, int selector) {
        if ((selector & 0xFFFC) == 0) {
            return -1;
        }
        int index = selector & 0xFFF8;
        boolean local = (selector & 4) != 0;
        int limit = local ? c.ldtLimit : c.gdtLimit;
        if ((local && (c.ldtSel & 0xFFFC) == 0) || Integer.compareUnsigned(index + 7, limit) > 0) {
            return -1;
        }
        return Segments.read(c, selector, Cpu.GP, 0);
    }

    /** Non-conforming segments and system descriptors need DPL >= CPL and DPL >= RPL. */
    private static boolean visible(Cpu c, int selector, int attr) {
        boolean conformingCode = Descriptor.isCode(attr) && (attr & Descriptor.TYPE_EXPAND_DOWN_OR_CONFORMING) != 0;
        int dpl = Descriptor.dpl(attr);
        return conformingCode || (dpl >= c.cpl && dpl >= (selector & 3));
    }

    static void verify(Cpu c, boolean write) {
        requireProtectedMode(c);
        int selector = c.readEw();
        long d = probe(c, selector);
        boolean ok = false;
        if (d != -1) {
            int attr = Descriptor.attributes(Segments.high(d));
            boolean code = Descriptor.isCode(attr);
            boolean rw = (attr & Descriptor.TYPE_WRITABLE_OR_READABLE) != 0;
            ok = Descriptor.isCodeOrData(attr) && (write ? !code && rw : !code || rw) && visible(c, selector, attr);
        }
        c.flags.set(Flags.ZF, ok);
    }

    private static boolean systemTypeFor(int type, boolean forLar) {
        return switch (type) {
            case Descriptor.TSS16_AVAILABLE, Descriptor.LDT, Descriptor.TSS16_BUSY,
                    Descriptor.TSS32_AVAILABLE, Descriptor.TSS32_BUSY -> true;
            case Descriptor.CALL_GATE16, Descriptor.TASK_GATE, Descriptor.CALL_GATE32 -> forLar;
            default -> false;
        };
    }

    /**
     * The descriptor LAR ({@code forLar}) or LSL may report for the selector in Ew, or -1 when
     * the selector is null, outside its table, of a type the instruction does not report, or
     * not visible at this privilege (then ZF is cleared by the caller).
     */
    private static long reportable(Cpu c, boolean forLar) {
        int selector = c.readEw();
        long d = probe(c, selector);
        if (d == -1) {
            return -1;
        }
        int attr = Descriptor.attributes(Segments.high(d));
        boolean typeOk = Descriptor.isCodeOrData(attr) || systemTypeFor(Descriptor.type(attr), forLar);
        return typeOk && visible(c, selector, attr) ? d : -1;
    }

    /** LAR: the access-rights bytes of a descriptor the current privilege may see. */
    static void lar(Cpu c) {
        requireProtectedMode(c);
        long d = reportable(c, true);
        if (d != -1) {
            int high = Segments.high(d);
            c.setRegV(c.reg, c.opSize32 ? high & 0x00F0FF00 : high & 0xFF00);
        }
        c.flags.set(Flags.ZF, d != -1);
    }

    /** LSL: the byte-granular limit of a segment the current privilege may see. */
    static void lsl(Cpu c) {
        requireProtectedMode(c);
        long d = reportable(c, false);
        if (d != -1) {
            c.setRegV(c.reg, Descriptor.limit(Segments.low(d), Segments.high(d)));
        }
        c.flags.set(Flags.ZF, d != -1);
    }

    /** ARPL Ew,Gw: raises the destination selector's RPL to the source's, reporting it in ZF. */
    static void arpl(Cpu c) {
        requireProtectedMode(c);
        int dest = c.readEw();
        int source = c.reg16(c.reg);
        if ((dest & 3) < (source & 3)) {
            c.writeEw((dest & ~3) | (source & 3));
            c.flags.set(Flags.ZF, true);
        } else {
            c.flags.set(Flags.ZF, false);
        }
    }
}
