package org.minixemu.cpu;

/**
 * Bound ops that compute and set the arithmetic flags: ADD, OR, AND, SUB, XOR, CMP and TEST of
 * 32-bit operands, TEST of a byte with an immediate, INC, DEC, the shifts and rotates other than
 * RCL and RCR, and DIV. Each records its flags as its handler does ({@link AluOps},
 * {@link ShiftOps}, {@link MulDivOps}); ADC and SBB, which read CF, stay with their handlers.
 */
final class BoundAlu {
    private BoundAlu() {
    }

    /**
     * {@code a op b} for ADD, OR, AND, SUB, XOR or CMP (an {@link AluOps} constant) of 32-bit
     * values: records the flags, returns the result (CMP's is the difference).
     */
    static int alu32(Flags f, int op, int a, int b) {
        int r;
        switch (op) {
            case AluOps.ADD -> {
                r = a + b;
                f.record32(Flags.KIND_ADD, a, b, r);
            }
            case AluOps.OR -> {
                r = a | b;
                f.record32(Flags.KIND_ADD, r, 0, r); // a logical result: as Flags.logic
            }
            case AluOps.AND -> {
                r = a & b;
                f.record32(Flags.KIND_ADD, r, 0, r);
            }
            case AluOps.XOR -> {
                r = a ^ b;
                f.record32(Flags.KIND_ADD, r, 0, r);
            }
            default -> { // SUB, CMP
                r = a - b;
                f.record32(Flags.KIND_SUB, a, b, r);
            }
        }
        return r;
    }

    /** {@code a op b} as {@link #alu32} computes it, without the flags (for ops whose flags are dead). */
    static int result32(int op, int a, int b) {
        return switch (op) {
            case AluOps.ADD -> a + b;
            case AluOps.OR -> a | b;
            case AluOps.AND -> a & b;
            case AluOps.XOR -> a ^ b;
            default -> a - b;
        };
    }

    /**
     * SHL, SHR or SAR (a {@link ShiftOps} constant) of a 32-bit value by a count from 0 to 31,
     * without the flags (for ops whose flags are dead).
     */
    static int shiftResult32(int op, int v, int count) {
        return op == ShiftOps.SHR ? v >>> count : op == ShiftOps.SAR ? v >> count : v << count;
    }

    /** True for the operations {@link #alu32} computes. */
    static boolean bindable(int op) {
        return op != AluOps.ADC && op != AluOps.SBB;
    }

    /**
     * r32 = r32 op (r32 or imm, src -1); with {@code writes} false only the flags: CMP, and TEST
     * (an AND that keeps no result).
     */
    static final class RegSource extends BoundOp {
        private final int op;
        private final int dst;
        private final int src;
        private final int value;
        private final boolean writes;

        RegSource(DecodedInstruction d, int op, int dst, int src, int value, boolean writes) {
            super(d);
            this.op = op;
            this.dst = dst;
            this.src = src;
            this.value = value;
            this.writes = writes;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int r = alu32(c.flags, op, regs[dst], src >= 0 ? regs[src] : value);
            if (writes) {
                regs[dst] = r;
            }
            return proceed(c);
        }
    }

    /**
     * r32 = r32 op (r32 or imm, src -1), for ADD, OR, AND, SUB or XOR whose flags nobody sees:
     * a later instruction of the block sets all six first ({@link InlineEmitter#deadFlags}).
     */
    static final class ResultOnly extends BoundOp {
        private final int op;
        private final int dst;
        private final int src;
        private final int value;

        ResultOnly(DecodedInstruction d, int op, int dst, int src, int value) {
            super(d);
            if (op == AluOps.CMP || !bindable(op)) {
                throw new IllegalArgumentException("no result-only form for ALU operation " + op);
            }
            this.op = op;
            this.dst = dst;
            this.src = src;
            this.value = value;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[dst] = result32(op, regs[dst], src >= 0 ? regs[src] : value);
            return proceed(c);
        }
    }

