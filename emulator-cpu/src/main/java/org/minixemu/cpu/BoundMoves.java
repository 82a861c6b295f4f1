package org.minixemu.cpu;

/**
 * Bound ops that move data without touching the flags: MOV, LEA, MOVZX, MOVSX, PUSH, POP, CDQ
 * and NOP, with 32-bit operand and address sizes (see {@link OpBinder}).
 */
final class BoundMoves {
    private BoundMoves() {
    }

    /** MOV r32,r32. */
    static final class MovRegReg extends BoundOp {
        private final int dst;
        private final int src;

        MovRegReg(DecodedInstruction d, int dst, int src) {
            super(d);
            this.dst = dst;
            this.src = src;
        }

        @Override
        BoundOp run(Cpu c) {
            c.regs[dst] = c.regs[src];
            return proceed(c);
        }
    }

    /** MOV r32,imm32 (B8+r, or C7 /0 with a register operand). */
    static final class MovRegImm extends BoundOp {
        private final int dst;
        private final int value;

        MovRegImm(DecodedInstruction d, int dst, int value) {
            super(d);
            this.dst = dst;
            this.value = value;
        }

        @Override
        BoundOp run(Cpu c) {
            c.regs[dst] = value;
            return proceed(c);
        }
    }

    /** MOV r32,m32. */
    static final class Load extends MemoryOp {
        private final int dst;

        Load(DecodedInstruction d) {
            super(d);
            this.dst = d.reg;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[dst] = c.read32(seg, access(c));
            return proceed(c);
        }
    }

    /** MOV m32,r32. */
    static final class Store extends MemoryOp {
        private final int src;

        Store(DecodedInstruction d) {
            super(d);
            this.src = d.reg;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            c.write32(seg, access(c), regs[src]);
            return proceed(c);
        }
    }

    /** MOV m32,imm32. */
    static final class StoreImm extends MemoryOp {
        private final int value;

        StoreImm(DecodedInstruction d) {
            super(d);
            this.value = d.immediate;
        }

        @Override
        BoundOp run(Cpu c) {
            c.write32(seg, access(c), value);
            return proceed(c);
        }
    }

    /** MOV r8,r8 (88 or 8A with a register operand). */
    static final class MovReg8 extends BoundOp {
        private final int dst;
        private final int src;

        MovReg8(DecodedInstruction d, int dst, int src) {
            super(d);
            this.dst = dst;
            this.src = src;
        }

        @Override
        BoundOp run(Cpu c) {
            c.setReg8(dst, c.reg8(src));
            return proceed(c);
        }
    }

    /** MOV r8,imm8 (B0+r, or C6 /0 with a register operand). */
    static final class MovReg8Imm extends BoundOp {
        private final int dst;
        private final int value;

        MovReg8Imm(DecodedInstruction d, int dst, int value) {
            super(d);
            this.dst = dst;
            this.value = value;
        }

        @Override
        BoundOp run(Cpu c) {
            c.setReg8(dst, value);
            return proceed(c);
        }
    }

    /** MOV r8,m8. */
    static final class Load8 extends MemoryOp {
        private final int dst;

        Load8(DecodedInstruction d) {
            super(d);
            this.dst = d.reg;
        }

        @Override
        BoundOp run(Cpu c) {
            c.setReg8(dst, c.read8(seg, access(c)));
            return proceed(c);
        }
    }

    /** MOV m8,r8. */
    static final class Store8 extends MemoryOp {
        private final int src;

        Store8(DecodedInstruction d) {
            super(d);
            this.src = d.reg;
        }

        @Override
        BoundOp run(Cpu c) {
            c.write8(seg, access(c), c.reg8(src));
            return proceed(c);
        }
    }

    /** MOV m8,imm8. */
    static final class StoreImm8 extends MemoryOp {
        private final int value;

        StoreImm8(DecodedInstruction d) {
            super(d);
            this.value = d.immediate & 0xFF;
        }

        @Override
        BoundOp run(Cpu c) {
            c.write8(seg, access(c), value);
            return proceed(c);
        }
    }

    /** LEA r32,m: the offset alone, no segment and no access. */
    static final class Lea extends MemoryOp {
        final int dst;

        Lea(DecodedInstruction d) {
            super(d);
            this.dst = d.reg;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[dst] = offset(regs);
            return proceed(c);
        }
    }

