package org.minixemu.cpu;

import static org.minixemu.cpu.BoundAlu.bindable;

/**
 * Binds decoded instructions to {@link BoundOp}s for the block interpreter: the commonest forms
 * with 32-bit operand and address sizes (the same set the translator emits inline,
 * {@link InlineEmitter}) get an op class of their own; every other instruction, and any with a
 * 16-bit size, a LOCK prefix or a REP prefix (RET aside, where it means nothing), runs its
 * handler through a {@link HandlerOp}.
 */
final class OpBinder {
    private OpBinder() {
    }

    /** The ops for a block's decoded instructions, in order, each linked to the next. */
    static BoundOp[] bind(DecodedInstruction[] decoded) {
        java.util.List<BoundOp> ops = new java.util.ArrayList<>(decoded.length);
        boolean[] deadFlags = InlineEmitter.deadFlags(java.util.Arrays.asList(decoded));
        for (int i = 0; i < decoded.length; i++) {
            BoundOp op = i + 2 < decoded.length ? countThenJump(decoded[i], decoded[i + 1], decoded[i + 2]) : null;
            if (op != null) {
                i += 2; // the three are one op
            } else {
                if (i + 1 < decoded.length) {
                    op = fused(decoded[i], decoded[i + 1]);
                    if (op == null) {
                        op = copyThen(decoded[i], decoded[i + 1], deadFlags[i + 1]);
                    }
                    if (op == null && isLea(decoded[i]) && isLea(decoded[i + 1])) {
                        op = new BoundMoves.LeaPair(decoded[i], decoded[i + 1]);
                    }
                }
                if (op != null) {
                    i++; // the pair is one op
                } else {
                    op = bind(decoded[i], deadFlags[i]);
                }
            }
            op.ordinal = i + 1;
            if (!ops.isEmpty()) {
                ops.get(ops.size() - 1).following = op;
            }
            ops.add(op);
        }
        return ops.toArray(new BoundOp[0]);
    }

    /**
     * The op for one instruction: a form of its own where there is one, else its handler. With
     * {@code flagsDead} (a later instruction of the block sets all six arithmetic flags before
     * anything can see them, {@link InlineEmitter#deadFlags}) a register form that only sets
     * flags is a NOP, and one that also computes computes only its result.
     */
    static BoundOp bind(DecodedInstruction d, boolean flagsDead) {
        boolean plain = d.repPrefix == 0 || d.code == 0xC3;
        if (!d.opSize32 || !d.addrSize32 || d.lockPrefix || !plain) {
            return new HandlerOp(d);
        }
        BoundOp op = flagsDead && !d.hasMemoryOperand() ? resultOnly(d) : null;
        if (op == null) {
            op = form(d);
        }
        return op != null ? op : new HandlerOp(d);
    }

