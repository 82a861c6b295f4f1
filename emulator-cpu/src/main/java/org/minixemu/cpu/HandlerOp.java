package org.minixemu.cpu;

/**
 * A bound op for any instruction: copies the decode state into the CPU, as the interpreter's
 * decoder would have left it, and runs the opcode's handler. The handler fetches its
 * immediates from EIP on through the fetch window that the run loop opened over the block.
 */
final class HandlerOp extends BoundOp {
    private final DecodedInstruction d;
    private final Handler handler;

    HandlerOp(DecodedInstruction d) {
        super(d, true);
        this.d = d;
        this.handler = d.opcode.handler;
    }

    @Override
    BoundOp run(Cpu c) {
        DecodedInstruction d = this.d;
        faultPoint(c);
        c.startEsp = c.regs[Cpu.ESP]; // a handler may move ESP before it faults
        c.eip = d.afterModrm;
        c.opSize32 = d.opSize32;
        c.addrSize32 = d.addrSize32;
        c.segOverride = d.segOverride;
        c.repPrefix = d.repPrefix;
        c.lockPrefix = d.lockPrefix;
        if (d.hasModrm) {
            c.mod = d.mod;
            c.reg = d.reg;
            c.rm = d.rm;
            if (d.mod != 3) {
                c.eaBaseIsEsp = d.eaBaseIsEsp;
                c.eaSeg = d.eaSeg;
                c.eaOffset = effectiveOffset(c, d);
            }
        }
        // The handler may read the retired count or ask for an exit (which reads it): it is
        // made exact for the handler, and taken back after, so that leaving adds the ordinal.
        int before = ordinal - 1;
        c.retired += before;
        try {
            handler.execute(c);
        } finally {
            c.retired -= before; // a fault adds the instructions before this one again (Cpu.runDecoded)
        }
        // A conditional jump in mid-block that did not go where the block goes on leaves it.
        return !d.sideExit || c.eip == d.nextInBlock() ? proceed(c) : leave(c);
    }

    /** The effective offset of the decoded memory operand, from the registers as they are now. */
    private static int effectiveOffset(Cpu c, DecodedInstruction d) {
        int offset = d.displacement;
        if (d.base >= 0) {
            offset += c.regs[d.base];
        }
        if (d.index >= 0) {
            offset += c.regs[d.index] << d.scale;
        }
        return d.addrSize32 ? offset : offset & 0xFFFF;
    }
}
