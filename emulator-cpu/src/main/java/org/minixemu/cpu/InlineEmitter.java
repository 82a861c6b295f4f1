package org.minixemu.cpu;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;

/**
 * Emits the commonest 32-bit instructions as bytecode of their own, without the handler: moves,
 * the ALU operations other than ADC and SBB, CMP and TEST of bytes too, INC, DEC, LEA, PUSH, POP,
 * MOVZX, MOVSX, the shifts and ROL/ROR, DIV r/m32, and the near jumps, calls and returns.
 * Immediates and displacements become constants; register operands
 * are array elements; memory goes through the same {@code read32}/{@code write32} paths the
 * interpreter uses, so segment checks, paging and faults are unchanged.
 *
 * <p>Everything else goes to the handler ({@link BlockTranslator}); so does any form here with
 * a 16-bit operand or address size.
 */
final class InlineEmitter {
    /** The instruction was not emitted. */
    static final int NOT_INLINE = -1;
    /** Emitted; it touched only registers and flags. */
    static final int REGISTERS = 0;
    /** Emitted; it touched memory (a device may have asked the block to stop). */
    static final int MEMORY = 1;

    private static final String READ = "(II)I";
    private static final String WRITE = "(III)V";
    private static final String COMPARE = "(L" + BlockEmitter.CPU + ";II)V";
    private static final String UNARY = "(L" + BlockEmitter.CPU + ";I)I";
    private static final String UNARY_VOID = "(L" + BlockEmitter.CPU + ";I)V";

    private final BlockEmitter e;
    /**
     * The instruction being emitted writes flags nobody can see: a later instruction of the block
     * overwrites all six before anything reads them or the block can be left (see
     * {@link #deadFlags}). Then only its result is computed.
     */
    private boolean flagsDead;

    InlineEmitter(BlockEmitter e) {
        this.e = e;
    }

    /** How an instruction treats the arithmetic flags, for {@link #deadFlags}. */
    private static final int READS_OR_EXITS = 0, NEUTRAL = 1, PARTIAL = 2, FULL = 3;

    /**
     * Which instructions of a block write flags that are dead: overwritten by a later
     * instruction that sets all six before anything reads them, and before any instruction
     * that could leave the block (a fault, a stop request, a handler that may read EFLAGS).
     * Only register forms this class emits count as writers; everything else ends the search.
     */
    static boolean[] deadFlags(java.util.List<DecodedInstruction> block) {
        boolean[] dead = new boolean[block.size()];
        for (int i = 0; i < block.size(); i++) {
            int effect = flagEffect(block.get(i));
            if (effect != FULL && effect != PARTIAL) {
                continue;
            }
            for (int j = i + 1; j < block.size(); j++) {
                int later = flagEffect(block.get(j));
                if (later == FULL) {
                    dead[i] = true;
                }
                if (later != NEUTRAL && later != PARTIAL) {
                    break;
                }
            }
        }
        return dead;
    }

    private static int flagEffect(DecodedInstruction d) {
        if (!d.opSize32 || !d.addrSize32 || d.hasMemoryOperand()) {
            return READS_OR_EXITS;
        }
        int code = d.code;
        if (code < 0x40 && (code & 7) <= 5 && (code & 1) == 1) { // Ev,Gv  Gv,Ev  eAX,Iz
            int op = code >>> 3;
            return op == AluOps.ADC || op == AluOps.SBB ? READS_OR_EXITS : FULL;
        }
        if (code == 0x38 || code == 0x3A || code == 0x3C || code == 0x84 || (code == 0x80 && d.reg == AluOps.CMP)) {
            return FULL; // CMP and TEST of bytes
        }
        switch (code) {
            case 0x81, 0x83 -> {
                return d.reg == AluOps.ADC || d.reg == AluOps.SBB ? READS_OR_EXITS : FULL;
            }
            case 0x85, 0xA9, 0xA8 -> {
                return FULL;
            }
            case 0xF6 -> {
                return d.reg == 0 ? FULL : READS_OR_EXITS; // TEST Eb,Ib
            }
            case 0xC1, 0xD1 -> {
                boolean shift = d.reg == ShiftOps.SHL || d.reg == ShiftOps.SAL || d.reg == ShiftOps.SHR
                        || d.reg == ShiftOps.SAR;
                int count = code == 0xC1 ? d.immediate & 0x1F : 1;
                return shift && count != 0 ? FULL : READS_OR_EXITS;
            }
            case 0x89, 0x8B, 0xC7, 0x8D, 0x90, 0x1B6, 0x1B7, 0x1BE, 0x1BF -> {
                return NEUTRAL;
            }
            default -> {
                if (code >= 0xB8 && code <= 0xBF) {
                    return NEUTRAL;
                }
                return code >= 0x40 && code <= 0x4F ? PARTIAL : READS_OR_EXITS;
            }
        }
    }

