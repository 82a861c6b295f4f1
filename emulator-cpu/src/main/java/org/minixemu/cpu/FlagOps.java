package org.minixemu.cpu;

/** PUSHF, POPF, SAHF, LAHF, CLI, STI, and the rules for which EFLAGS bits software may write. */
final class FlagOps {
    /** Bits POPF and IRET may change in real mode with a 16-bit operand. */
    private static final int WRITABLE_16 = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF
            | Flags.TF | Flags.IF | Flags.DF | Flags.OF | Flags.IOPL | Flags.NT;
    /** With a 32-bit operand AC and ID join them; VM and RF are never loaded from the stack here. */
    static final int WRITABLE_32 = WRITABLE_16 | Flags.AC | Flags.ID;
    private static final int SAHF_BITS = Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF;

    private FlagOps() {
    }

    /** PUSHF: IOPL-sensitive in virtual-8086 mode; VM and RF read as zero in the pushed image. */
    static void pushf(Cpu c) {
        if (c.v86() && c.iopl() < 3) {
            c.raise(Cpu.GP, 0);
        }
        c.pushV(c.flags.get() & ~(Flags.VM | Flags.RF));
    }

    static void popf(Cpu c) {
        if (c.v86() && c.iopl() < 3) {
            c.raise(Cpu.GP, 0);
        }
        int value = c.popV();
        if (c.protectedMode()) {
            loadProtected(c, value, c.sizeV(), c.cpl);
        } else {
            loadFromStack(c, value);
        }
    }

    /** Real mode POPF and IRET: every writable bit loads. */
    static void loadFromStack(Cpu c, int value) {
        if (c.v86()) {
            // IOPL-3 virtual-8086 code may not change IOPL (nor VM, which is never loaded here).
            c.flags.load(value, (c.opSize32 ? WRITABLE_32 : WRITABLE_16) & ~Flags.IOPL);
        } else {
            c.flags.load(value, c.opSize32 ? WRITABLE_32 : WRITABLE_16);
        }
        c.flags.set(Flags.RF, false);
    }

    /**
     * Protected-mode POPF and IRET: IOPL changes only at CPL 0, IF only when CPL <= IOPL; VM is
     * never loaded here (IRET's return to virtual-8086 mode handles it).
     */
    static void loadProtected(Cpu c, int value, int size, int privilege) {
        int writable = size == 4 ? WRITABLE_32 : WRITABLE_16;
        if (privilege > 0) {
            writable &= ~Flags.IOPL;
        }
        if (privilege > c.iopl()) {
            writable &= ~Flags.IF;
        }
        c.flags.load(value, writable);
        c.flags.set(Flags.RF, false);
    }

    static void sahf(Cpu c) {
        c.flags.load(c.reg8(4), SAHF_BITS); // AH
    }

    static void lahf(Cpu c) {
        c.setReg8(4, c.flags.get());
    }

    /** CLI and STI need CPL <= IOPL in protected mode, IOPL 3 in virtual-8086 mode. */
    private static void checkIopl(Cpu c) {
        if (c.protectedMode() && c.cpl > c.iopl()) {
            c.raise(Cpu.GP, 0);
        }
    }

    static void cli(Cpu c) {
        checkIopl(c);
        c.flags.set(Flags.IF, false);
    }

    /** STI: interrupts stay off until after the next instruction. */
    static void sti(Cpu c) {
        checkIopl(c);
        if (!c.flags.isSet(Flags.IF)) {
            c.interruptShadow = true;
        }
        c.flags.set(Flags.IF, true);
    }
}