    /**
     * One op for a CMP or TEST of registers or an immediate and the conditional jump after it
     * ({@link FusedJump}), or null when the pair is not of that kind.
     */
    private static BoundOp fused(DecodedInstruction d, DecodedInstruction jump) {
        if (!jump.isJcc() || !plain32(jump) || !plain32(d) || d.hasMemoryOperand()) {
            return null;
        }
        int[] compared = compareOperands(d);
        if (compared != null) {
            return new FusedJump.Compare(d, jump, compared[0], compared[1], compared[2]);
        }
        int code = d.code;
        switch (code) {
            case 0x85 -> {
                return new FusedJump.Test(d, jump, d.rm, d.reg, 0);
            }
            case 0xA9 -> {
                return new FusedJump.Test(d, jump, Cpu.EAX, -1, d.immediate);
            }
            case 0xA8 -> {
                return new FusedJump.TestByte(d, jump, 0, d.immediate);
            }
            case 0xF6 -> {
                return d.reg == 0 ? new FusedJump.TestByte(d, jump, d.rm, d.immediate) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * One op for a register MOV and the ALU operation or shift after it on the register it
     * wrote ({@link CopyThen}), or null when the pair is not of that kind. {@code flagsDead}
     * says whether the second instruction's flags are dead.
     */
    private static BoundOp copyThen(DecodedInstruction move, DecodedInstruction d, boolean flagsDead) {
        if ((move.code != 0x89 && move.code != 0x8B) || move.hasMemoryOperand() || !plain32(move) || !plain32(d)
                || d.hasMemoryOperand()) {
            return null;
        }
        int dst = move.code == 0x89 ? move.rm : move.reg;
        int src = move.code == 0x89 ? move.reg : move.rm;
        int code = d.code;
        if (code < 0x40 && ((code & 7) == 1 || (code & 7) == 3)) { // ALU Ev,Gv or Gv,Ev
            int op = code >>> 3;
            int target = (code & 7) == 1 ? d.rm : d.reg;
            int other = (code & 7) == 1 ? d.reg : d.rm;
            if (target != dst || !bindable(op) || (op == AluOps.CMP && flagsDead)) {
                return null;
            }
            return new CopyThen.Alu(move, d, dst, src, op, other, 0, !flagsDead);
        }
        if (code == 0x81 || code == 0x83) {
            int op = d.reg;
            if (d.rm != dst || !bindable(op) || (op == AluOps.CMP && flagsDead)) {
                return null;
            }
            int value = groupOneImmediate(d);
            return new CopyThen.Alu(move, d, dst, src, op, -1, value, !flagsDead);
        }
        if (code == 0xC1 || code == 0xD1 || code == 0xD3) {
            int op = d.reg == ShiftOps.SAL ? ShiftOps.SHL : d.reg;
            int count = shiftCount(d);
            boolean plainShift = op == ShiftOps.SHL || op == ShiftOps.SHR || op == ShiftOps.SAR;
            if (d.rm != dst || op == ShiftOps.RCL || op == ShiftOps.RCR) {
                return null;
            }
            boolean flags = !flagsDead || !plainShift || count <= 0;
            return new CopyThen.Shift(move, d, dst, src, op, count, flags);
        }
        return null;
    }

    /**
     * The operands of a CMP of registers or a register and an immediate: {first register,
     * second register or -1, immediate}; null for anything else.
     */
    private static int[] compareOperands(DecodedInstruction d) {
        if (!plain32(d) || d.hasMemoryOperand()) {
            return null;
        }
        return switch (d.code) {
            case 0x39 -> new int[] {d.rm, d.reg, 0}; // CMP Ev,Gv
            case 0x3B -> new int[] {d.reg, d.rm, 0}; // CMP Gv,Ev
            case 0x3D -> new int[] {Cpu.EAX, -1, d.immediate};
            case 0x81, 0x83 -> d.reg != AluOps.CMP ? null
                    : new int[] {d.rm, -1, groupOneImmediate(d)};
            default -> null;
        };
    }

    /**
     * One op for a loop's closing idiom: INC, DEC, or ADD or SUB of an immediate, to a
     * register, then a CMP and the Jcc after it ({@link FusedJump.CountCompare}); null when the
     * three are not of that kind. The CMP overwrites every flag the first one sets.
     */
    private static BoundOp countThenJump(DecodedInstruction count, DecodedInstruction compare,
            DecodedInstruction jump) {
        if (!plain32(count) || count.hasMemoryOperand() || !jump.isJcc() || !plain32(jump)) {
            return null;
        }
        int code = count.code;
        int r;
        int delta;
        if (code >= 0x40 && code <= 0x4F) {
            r = code & 7;
            delta = code < 0x48 ? 1 : -1;
        } else if ((code == 0x81 || code == 0x83) && (count.reg == AluOps.ADD || count.reg == AluOps.SUB)) {
            r = count.rm;
            int value = groupOneImmediate(count);
            delta = count.reg == AluOps.ADD ? value : -value;
        } else {
            return null;
        }
        int[] compared = compareOperands(compare);
        return compared == null ? null
                : new FusedJump.CountCompare(count, jump, r, delta, compared[0], compared[1], compared[2]);
    }

    /** The immediate of group 1 (81: imm32; 83: imm8, sign-extended). */
    private static int groupOneImmediate(DecodedInstruction d) {
        return d.code == 0x81 ? d.immediate : (byte) d.immediate;
    }

    /** The count of a shift or rotate C1, D1 or D3: the immediate masked to 5 bits, 1, or -1 for CL. */
    private static int shiftCount(DecodedInstruction d) {
        return d.code == 0xC1 ? d.immediate & 0x1F : d.code == 0xD1 ? 1 : -1;
    }

    /** LEA r32,m with 32-bit sizes (a LEA of a register is #UD, left to its handler). */
    private static boolean isLea(DecodedInstruction d) {
        return d.code == 0x8D && d.hasMemoryOperand() && plain32(d);
    }

    /** 32-bit operand and address size, no LOCK or REP prefix. */
    private static boolean plain32(DecodedInstruction d) {
        return d.opSize32 && d.addrSize32 && !d.lockPrefix && d.repPrefix == 0;
    }

    /** The form of a 32-bit register instruction whose flags are dead, or null when it has none. */
    private static BoundOp resultOnly(DecodedInstruction d) {
        int code = d.code;
        if (code < 0x40 && (code & 7) <= 5) {
            int op = code >>> 3;
            if (!bindable(op) || (code & 7) < 1 || (code & 1) == 0) {
                return null; // ADC, SBB, the byte forms
            }
            if (op == AluOps.CMP) {
                return new BoundMoves.Nop(d);
            }
            return switch (code & 7) {
                case 1 -> new BoundAlu.ResultOnly(d, op, d.rm, d.reg, 0);
                case 3 -> new BoundAlu.ResultOnly(d, op, d.reg, d.rm, 0);
                default -> new BoundAlu.ResultOnly(d, op, Cpu.EAX, -1, d.immediate);
            };
        }
        if (code >= 0x40 && code <= 0x4F) {
            return new BoundAlu.ShiftOrAddOnly(d, ShiftOps.SHL, code & 7, 0, code < 0x48 ? 1 : -1);
        }
        switch (code) {
            case 0x81, 0x83 -> {
                int op = d.reg;
                if (!bindable(op)) {
                    return null;
                }
                int value = groupOneImmediate(d);
                return op == AluOps.CMP ? new BoundMoves.Nop(d) : new BoundAlu.ResultOnly(d, op, d.rm, -1, value);
            }
            case 0x85, 0xA9, 0xA8 -> {
                return new BoundMoves.Nop(d); // TEST: only flags
            }
            case 0xF6 -> {
                return d.reg == 0 ? new BoundMoves.Nop(d) : null;
            }
            case 0xC1, 0xD1 -> {
                int op = d.reg == ShiftOps.SAL ? ShiftOps.SHL : d.reg;
                int count = shiftCount(d);
                boolean shift = op == ShiftOps.SHL || op == ShiftOps.SHR || op == ShiftOps.SAR;
                return shift && count != 0 ? new BoundAlu.ShiftOrAddOnly(d, op, d.rm, count, 0) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The op of its own for a 32-bit instruction, or null. */
    private static BoundOp form(DecodedInstruction d) {
        int code = d.code;
        boolean memory = d.hasMemoryOperand();
        if (code < 0x40 && (code & 7) <= 5) { // the ALU rows: Eb,Gb Ev,Gv Gb,Eb Gv,Ev AL,Ib eAX,Iz
            int op = code >>> 3;
            if (!bindable(op)) {
                return null;
            }
            boolean writes = op != AluOps.CMP;
            return switch (code & 7) {
                case 1 -> memory ? new BoundAlu.MemSource(d, op, d.reg, 0, writes) : new BoundAlu.RegSource(d, op, d.rm, d.reg, 0, writes);
                case 3 -> memory ? new BoundAlu.RegMem(d, op) : new BoundAlu.RegSource(d, op, d.reg, d.rm, 0, writes);
                case 5 -> new BoundAlu.RegSource(d, op, Cpu.EAX, -1, d.immediate, writes);
                default -> null; // the byte forms stay with their handlers
            };
        }
        if (d.isJcc()) {
            return new BoundControl.Jcc(d);
        }
        if (code >= 0x40 && code <= 0x4F) {
            return new BoundAlu.IncDec(d, code & 7, code < 0x48);
        }
        if (code >= 0x50 && code <= 0x57) {
            return new BoundMoves.Push(d, code & 7);
        }
        if (code >= 0x58 && code <= 0x5F) {
            return new BoundMoves.Pop(d, code & 7);
        }
        if (code >= 0xB0 && code <= 0xB7) {
            return new BoundMoves.MovReg8Imm(d, code & 7, d.immediate & 0xFF);
        }
        if (code >= 0xB8 && code <= 0xBF) {
            return new BoundMoves.MovRegImm(d, code & 7, d.immediate);
        }
        switch (code) {
            case 0x81, 0x83 -> {
                int op = d.reg;
                if (!bindable(op)) {
                    return null;
                }
                int value = groupOneImmediate(d);
                boolean writes = op != AluOps.CMP;
                return memory ? new BoundAlu.MemSource(d, op, -1, value, writes) : new BoundAlu.RegSource(d, op, d.rm, -1, value, writes);
            }
            case 0x85 -> {
                return memory ? new BoundAlu.MemSource(d, AluOps.AND, d.reg, 0, false)
                        : new BoundAlu.RegSource(d, AluOps.AND, d.rm, d.reg, 0, false);
            }
            case 0xA9 -> {
                return new BoundAlu.RegSource(d, AluOps.AND, Cpu.EAX, -1, d.immediate, false);
            }
            case 0xA8 -> {
                return new BoundAlu.TestReg8Imm(d, 0, d.immediate); // AL
            }
            case 0xF6 -> {
                return d.reg == 0 && !memory ? new BoundAlu.TestReg8Imm(d, d.rm, d.immediate) : null;
            }
            case 0xF7 -> {
                if (d.reg == 0) {
                    return memory ? new BoundAlu.MemSource(d, AluOps.AND, -1, d.immediate, false)
                            : new BoundAlu.RegSource(d, AluOps.AND, d.rm, -1, d.immediate, false);
                }
                if (d.reg == 6) {
                    return memory ? new BoundAlu.DivMem(d) : new BoundAlu.DivReg(d, d.rm);
                }
                return null;
            }
            case 0xC1, 0xD1, 0xD3 -> {
                int op = d.reg;
                if (memory || op == ShiftOps.RCL || op == ShiftOps.RCR) {
                    return null;
                }
                int count = shiftCount(d);
                return new BoundAlu.Shift(d, op, d.rm, count);
            }
            case 0x89 -> {
                return memory ? new BoundMoves.Store(d) : new BoundMoves.MovRegReg(d, d.rm, d.reg);
            }
            case 0x8B -> {
                return memory ? new BoundMoves.Load(d) : new BoundMoves.MovRegReg(d, d.reg, d.rm);
            }
            case 0xC7 -> {
                if (d.reg != 0) {
                    return null; // #UD: the handler raises it
                }
                return memory ? new BoundMoves.StoreImm(d) : new BoundMoves.MovRegImm(d, d.rm, d.immediate);
            }
            case 0x88 -> {
                return memory ? new BoundMoves.Store8(d) : new BoundMoves.MovReg8(d, d.rm, d.reg);
            }
            case 0x8A -> {
                return memory ? new BoundMoves.Load8(d) : new BoundMoves.MovReg8(d, d.reg, d.rm);
            }
            case 0xC6 -> {
                if (d.reg != 0) {
                    return null;
                }
                return memory ? new BoundMoves.StoreImm8(d) : new BoundMoves.MovReg8Imm(d, d.rm, d.immediate & 0xFF);
            }
            case 0x8D -> {
                return memory ? new BoundMoves.Lea(d) : null; // LEA of a register: #UD from the handler
            }
            case 0x1B6, 0x1B7, 0x1BE, 0x1BF -> {
                if (memory) {
                    return new BoundMoves.ExtendLoad(d);
                }
                return code == 0x1B7 ? new BoundMoves.ZeroExtendWord(d) : new BoundMoves.ExtendReg(d);
            }
            case 0x90 -> {
                return new BoundMoves.Nop(d);
            }
            case 0x99 -> {
                return new BoundMoves.Cdq(d);
            }
            case 0x68 -> {
                return new BoundMoves.PushImm(d, d.immediate);
            }
            case 0x6A -> {
                return new BoundMoves.PushImm(d, (byte) d.immediate);
            }
            case 0xFF -> {
                if (d.reg == 6) {
                    return memory ? new BoundMoves.PushMem(d) : new BoundMoves.Push(d, d.rm);
                }
                if (d.reg == 2 || d.reg == 4) {
                    return memory ? new BoundControl.IndirectMem(d) : new BoundControl.IndirectReg(d);
                }
                return null;
            }
            case 0xE8 -> {
                return new BoundControl.Call(d);
            }
            case 0xE9, 0xEB -> {
                return new BoundControl.Jump(d);
            }
            case 0xC3 -> {
                return new BoundControl.Ret(d);
            }
            default -> {
                return null;
            }
        }
    }
}
