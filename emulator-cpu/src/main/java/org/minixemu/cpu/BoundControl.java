package org.minixemu.cpu;

/**
 * Bound ops that transfer control within CS, with 32-bit operand size: Jcc, JMP, CALL and RET,
 * direct and (JMP, CALL) through a register or memory. Like their handlers they set EIP and
 * leave the limit check to the fetch of the next instruction.
 */
final class BoundControl {
    private BoundControl() {
    }

    /**
     * An op that ends with a Jcc rel8 or rel32: the Jcc alone, or fused with the instructions
     * before it ({@link FusedJump}). In mid-block the Jcc is a side exit: the block goes on in
     * one direction ({@link DecodedInstruction#nextInBlock}) and is left in the other.
     */
    abstract static class Conditional extends BoundOp {
        /** The condition code (the low four bits of the opcode). */
        final int cc;
        private final int target;
        private final boolean stayIfTaken;
        private final boolean stayIfNotTaken;

        /** {@code first} is the op's first instruction, {@code jump} the Jcc that ends it. */
        Conditional(DecodedInstruction first, DecodedInstruction jump) {
            super(first, jump, true);
            this.cc = jump.code & 0xF;
            this.target = jump.target();
            boolean followed = jump.sideExit && jump.followed;
            this.stayIfTaken = !jump.sideExit || followed;
            this.stayIfNotTaken = !jump.sideExit || !followed;
        }

        /** Jumps (or not) as the Jcc does, and runs the rest of the block or leaves it. */
        final BoundOp jump(Cpu c, boolean taken) {
            c.eip = taken ? target : next;
            return taken ? (stayIfTaken ? proceed(c) : leave(c)) : (stayIfNotTaken ? proceed(c) : leave(c));
        }
    }

    /** Jcc rel8 or rel32 on its own: asks the flags. */
    static final class Jcc extends Conditional {
        Jcc(DecodedInstruction d) {
            super(d, d);
        }

        @Override
        BoundOp run(Cpu c) {
            return jump(c, Conditions.test(c, cc));
        }
    }

    /** JMP rel8 or rel32. */
    static final class Jump extends BoundOp {
        private final int target;

        Jump(DecodedInstruction d) {
            super(d, true);
            this.target = d.target();
        }

        @Override
        BoundOp run(Cpu c) {
            c.eip = target;
            return proceed(c);
        }
    }

    /** CALL rel32: pushes the return address (which may fault), then jumps. */
    static final class Call extends BoundOp {
        private final int target;

        Call(DecodedInstruction d) {
            super(d, true);
            this.target = d.target();
        }

        @Override
        BoundOp run(Cpu c) {
            faultPoint(c);
            c.push32(next);
            c.eip = target;
            return proceed(c);
        }
    }

    /** RET (near, no immediate). */
    static final class Ret extends BoundOp {
        Ret(DecodedInstruction d) {
            super(d, true);
        }

        @Override
        BoundOp run(Cpu c) {
            faultPoint(c);
            c.eip = c.pop32();
            return proceed(c);
        }
    }

    /** CALL r32 or JMP r32 (FF /2, FF /4 with a register operand). */
    static final class IndirectReg extends BoundOp {
        private final int src;
        private final boolean call;

        IndirectReg(DecodedInstruction d) {
            super(d, true);
            this.src = d.rm;
            this.call = d.reg == 2;
        }

        @Override
        BoundOp run(Cpu c) {
            int target = c.regs[src];
            if (call) {
                faultPoint(c);
                c.push32(next);
            }
            c.eip = target;
            return proceed(c);
        }
    }

    /** CALL m32 or JMP m32: the target is read first (it may fault), then the return address pushed. */
    static final class IndirectMem extends MemoryOp {
        private final boolean call;

        IndirectMem(DecodedInstruction d) {
            super(d, true);
            this.call = d.reg == 2;
        }

        @Override
        BoundOp run(Cpu c) {
            int target = c.read32(seg, access(c));
            if (call) {
                c.push32(next);
            }
            c.eip = target;
            return proceed(c);
        }
    }
}