    /** Emits {@code d} (see {@link #emit(DecodedInstruction)}), its flags dead when {@code deadFlags} says so. */
    int emit(DecodedInstruction d, boolean deadFlags) {
        flagsDead = deadFlags && flagEffect(d) >= PARTIAL;
        if (!keepsFlags(d) && !d.isJcc()) {
            flagSource = UNKNOWN_SOURCE; // the emission below sets it again if it can
        }
        try {
            return emit(d);
        } finally {
            flagsDead = false;
        }
    }

    /** Emits {@code d} if it is a form this class knows; returns NOT_INLINE, REGISTERS or MEMORY. */
    int emit(DecodedInstruction d) {
        if (!d.opSize32 || !d.addrSize32) {
            return NOT_INLINE;
        }
        int code = d.code;
        int next = d.address + d.length;
        boolean memory = d.hasMemoryOperand();
        if (code < 0x40 && (code & 7) <= 5 && (code >>> 3) != AluOps.ADC && (code >>> 3) != AluOps.SBB) {
            int op = code >>> 3;
            switch (code & 7) {
                case 1 -> aluEvGv(d, op);
                case 3 -> aluGvEv(d, op);
                case 5 -> aluEaxIz(d, op);
                default -> { // byte forms: CMP only
                    if (op != AluOps.CMP) {
                        return NOT_INLINE;
                    }
                    compareBytes(d, code & 7);
                }
            }
            return memory ? MEMORY : REGISTERS;
        }
        switch (code) {
            case 0x80 -> { // CMP Eb,Ib (the other byte ALU operations go to the handler)
                if (d.reg != AluOps.CMP) {
                    return NOT_INLINE;
                }
                compareBytes(d, 6);
            }
            case 0x84 -> testEb(d, () -> readReg8(d.reg)); // TEST Eb,Gb
            case 0x81, 0x83 -> {
                if (d.reg == AluOps.ADC || d.reg == AluOps.SBB) {
                    return NOT_INLINE;
                }
                int imm = code == 0x81 ? d.immediate : (byte) d.immediate;
                aluEvImm(d, d.reg, imm);
            }
            case 0xC1, 0xD1, 0xD3 -> { // SHL, SHR, SAR, ROL, ROR Ev by Ib, 1 or CL
                int op = d.reg;
                if (op == ShiftOps.RCL || op == ShiftOps.RCR) {
                    return NOT_INLINE;
                }
                int count = code == 0xC1 ? d.immediate & 0x1F : 1;
                if (memory && (code == 0xD3 || count == 0)) {
                    return NOT_INLINE; // whether memory is written depends on the count
                }
                if (flagsDead) { // a register, a constant nonzero count: only the result
                    e.beginStoreReg(d.rm);
                    e.loadReg(d.rm);
                    e.pushInt(count);
                    e.mv.visitInsn(op == ShiftOps.SHR ? IUSHR : op == ShiftOps.SAR ? ISHR : ISHL);
                    e.storeReg();
                    return REGISTERS;
                }
                if (memory) {
                    e.faultPoint(d);
                    e.pushAddress(d);
                } else {
                    e.beginStoreReg(d.rm);
                }
                e.loadCpu();
                readE(d);
                if (code == 0xD3) {
                    e.loadReg(Cpu.ECX);
                } else {
                    e.pushInt(count);
                }
                e.pushInt(op);
                e.callSupport("shift32", "(L" + BlockEmitter.CPU + ";III)I");
                if (memory) {
                    e.callCpu("write32", WRITE);
                } else {
                    e.storeReg();
                }
            }
            case 0x85 -> { // TEST Ev,Gv
                if (flagsDead) {
                    return REGISTERS; // it only sets flags, and nobody sees them
                }
                if (memory) {
                    e.faultPoint(d);
                }
                readE(d);
                e.loadReg(d.reg);
                testCall();
            }
            case 0xA9 -> { // TEST eAX,Iz
                if (flagsDead) {
                    return REGISTERS;
                }
                e.loadReg(Cpu.EAX);
                e.pushInt(d.immediate);
                testCall();
            }
            case 0xA8 -> { // TEST AL,Ib
                if (flagsDead) {
                    return REGISTERS;
                }
                e.loadCpu();
                readReg8(Cpu.EAX);
                e.pushInt(d.immediate & 0xFF);
                test8Call();
            }
            case 0xF7 -> { // DIV Ev (the rest of group 3 goes to the handler); it may raise #DE
                if (d.reg != 6) {
                    return NOT_INLINE;
                }
                e.faultPoint(d);
                e.loadCpu();
                readE(d);
                e.callSupport("div32", UNARY_VOID);
            }
            case 0xF6 -> { // TEST Eb,Ib (the rest of group 3 goes to the handler)
                if (d.reg != 0) {
                    return NOT_INLINE;
                }
                testEb(d, () -> e.pushInt(d.immediate & 0xFF));
            }
            case 0x89 -> writeE(d, () -> e.loadReg(d.reg)); // MOV Ev,Gv
            case 0x8B -> { // MOV Gv,Ev
                if (memory) {
                    e.faultPoint(d);
                }
                e.beginStoreReg(d.reg);
                readE(d);
                e.storeReg();
            }
            case 0xC7 -> writeE(d, () -> e.pushInt(d.immediate)); // MOV Ev,Iz
            case 0x8D -> { // LEA Gv,M
                if (!memory) {
                    return NOT_INLINE; // #UD: the handler raises it
                }
                e.beginStoreReg(d.reg);
                e.effectiveOffset(d);
                e.storeReg();
            }
            case 0x90 -> {
                // NOP
            }
            case 0x68, 0x6A -> { // PUSH Iz, PUSH Ib (sign-extended)
                e.faultPoint(d);
                e.loadCpu();
                e.pushInt(code == 0x68 ? d.immediate : (byte) d.immediate);
                e.callCpu("push32", "(I)V");
                return MEMORY;
            }
            case 0x99 -> { // CDQ
                e.beginStoreReg(Cpu.EDX);
                e.loadReg(Cpu.EAX);
                e.pushInt(31);
                e.mv.visitInsn(ISHR);
                e.storeReg();
            }
            case 0x88 -> writeEb(d, () -> readReg8(d.reg)); // MOV Eb,Gb
            case 0x8A -> { // MOV Gb,Eb
                if (memory) {
                    e.faultPoint(d);
                }
                e.loadCpu();
                e.pushInt(d.reg);
                readEb(d);
                e.callCpu("setReg8", "(II)V");
            }
            case 0xC6 -> writeEb(d, () -> e.pushInt(d.immediate & 0xFF)); // MOV Eb,Ib
            case 0xFF -> { // PUSH Ev, CALL Ev, JMP Ev (INC and DEC Ev go to the handler)
                if (d.reg != 6 && d.reg != 2 && d.reg != 4) {
                    return NOT_INLINE;
                }
                e.faultPoint(d);
                if (d.reg == 6) {
                    e.loadCpu();
                    readE(d);
                    e.callCpu("push32", "(I)V");
                } else if (d.reg == 4) {
                    e.loadCpu();
                    readE(d);
                    e.mv.visitFieldInsn(PUTFIELD, BlockEmitter.CPU, "eip", "I");
                } else {
                    // CALL Ev: the target is read first (it may fault), then the return address pushed.
                    e.loadCpu();
                    readE(d);
                    e.loadCpu();
                    e.pushInt(next);
                    e.callCpu("push32", "(I)V");
                    e.mv.visitFieldInsn(PUTFIELD, BlockEmitter.CPU, "eip", "I");
                }
                return MEMORY;
            }
            case 0x1B6, 0x1B7, 0x1BE, 0x1BF -> { // MOVZX, MOVSX
                if (memory) {
                    e.faultPoint(d);
                }
                e.beginStoreReg(d.reg);
                boolean word = (code & 1) != 0;
                if (memory) {
                    e.pushAddress(d);
                    e.callCpu(word ? "read16" : "read8", READ);
                } else if (word) {
                    e.loadReg(d.rm);
                } else {
                    e.loadCpu();
                    e.pushInt(d.rm);
                    e.callCpu("reg8", "(I)I");
                }
                if (code >= 0x1BE) {
                    e.mv.visitInsn(word ? I2S : I2B);
                } else if (word && !memory) {
                    e.pushInt(0xFFFF);
                    e.mv.visitInsn(IAND);
                }
                e.storeReg();
            }
            case 0xE8 -> { // CALL Jz
                e.faultPoint(d);
                e.loadCpu();
                e.pushInt(d.address + d.length);
                e.callCpu("push32", "(I)V");
                if (!d.followed) { // else the block goes on at the target
                    e.setInt("eip", d.target());
                }
                return MEMORY;
            }
            case 0xE9, 0xEB -> {
                if (!d.followed) { // else the block goes on at the target: nothing to do
                    e.jumpTo(d.target());
                }
            }
            case 0xC3 -> { // RET
                e.faultPoint(d);
                e.loadCpu();
                e.loadCpu();
                e.callCpu("pop32", "()I");
                e.mv.visitFieldInsn(PUTFIELD, BlockEmitter.CPU, "eip", "I");
                return MEMORY;
            }
            default -> {
                if (code >= 0x40 && code <= 0x4F) { // INC, DEC r32
                    int r = code & 7;
                    e.beginStoreReg(r);
                    if (flagsDead) {
                        e.loadReg(r);
                        e.pushInt(code < 0x48 ? 1 : -1);
                        e.mv.visitInsn(IADD);
                    } else {
                        e.loadCpu();
                        e.loadReg(r);
                        e.callSupport(code < 0x48 ? "inc32" : "dec32", UNARY);
                    }
                    e.storeReg();
                } else if (code >= 0x50 && code <= 0x57) { // PUSH r32
                    e.faultPoint(d);
                    e.loadCpu();
                    e.loadReg(code & 7);
                    e.callCpu("push32", "(I)V");
                    return MEMORY;
                } else if (code >= 0x58 && code <= 0x5F) { // POP r32
                    e.faultPoint(d);
                    e.beginStoreReg(code & 7);
                    e.loadCpu();
                    e.callCpu("pop32", "()I");
                    e.storeReg();
                    return MEMORY;
                } else if (code >= 0xB8 && code <= 0xBF) { // MOV r32,imm32
                    e.beginStoreReg(code & 7);
                    e.pushInt(d.immediate);
                    e.storeReg();
                } else if (d.isJcc()) {
                    int target = d.target();
                    Label taken = new Label();
                    Label done = new Label();
                    if (!jumpIfFromOperands(code & 0xF, taken)) {
                        e.loadCpu();
                        e.pushInt(code & 0xF);
                        e.callSupport("condition", "(L" + BlockEmitter.CPU + ";I)Z");
                        e.mv.visitJumpInsn(IFNE, taken);
                    }
                    if (d.sideExit && d.followed) { // taken: go on at the target; not taken: leave
                        e.sideExit(next);
                        e.mv.visitLabel(taken);
                        return REGISTERS;
                    }
                    if (d.sideExit) { // taken: leave the block; not taken: go on with it
                        e.mv.visitJumpInsn(GOTO, done);
                        e.mv.visitLabel(taken);
                        e.sideExit(target);
                        e.mv.visitLabel(done);
                        return REGISTERS;
                    }
                    e.setInt("eip", next);
                    e.mv.visitJumpInsn(GOTO, done);
                    e.mv.visitLabel(taken);
                    e.jumpTo(target);
                    e.mv.visitLabel(done);
                } else {
                    return NOT_INLINE;
                }
            }
        }
        return memory ? MEMORY : REGISTERS;
    }

