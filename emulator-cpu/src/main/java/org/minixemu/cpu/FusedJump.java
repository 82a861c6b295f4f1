package org.minixemu.cpu;

/**
 * A CMP or TEST of registers or an immediate and the conditional jump right after it, bound as
 * one op: two instructions, one dispatch. The flags are recorded exactly as the CMP or TEST
 * records them (later code may read them), and the jump decides from the operands at hand, as
 * compiled code does, instead of asking the lazy flags; P and NP, which need the parity, still
 * ask them. The op's {@link #ordinal} counts both instructions; neither can fault.
 */
abstract class FusedJump extends BoundControl.Conditional {
    /** The first operand's register, and the second's (-1: the immediate {@link #value}). */
    final int a;
    final int src;
    final int value;

    /** {@code first} is the CMP or TEST (or the instruction before it), {@code jump} the Jcc. */
    FusedJump(DecodedInstruction first, DecodedInstruction jump, int a, int src, int value) {
        super(first, jump);
        this.a = a;
        this.src = src;
        this.value = value;
    }

    /** Condition {@link #cc} after a - b (all six flags those of the 32-bit difference). */
    final boolean afterDifference(Cpu c, int a, int b) {
        boolean r = switch (cc >>> 1) {
            case 0 -> ((a ^ b) & (a ^ (a - b))) < 0; // OF
            case 1 -> Integer.compareUnsigned(a, b) < 0; // CF: a below b
            case 2 -> a == b; // ZF
            case 3 -> Integer.compareUnsigned(a, b) <= 0; // CF or ZF
            case 4 -> a - b < 0; // SF
            case 6 -> a < b; // SF != OF: a less than b, signed
            case 7 -> a <= b; // ZF, or SF != OF
            default -> Conditions.test(c, cc & ~1); // PF: the recorded flags
        };
        return (cc & 1) == 0 ? r : !r;
    }

    /** Condition {@link #cc} after a logical result whose sign is {@code r}'s (CF = OF = 0). */
    final boolean afterLogic(Cpu c, int r) {
        boolean v = switch (cc >>> 1) {
            case 0, 1 -> false; // OF, CF
            case 2, 3 -> r == 0; // ZF; CF or ZF
            case 4, 6 -> r < 0; // SF; SF != OF
            case 7 -> r <= 0; // ZF, or SF != OF
            default -> Conditions.test(c, cc & ~1); // PF
        };
        return (cc & 1) == 0 ? v : !v;
    }

    /** The second operand: its register, or the immediate. */
    final int second(int[] regs) {
        return src >= 0 ? regs[src] : value;
    }

    /** CMP r32,r32 or CMP r32,imm (src -1) and a Jcc. */
    static final class Compare extends FusedJump {
        Compare(DecodedInstruction compare, DecodedInstruction jump, int a, int src, int value) {
            super(compare, jump, a, src, value);
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int x = regs[a];
            int y = second(regs);
            c.flags.record32(Flags.KIND_SUB, x, y, x - y);
            return jump(c, afterDifference(c, x, y));
        }
    }

    /**
     * A register counted up or down (INC, DEC, ADD or SUB of an immediate, whose flags the CMP
     * overwrites), then CMP r32,r32 or CMP r32,imm (src -1) and a Jcc: a loop's closing idiom,
     * three instructions in one op.
     */
    static final class CountCompare extends FusedJump {
        private final int counter;
        private final int delta;

        CountCompare(DecodedInstruction count, DecodedInstruction jump, int counter, int delta, int a, int src,
                int value) {
            super(count, jump, a, src, value);
            this.counter = counter;
            this.delta = delta;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[counter] += delta;
            int x = regs[a];
            int y = second(regs);
            c.flags.record32(Flags.KIND_SUB, x, y, x - y);
            return jump(c, afterDifference(c, x, y));
        }
    }

    /** TEST r32,r32 or TEST r32,imm (src -1) and a Jcc. */
    static final class Test extends FusedJump {
        Test(DecodedInstruction compare, DecodedInstruction jump, int a, int src, int value) {
            super(compare, jump, a, src, value);
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int r = regs[a] & second(regs);
            c.flags.record32(Flags.KIND_ADD, r, 0, r);
            return jump(c, afterLogic(c, r));
        }
    }

    /** TEST r8,imm8 and a Jcc. */
    static final class TestByte extends FusedJump {
        TestByte(DecodedInstruction compare, DecodedInstruction jump, int a, int value) {
            super(compare, jump, a, -1, value & 0xFF);
        }

        @Override
        BoundOp run(Cpu c) {
            int r = c.reg8(a) & value;
            c.flags.logic(1, r);
            return jump(c, afterLogic(c, (byte) r));
        }
    }
}
