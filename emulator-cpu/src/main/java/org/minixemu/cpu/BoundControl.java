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
     * Jcc rel8 or rel32. In mid-block it is a side exit: the block goes on in one direction
     * ({@link DecodedInstruction#nextInBlock}) and is left in the other.
     */
    static final class Jcc extends BoundOp {
        private final int cc;
        private final int target;
        private final boolean stayIfTaken;
        private final boolean stayIfNotTaken;

        Jcc(DecodedInstruction d) {
            super(d);
            this.cc = d.code & 0xF;
            this.target = d.target();
            boolean followed = d.sideExit && d.followed;
            this.stayIfTaken = !d.sideExit || followed;
            this.stayIfNotTaken = !d.sideExit || !followed;
        }

        @Override
        boolean run(Cpu c) {
            if (Conditions.test(c, cc)) {
                c.eip = target;
                return stayIfTaken;
            }
            return stayIfNotTaken;
        }
    }

    /** JMP rel8 or rel32. */
    static final class Jump extends BoundOp {
        private final int target;

        Jump(DecodedInstruction d) {
            super(d);
            this.target = d.target();
        }

        @Override
        boolean run(Cpu c) {
            c.eip = target;
            return true;
        }
    }

    /** CALL rel32: pushes the return address (which may fault), then jumps. */
    static final class Call extends BoundOp {
        private final int target;

        Call(DecodedInstruction d) {
            super(d);
            this.target = d.target();
        }

        @Override
        boolean run(Cpu c) {
            c.push32(next);
            c.eip = target;
            return true;
        }
    }

    /** RET (near, no immediate). */
    static final class Ret extends BoundOp {
        Ret(DecodedInstruction d) {
            super(d);
        }

        @Override
        boolean run(Cpu c) {
            c.eip = c.pop32();
            return true;
        }
    }

    /** CALL r32 or JMP r32 (FF /2, FF /4 with a register operand). */
    static final class IndirectReg extends BoundOp {
        private final int src;
        private final boolean call;

        IndirectReg(DecodedInstruction d) {
            super(d);
            this.src = d.rm;
            this.call = d.reg == 2;
        }

        @Override
        boolean run(Cpu c) {
            int target = c.regs[src];
            if (call) {
                c.push32(next);
            }
            c.eip = target;
            return true;
        }
    }

    /** CALL m32 or JMP m32: the target is read first (it may fault), then the return address pushed. */
    static final class IndirectMem extends MemoryOp {
        private final boolean call;

        IndirectMem(DecodedInstruction d) {
            super(d);
            this.call = d.reg == 2;
        }

        @Override
        boolean run(Cpu c) {
            int target = c.read32(seg, offset(c.regs));
            if (call) {
                c.push32(next);
            }
            c.eip = target;
            return true;
        }
    }
}