    /** True for the control transfers this class emits: they set EIP themselves. */
    static boolean setsEip(DecodedInstruction d) {
        int code = d.code;
        return code == 0xE8 || code == 0xE9 || code == 0xEB || code == 0xC3
                || (code == 0xFF && (d.reg == 2 || d.reg == 4)) || d.isJcc();
    }

    /** Pushes an 8-bit register (AL, CL, DL, BL, AH, CH, DH, BH by number). */
    private void readReg8(int index) {
        e.loadCpu();
        e.pushInt(index);
        e.callCpu("reg8", "(I)I");
    }

    /** Stores the 32-bit value {@code value} pushes into E: a register, or a write through the segment (which may fault). */
    private void writeE(DecodedInstruction d, Runnable value) {
        if (d.hasMemoryOperand()) {
            e.faultPoint(d);
            e.pushAddress(d);
            value.run();
            e.callCpu("write32", WRITE);
        } else {
            e.beginStoreReg(d.rm);
            value.run();
            e.storeReg();
        }
    }

    /** Stores the byte {@code value} pushes into E: a byte register, or a write through the segment. */
    private void writeEb(DecodedInstruction d, Runnable value) {
        if (d.hasMemoryOperand()) {
            e.faultPoint(d);
            e.pushAddress(d);
            value.run();
            e.callCpu("write8", WRITE);
        } else {
            e.loadCpu();
            e.pushInt(d.rm);
            value.run();
            e.callCpu("setReg8", "(II)V");
        }
    }

