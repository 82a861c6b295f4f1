package org.minixemu.cpu;

/** PUSHF, POPF, SAHF, LAHF, CLI, STI, and the rules for which EFLAGS bits software may write. */
final class FlagOps {
    /** Bits POPF and IRET may change in real mode with a 16-bit operand. */
    private static final int WRITABLE_16 = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF
            | Flags.TF | Flags.IF | Flags.DF | Flags.OF | Flags.IOPL | Flags.NT;
    /** With a 32-bit operand AC and ID join them; VM and RF are never loaded from the stack here. */
    private static final int WRITABLE_32 = WRITABLE_16 | Flags.AC | Flags.ID;
    private static final int SAHF_BITS = Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF;

    private FlagOps() {
    }

    static void pushf(Cpu c) {
        // VM and RF read as zero in the pushed image.
        c.pushV(c.flags.get() & ~(Flags.VM | Flags.RF));
    }

    static void popf(Cpu c) {
        loadFromStack(c, c.popV());
    }

    static void loadFromStack(Cpu c, int value) {
        c.flags.load(value, c.opSize32 ? WRITABLE_32 : WRITABLE_16);
        c.flags.set(Flags.RF, false);
    }

    static void sahf(Cpu c) {
        c.flags.load(c.reg8(4), SAHF_BITS); // AH
    }

    static void lahf(Cpu c) {
        c.setReg8(4, c.flags.get());
    }

    static void cli(Cpu c) {
        c.flags.set(Flags.IF, false);
    }

    /** STI: interrupts stay off until after the next instruction. */
    static void sti(Cpu c) {
        if (!c.flags.isSet(Flags.IF)) {
            c.interruptShadow = true;
        }
        c.flags.set(Flags.IF, true);
    }
}
