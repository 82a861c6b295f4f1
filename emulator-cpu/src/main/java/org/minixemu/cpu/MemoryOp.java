package org.minixemu.cpu;

/**
 * A bound op with a memory operand of 32-bit address size: the segment and the address parts
 * are fields. An absent base or index is register 0 under a zero mask, so the offset is the same
 * few operations for every shape of address, without a branch.
 */
abstract class MemoryOp extends BoundOp {
    /** The segment of the operand, override applied. */
    final int seg;
    private final int base;
    private final int baseMask;
    private final int index;
    private final int indexMask;
    private final int scale;
    private final int displacement;

    MemoryOp(DecodedInstruction d) {
        this(d, false);
    }

    MemoryOp(DecodedInstruction d, boolean setsEip) {
        this(d, d, setsEip);
    }

    /** An op for the instructions from {@code d}, whose memory operand it has, to {@code last}. */
    MemoryOp(DecodedInstruction d, DecodedInstruction last, boolean setsEip) {
        super(d, last, setsEip);
        if (!d.hasMemoryOperand() || !d.addrSize32) {
            throw new IllegalArgumentException("not a 32-bit memory operand: " + d.code);
        }
        seg = d.eaSeg;
        base = Math.max(d.base, 0);
        baseMask = d.base >= 0 ? -1 : 0;
        index = Math.max(d.index, 0);
        indexMask = d.index >= 0 ? -1 : 0;
        scale = d.scale;
        displacement = d.displacement;
    }

    /** The operand's offset in its segment, from the registers as they are now. */
    final int offset(int[] regs) {
        return displacement + (regs[base] & baseMask) + ((regs[index] & indexMask) << scale);
    }

    /** The operand's offset, for an access: marks the fault point first (see {@link #faultPoint}). */
    final int access(Cpu c) {
        faultPoint(c);
        return offset(c.regs);
    }
}