    /** Pushes the byte E operand (zero-extended): a byte register, or a read through the segment. */
    private void readEb(DecodedInstruction d) {
        if (d.hasMemoryOperand()) {
            e.pushAddress(d);
            e.callCpu("read8", READ);
        } else {
            readReg8(d.rm);
        }
    }

    /**
     * CMP of bytes: {@code form} 0 is Eb,Gb; 2 Gb,Eb; 4 AL,Ib; 6 Eb,Ib (group 1). Records the
     * flags and keeps both bytes sign-extended for a Jcc, or with dead flags (register operands
     * only) does nothing.
     */
    private void compareBytes(DecodedInstruction d, int form) {
        if (flagsDead) {
            return;
        }
        if (d.hasMemoryOperand()) {
            e.faultPoint(d);
        }
        e.loadCpu();
        switch (form) {
            case 0 -> {
                readEb(d);
                readReg8(d.reg);
            }
            case 2 -> {
                readReg8(d.reg);
                readEb(d);
            }
            case 4 -> {
                readReg8(Cpu.EAX);
                e.pushInt(d.immediate & 0xFF);
            }
            default -> {
                readEb(d);
                e.pushInt(d.immediate & 0xFF);
            }
        }
        captureOperands();
        e.callSupport("cmp8", COMPARE);
        for (int local : new int[] {A_VAR, B_VAR}) {
            e.mv.visitVarInsn(ILOAD, local);
            e.mv.visitInsn(I2B);
            e.mv.visitVarInsn(ISTORE, local);
        }
        flagSource = BYTE_DIFFERENCE;
    }

