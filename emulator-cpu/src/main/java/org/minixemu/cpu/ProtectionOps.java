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
     * Whether a selector names a descriptor that LAR, LSL, VERR and VERW may read: not null and
     * inside its table (they report the rest in ZF instead of faulting).
     */
    private static boolean inTable(Cpu c, int selector) {
        if ((selector & 0xFFFC) == 0) {
            return false;
        }
        boolean local = (selector & 4) != 0;
        int limit = local ? c.ldtLimit : c.gdtLimit;
        return !(local && (c.ldtSel & 0xFFFC) == 0)
                && Integer.compareUnsigned((selector & 0xFFF8) + 7, limit) <= 0;
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
        boolean ok = false;
        if (inTable(c, selector)) {
            int attr = Descriptor.attributes(Segments.high(Segments.read(c, selector, Cpu.GP, 0)));
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
     * LAR ({@code forLar}) and LSL: when the selector in Ew names a descriptor of a type the
     * instruction reports and the current privilege may see, sets ZF and stores what
     * {@code result} takes from it; otherwise clears ZF and leaves the destination alone.
     */
    private static void report(Cpu c, boolean forLar, DescriptorField result) {
        requireProtectedMode(c);
        int selector = c.readEw();
        if (inTable(c, selector)) {
            long d = Segments.read(c, selector, Cpu.GP, 0);
            int attr = Descriptor.attributes(Segments.high(d));
            if ((Descriptor.isCodeOrData(attr) || systemTypeFor(Descriptor.type(attr), forLar))
                    && visible(c, selector, attr)) {
                c.setRegV(c.reg, result.of(c, d));
                c.flags.set(Flags.ZF, true);
                return;
            }
        }
        c.flags.set(Flags.ZF, false);
    }

    /** LAR: the access-rights bytes of a descriptor the current privilege may see. */
    static void lar(Cpu c) {
        report(c, true, ProtectionOps::accessRights);
    }

    /** LSL: the byte-granular limit of a segment the current privilege may see. */
    static void lsl(Cpu c) {
        report(c, false, (cpu, d) -> Descriptor.limit(Segments.low(d), Segments.high(d)));
    }

    /** What LAR or LSL stores; non-capturing, so reporting allocates nothing. */
    @FunctionalInterface
    private interface DescriptorField {
        int of(Cpu c, long descriptor);
    }

    private static int accessRights(Cpu c, long d) {
        return c.opSize32 ? Segments.high(d) & 0x00F0FF00 : Segments.high(d) & 0xFF00;
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
