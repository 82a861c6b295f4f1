package org.minixemu.cpu;

/**
 * A register-to-register MOV and the ALU operation or shift after it on the same register,
 * bound as one op: {@code mov %src, %dst; op x, %dst} is the two-operand machine's way of
 * writing {@code dst = src op x}, and compiled C is full of it. Both run exactly as their own
 * ops would, the second after the first (it reads the register the MOV wrote), with the second's
 * flags recorded or, when they are dead, not computed. Neither can fault; the op's
 * {@link #ordinal} counts both instructions.
 */
abstract class CopyThen extends BoundOp {
    final int dst;
    final int src;

    CopyThen(DecodedInstruction move, DecodedInstruction second, int dst, int src) {
        super(move, second, false);
        this.dst = dst;
        this.src = src;
    }

    /** MOV, then ADD, OR, AND, SUB, XOR or CMP of the copy with a register or an immediate (other -1). */
    static final class Alu extends CopyThen {
        private final int op;
        private final int other;
        private final int value;
        private final boolean flags;

        Alu(DecodedInstruction move, DecodedInstruction second, int dst, int src, int op, int other, int value,
                boolean flags) {
            super(move, second, dst, src);
            if (!BoundAlu.bindable(op) || (op == AluOps.CMP && !flags)) {
                throw new IllegalArgumentException("no fused form for ALU operation " + op);
            }
            this.op = op;
            this.other = other;
            this.value = value;
            this.flags = flags;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int a = regs[src];
            int b = other < 0 ? value : other == dst ? a : regs[other]; // dst holds the copy now
            int r = flags ? BoundAlu.alu32(c.flags, op, a, b) : BoundAlu.result32(op, a, b);
            regs[dst] = op == AluOps.CMP ? a : r;
            return proceed(c);
        }
    }

    /** MOV, then SHL, SHR, SAR, ROL or ROR of the copy by a constant, or by CL (count -1). */
    static final class Shift extends CopyThen {
        private final int op;
        private final int count;
        private final boolean flags;

        Shift(DecodedInstruction move, DecodedInstruction second, int dst, int src, int op, int count, boolean flags) {
            super(move, second, dst, src);
            boolean plainShift = op == ShiftOps.SHL || op == ShiftOps.SHR || op == ShiftOps.SAR;
            if (op == ShiftOps.RCL || op == ShiftOps.RCR || (!flags && (!plainShift || count <= 0))) {
                throw new IllegalArgumentException("no fused form for shift " + op + " by " + count);
            }
            this.op = op;
            this.count = count;
            this.flags = flags;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int v = regs[src];
            if (flags) {
                int by = count >= 0 ? count : dst == Cpu.ECX ? v : regs[Cpu.ECX]; // ECX may hold the copy
                regs[dst] = JitSupport.shift32(c, v, by, op);
            } else {
                regs[dst] = BoundAlu.shiftResult32(op, v, count);
            }
            return proceed(c);
        }
    }
}