    /** Pushes the 32-bit E operand: a register, or a read through the segment (which may fault). */
    private void readE(DecodedInstruction d) {
        if (d.hasMemoryOperand()) {
            e.pushAddress(d);
            e.callCpu("read32", READ);
        } else {
            e.loadReg(d.rm);
        }
    }

    private void aluEvGv(DecodedInstruction d, int op) {
        binary(d, op, () -> e.loadReg(d.reg));
    }

    private void aluEvImm(DecodedInstruction d, int op, int imm) {
        binary(d, op, () -> e.pushInt(imm));
    }

    /** E = E op source (or only the flags, for CMP), in the interpreter's order: read, compute, write. */
    private void binary(DecodedInstruction d, int op, Runnable source) {
        boolean memory = d.hasMemoryOperand();
        if (memory) {
            e.faultPoint(d);
        }
        if (op == AluOps.CMP) {
            readE(d);
            source.run();
            compareCall();
            return;
        }
        if (memory) {
            e.pushAddress(d);
        } else {
            e.beginStoreReg(d.rm);
        }
        readE(d);
        source.run();
        aluCall(op);
        if (memory) {
            e.callCpu("write32", WRITE);
        } else {
            e.storeReg();
        }
    }

    private void aluGvEv(DecodedInstruction d, int op) {
        if (d.hasMemoryOperand()) {
            e.faultPoint(d);
        }
        if (op == AluOps.CMP) {
            e.loadReg(d.reg);
            readE(d);
            compareCall();
            return;
        }
        e.beginStoreReg(d.reg);
        e.loadReg(d.reg);
        readE(d);
        aluCall(op);
        e.storeReg();
    }