    /**
     * Two LEAs in a row, as one op: compilers multiply by constants with chains of them (the
     * second often reads what the first wrote, which it does here too).
     */
    static final class LeaPair extends MemoryOp {
        private final int dst;
        private final Lea then;

        LeaPair(DecodedInstruction first, DecodedInstruction second) {
            super(first, second, false);
            this.dst = first.reg;
            this.then = new Lea(second);
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[dst] = offset(regs);
            regs[then.dst] = then.offset(regs);
            return proceed(c);
        }
    }

    /** MOVZX r32,r16: the commonest extension (a 16-bit index), on its own. */
    static final class ZeroExtendWord extends BoundOp {
        private final int dst;
        private final int src;

        ZeroExtendWord(DecodedInstruction d) {
            super(d);
            this.dst = d.reg;
            this.src = d.rm;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            regs[dst] = regs[src] & 0xFFFF;
            return proceed(c);
        }
    }

    /** MOVZX or MOVSX r32 from r8 (or r16, sign-extended). */
    static final class ExtendReg extends BoundOp {
        private final int dst;
        private final int src;
        private final boolean word;
        private final boolean signed;

        ExtendReg(DecodedInstruction d) {
            super(d);
            this.dst = d.reg;
            this.src = d.rm;
            this.word = (d.code & 1) != 0;
            this.signed = d.code >= 0x1BE;
        }

        @Override
        BoundOp run(Cpu c) {
            int v = word ? c.regs[src] : c.reg8(src);
            c.regs[dst] = signed ? (word ? (short) v : (byte) v) : (word ? v & 0xFFFF : v);
            return proceed(c);
        }
    }

    /** MOVZX or MOVSX r32 from m8 or m16. */
    static final class ExtendLoad extends MemoryOp {
        private final int dst;
        private final boolean word;
        private final boolean signed;

        ExtendLoad(DecodedInstruction d) {
            super(d);
            this.dst = d.reg;
            this.word = (d.code & 1) != 0;
            this.signed = d.code >= 0x1BE;
        }

        @Override
        BoundOp run(Cpu c) {
            int[] regs = c.regs;
            int offset = access(c);
            int v = word ? c.read16(seg, offset) : c.read8(seg, offset);
            regs[dst] = signed ? (word ? (short) v : (byte) v) : v;
            return proceed(c);
        }
    }

    /** PUSH r32 (the value before the push, for ESP too). */
    static final class Push extends BoundOp {
        private final int src;

        Push(DecodedInstruction d, int src) {
            super(d);
            this.src = src;
        }

        @Override
        BoundOp run(Cpu c) {
            faultPoint(c);
            c.push32(c.regs[src]);
            return proceed(c);
        }
    }

    /** PUSH imm32, or imm8 sign-extended. */
    static final class PushImm extends BoundOp {
        private final int value;

        PushImm(DecodedInstruction d, int value) {
            super(d);
            this.value = value;
        }

        @Override
        BoundOp run(Cpu c) {
            faultPoint(c);
            c.push32(value);
            return proceed(c);
        }
    }

    /** PUSH m32 (FF /6): the operand is read before ESP moves. */
    static final class PushMem extends MemoryOp {
        PushMem(DecodedInstruction d) {
            super(d);
        }

        @Override
        BoundOp run(Cpu c) {
            c.push32(c.read32(seg, access(c)));
            return proceed(c);
        }
    }

    /** POP r32 (POP ESP leaves the popped value in ESP). */
    static final class Pop extends BoundOp {
        private final int dst;

        Pop(DecodedInstruction d, int dst) {
            super(d);
            this.dst = dst;
        }

        @Override
        BoundOp run(Cpu c) {
            faultPoint(c);
            int value = c.pop32();
            c.regs[dst] = value;
            return proceed(c);
        }
    }

    /** CDQ: EDX gets the sign of EAX. */
    static final class Cdq extends BoundOp {
        Cdq(DecodedInstruction d) {
            super(d);
        }

        @Override
        BoundOp run(Cpu c) {
            c.regs[Cpu.EDX] = c.regs[Cpu.EAX] >> 31;
            return proceed(c);
        }
    }

    /** NOP, and anything else that only moves EIP on. */
    static final class Nop extends BoundOp {
        Nop(DecodedInstruction d) {
            super(d);
        }

        @Override
        BoundOp run(Cpu c) {
            return proceed(c);
        }
    }
}