    /** r32 = r32 op m32 (CMP: only the flags). */
    static final class RegMem extends MemoryOp {
        private final int op;
        private final int dst;

        RegMem(DecodedInstruction d, int op) {
            super(d);
            this.op = op;
            this.dst = d.reg;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int r = alu32(c.flags, op, regs[dst], c.read32(seg, access(c)));
            if (op != AluOps.CMP) {
                regs[dst] = r;
            }
            return proceed(c);
        }
    }

    /**
     * m32 = m32 op source, the source a register or an immediate (src -1); with {@code writes}
     * false only the flags: CMP, and TEST (an AND that keeps no result).
     */
    static final class MemSource extends MemoryOp {
        private final int op;
        private final int src;
        private final int value;
        private final boolean writes;

        MemSource(DecodedInstruction d, int op, int src, int value, boolean writes) {
            super(d);
            this.op = op;
            this.src = src;
            this.value = value;
            this.writes = writes;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int offset = access(c);
            int a = c.read32(seg, offset);
            int r = alu32(c.flags, op, a, src >= 0 ? regs[src] : value);
            if (writes) {
                c.write32(seg, offset, r);
            }
            return proceed(c);
        }
    }

    /** TEST r8,imm8 (A8 for AL, F6 /0 with a register operand). */
    static final class TestReg8Imm extends BoundOp {
        private final int a;
        private final int value;

        TestReg8Imm(DecodedInstruction d, int a, int value) {
            super(d);
            this.a = a;
            this.value = value & 0xFF;
        }

        @Override
        BoundOp run(Cpu c) {
            c.flags.logic(1, c.reg8(a) & value);
            return proceed(c);
        }
    }

    /** INC r32 or DEC r32 (CF kept). */
    static final class IncDec extends BoundOp {
        private final int r;
        private final boolean inc;

        IncDec(DecodedInstruction d, int r, boolean inc) {
            super(d);
            this.r = r;
            this.inc = inc;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[r] = inc ? JitSupport.inc32(c, regs[r]) : JitSupport.dec32(c, regs[r]);
            return proceed(c);
        }
    }

    /** SHL, SHR, SAR, ROL or ROR of r32 by an immediate (or 1), or by CL (count -1). */
    static final class Shift extends BoundOp {
        private final int op;
        private final int r;
        private final int count;

        Shift(DecodedInstruction d, int op, int r, int count) {
            super(d);
            this.op = op;
            this.r = r;
            this.count = count;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[r] = JitSupport.shift32(c, regs[r], count >= 0 ? count : regs[Cpu.ECX], op);
            return proceed(c);
        }
    }

    /**
     * SHL, SHR or SAR of r32 by a nonzero constant, or INC or DEC (SHL by 0 with {@code add} 1
     * or -1), whose flags are dead (see {@link ResultOnly}).
     */
    static final class ShiftOrAddOnly extends BoundOp {
        private final int op;
        private final int r;
        private final int count;
        private final int add;

        ShiftOrAddOnly(DecodedInstruction d, int op, int r, int count, int add) {
            super(d);
            this.op = op;
            this.r = r;
            this.count = count;
            this.add = add;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int v = regs[r];
            regs[r] = shiftResult32(op, v, count) + add;
            return proceed(c);
        }
    }

    /** DIV r32 (may raise #DE, before anything changes). */
    static final class DivReg extends BoundOp {
        private final int src;

        DivReg(DecodedInstruction d, int src) {
            super(d);
            this.src = src;
        }

        @Override
        BoundOp run(Cpu c) {
            faultPoint(c);
            MulDivOps.div32(c, c.regs[src]);
            return proceed(c);
        }
    }

    /** DIV m32. */
    static final class DivMem extends MemoryOp {
        DivMem(DecodedInstruction d) {
            super(d);
        }

        @Override
        BoundOp run(Cpu c) {
            MulDivOps.div32(c, c.read32(seg, access(c)));
            return proceed(c);
        }
    }
}