    private void aluEaxIz(DecodedInstruction d, int op) {
        if (op == AluOps.CMP) {
            e.loadReg(Cpu.EAX);
            e.pushInt(d.immediate);
            compareCall();
            return;
        }
        e.beginStoreReg(Cpu.EAX);
        e.loadReg(Cpu.EAX);
        e.pushInt(d.immediate);
        aluCall(op);
        e.storeReg();
    }

    /**
     * The ALU operation on the two values on the stack: the result, with its flag record
     * deferred (or, with dead flags, the result alone). The stack ends with the result.
     */
    private void aluCall(int op) {
        int opcode = switch (op) {
            case AluOps.ADD -> IADD;
            case AluOps.OR -> IOR;
            case AluOps.AND -> IAND;
            case AluOps.SUB -> ISUB;
            case AluOps.XOR -> IXOR;
            default -> throw new IllegalArgumentException("no inline form for ALU operation " + op);
        };
        if (!flagsDead) {
            if (op == AluOps.SUB) {
                captureOperands();
                e.deferFlags32(opcode, true);
                flagSource = DIFFERENCE;
            } else {
                e.deferFlags32(opcode, true);
                if (op != AluOps.ADD) { // AND, OR, XOR: the flags follow from the result alone
                    e.mv.visitInsn(DUP);
                    e.mv.visitVarInsn(ISTORE, R_VAR);
                    flagSource = LOGIC;
                }
            }
            return;
        }
        e.mv.visitInsn(opcode);
    }

    /** CMP of the two values on the stack: records the flags (deferred), or with dead flags drops them. */
    private void compareCall() {
        if (!flagsDead) {
            captureOperands();
            e.deferFlags32(ISUB, false);
            flagSource = DIFFERENCE;
            return;
        }
        e.mv.visitInsn(POP2);
    }

    /**
     * TEST of the byte E operand and the byte {@code source} pushes; with dead flags (register
     * operands only) nothing.
     */
    private void testEb(DecodedInstruction d, Runnable source) {
        if (flagsDead) {
            return;
        }
        if (d.hasMemoryOperand()) {
            e.faultPoint(d);
        }
        e.loadCpu();
        readEb(d);
        source.run();
        test8Call();
    }

    /**
     * TEST of the two bytes on the stack (above the CPU): records the flags; keeps a AND b,
     * sign-extended from bit 7, for a Jcc (whose SF and ZF it then gives as for 32 bits).
     */
    private void test8Call() {
        captureOperands();
        e.callSupport("test8", COMPARE);
        e.mv.visitVarInsn(ILOAD, A_VAR);
        e.mv.visitVarInsn(ILOAD, B_VAR);
        e.mv.visitInsn(IAND);
        e.mv.visitInsn(I2B);
        e.mv.visitVarInsn(ISTORE, R_VAR);
        flagSource = LOGIC;
    }

    /** TEST of the two values on the stack: records the flags (deferred), keeps a AND b for a Jcc. */
    private void testCall() {
        e.deferFlags32(IAND, true);
        e.mv.visitVarInsn(ISTORE, R_VAR);
        flagSource = LOGIC;
    }

    // A Jcc whose flags come from a CMP, SUB, TEST, AND, OR or XOR earlier in the block, with
    // nothing in between that changes flags, tests the operands (or the result) the compiled
    // code kept in locals instead of asking the lazy flags. The flags are still recorded for
    // whoever reads them after the block.

    /** Locals that keep the last flag-setting operation's operands (a, b) or result (r). */
    private static final int A_VAR = 5, B_VAR = 6, R_VAR = 7;
    /**
     * What the flags come from: not known here, a - b (CMP, SUB), a logical result r, or a - b
     * of two bytes kept sign-extended (their signed and unsigned orders and equality are the
     * bytes'; only the sign of the difference needs cutting back to 8 bits).
     */
    private static final int UNKNOWN_SOURCE = 0, DIFFERENCE = 1, LOGIC = 2, BYTE_DIFFERENCE = 3;
    private int flagSource = UNKNOWN_SOURCE;

    /** Stack: a, b on top. Keeps a and b in their locals, leaving the stack as it was. */
    private void captureOperands() {
        e.mv.visitVarInsn(ISTORE, B_VAR);
        e.mv.visitVarInsn(ISTORE, A_VAR);
        e.mv.visitVarInsn(ILOAD, A_VAR);
        e.mv.visitVarInsn(ILOAD, B_VAR);
    }

    /** Opcodes that never change the arithmetic flags (MOV, LEA, PUSH, POP, CDQ, MOVZX, ...). */
    private static boolean keepsFlags(DecodedInstruction d) {
        int c = d.code;
        return c == 0x88 || c == 0x89 || c == 0x8A || c == 0x8B || c == 0x8D || c == 0x90 || c == 0x99
                || (c == 0xC6 && d.reg == 0) || (c == 0xC7 && d.reg == 0) || (c >= 0xB0 && c <= 0xBF)
                || (c >= 0x50 && c <= 0x5F) || c == 0x68 || c == 0x6A || (c == 0xFF && d.reg == 6)
                || c == 0x1B6 || c == 0x1B7 || c == 0x1BE || c == 0x1BF;
    }

    /**
     * Emits a jump to {@code taken} when condition {@code cc} holds, computed from the kept
     * operands; false (nothing emitted) when the flags' source is not known or the condition
     * needs a flag this does not derive (PF; OF of a difference).
     */
    private boolean jumpIfFromOperands(int cc, Label taken) {
        if (flagSource == DIFFERENCE || flagSource == BYTE_DIFFERENCE) {
            switch (cc) {
                case 2, 3, 6, 7 -> { // B, AE, BE, A: unsigned a against b
                    unsignedOperands();
                    e.mv.visitJumpInsn(cc == 2 ? IF_ICMPLT : cc == 3 ? IF_ICMPGE : cc == 6 ? IF_ICMPLE : IF_ICMPGT, taken);
                }
                case 4, 5, 12, 13, 14, 15 -> { // E, NE, L, GE, LE, G
                    e.mv.visitVarInsn(ILOAD, A_VAR);
                    e.mv.visitVarInsn(ILOAD, B_VAR);
                    e.mv.visitJumpInsn(switch (cc) {
                        case 4 -> IF_ICMPEQ;
                        case 5 -> IF_ICMPNE;
                        case 12 -> IF_ICMPLT;
                        case 13 -> IF_ICMPGE;
                        case 14 -> IF_ICMPLE;
                        default -> IF_ICMPGT;
                    }, taken);
                }
                case 8, 9 -> { // S, NS: the sign of a - b
                    e.mv.visitVarInsn(ILOAD, A_VAR);
                    e.mv.visitVarInsn(ILOAD, B_VAR);
                    e.mv.visitInsn(ISUB);
                    if (flagSource == BYTE_DIFFERENCE) {
                        e.mv.visitInsn(I2B);
                    }
                    e.mv.visitJumpInsn(cc == 8 ? IFLT : IFGE, taken);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
        if (flagSource == LOGIC) { // CF = OF = 0; ZF and SF from r
            switch (cc) {
                case 0, 2 -> {
                    // O, B: never
                }
                case 1, 3 -> e.mv.visitJumpInsn(GOTO, taken); // NO, AE: always
                case 4, 6, 5, 7, 8, 12, 9, 13, 14, 15 -> {
                    e.mv.visitVarInsn(ILOAD, R_VAR);
                    e.mv.visitJumpInsn(switch (cc) {
                        case 4, 6 -> IFEQ; // E, BE
                        case 5, 7 -> IFNE; // NE, A
                        case 8, 12 -> IFLT; // S, L
                        case 9, 13 -> IFGE; // NS, GE
                        case 14 -> IFLE; // LE
                        default -> IFGT; // G
                    }, taken);
                }
                default -> {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Pushes a and b with their sign bits flipped, so that a signed compare orders them unsigned. */
    private void unsignedOperands() {
        e.mv.visitVarInsn(ILOAD, A_VAR);
        e.pushInt(Integer.MIN_VALUE);
        e.mv.visitInsn(IXOR);
        e.mv.visitVarInsn(ILOAD, B_VAR);
        e.pushInt(Integer.MIN_VALUE);
        e.mv.visitInsn(IXOR);
    }
}
