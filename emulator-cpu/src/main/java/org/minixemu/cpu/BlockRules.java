package org.minixemu.cpu;

/**
 * Which instructions a compiled block may contain. A block holds instructions that touch only
 * registers, flags and memory (so the interpreter would have found no reason to stop between
 * them) and may end with one near jump, call, return or loop; a 32-bit conditional jump may
 * also stand in the middle, as a side exit ({@link #SIDE_EXIT}). Everything else -- I/O, segment
 * loads, flag instructions that change IF, string instructions, system instructions, the FPU
 * escape -- is left to the interpreter, and a block ends before it.
 */
final class BlockRules {
    /** The block may not contain the instruction. */
    static final int EXCLUDED = 0;
    /** The instruction may be followed by more of the block. */
    static final int CONTINUES = 1;
    /** A control transfer: the block ends with it. */
    static final int ENDS = 2;
    /**
     * A conditional jump with 32-bit operand and address size: the block goes on after it (the
     * fall-through) and leaves when it is taken. Straight-line code with rarely taken branches
     * then runs as one block, entered once, where it was a chain of short ones.
     */
    static final int SIDE_EXIT = 3;

    /** Indexed by dispatch code (0x000-0x1FF) * 8 + ModR/M reg (the same for all eight when not a group). */
    private static final byte[] KIND = new byte[0x200 * 8];

    private BlockRules() {
    }

    static {
        for (int op = 0; op < 8; op++) {
            for (int form = 0; form < 6; form++) {
                all(op * 8 + form, CONTINUES); // ALU Eb,Gb ... eAX,Iz
            }
        }
        for (int code : new int[] {0x27, 0x2F, 0x37, 0x3F}) {
            all(code, CONTINUES); // DAA, DAS, AAA, AAS
        }
        range(0x40, 0x5F, CONTINUES); // INC, DEC, PUSH, POP register
        for (int code : new int[] {0x68, 0x69, 0x6A, 0x6B}) {
            all(code, CONTINUES); // PUSH imm, IMUL imm
        }
        range(0x80, 0x8C, CONTINUES); // group 1, TEST, XCHG, MOV, MOV Ev,Sw
        all(0x8D, CONTINUES); // LEA
        digit(0x8F, 0, CONTINUES); // POP Ev
        range(0x90, 0x99, CONTINUES); // NOP, XCHG, CBW, CWD
        range(0xA0, 0xA3, CONTINUES); // MOV moffs
        all(0xA8, CONTINUES);
        all(0xA9, CONTINUES); // TEST accumulator
        range(0xB0, 0xBF, CONTINUES); // MOV register, immediate
        all(0xC0, CONTINUES);
        all(0xC1, CONTINUES);
        range(0xD0, 0xD3, CONTINUES); // shifts and rotates
        digit(0xC6, 0, CONTINUES);
        digit(0xC7, 0, CONTINUES); // MOV Ev, immediate
        all(0xC9, CONTINUES); // LEAVE
        all(0xD7, CONTINUES); // XLAT
        for (int code : new int[] {0xF5, 0xF8, 0xF9, 0xFC, 0xFD}) {
            all(code, CONTINUES); // CMC, CLC, STC, CLD, STD
        }
        all(0xF6, CONTINUES);
        all(0xF7, CONTINUES); // group 3: TEST, NOT, NEG, MUL, IMUL, DIV, IDIV
        digit(0xFE, 0, CONTINUES);
        digit(0xFE, 1, CONTINUES);
        digit(0xFF, 0, CONTINUES);
        digit(0xFF, 1, CONTINUES);
        digit(0xFF, 6, CONTINUES); // INC, DEC, PUSH Ev
        range(0x140, 0x14F, CONTINUES); // CMOVcc
        range(0x190, 0x19F, CONTINUES); // SETcc
        for (int code : new int[] {0x1A3, 0x1A4, 0x1A5, 0x1AB, 0x1AC, 0x1AD, 0x1AF, 0x1B0, 0x1B1,
            0x1B3, 0x1B6, 0x1B7, 0x1BB, 0x1BC, 0x1BD, 0x1BE, 0x1BF, 0x1C0, 0x1C1}) {
            all(code, CONTINUES); // BT*, SHLD, SHRD, IMUL, CMPXCHG, MOVZX, BSF, BSR, MOVSX, XADD
        }
        for (int d = 4; d < 8; d++) {
            digit(0x1BA, d, CONTINUES);
        }
        range(0x1C8, 0x1CF, CONTINUES); // BSWAP

        range(0x70, 0x7F, ENDS);
        range(0x180, 0x18F, ENDS); // Jcc
        for (int code : new int[] {0xC2, 0xC3, 0xE0, 0xE1, 0xE2, 0xE3, 0xE8, 0xE9, 0xEB}) {
            all(code, ENDS); // RET, LOOP, JCXZ, CALL, JMP
        }
        digit(0xFF, 2, ENDS);
        digit(0xFF, 4, ENDS); // CALL Ev, JMP Ev
    }

    private static void all(int code, int kind) {
        for (int d = 0; d < 8; d++) {
            KIND[code * 8 + d] = (byte) kind;
        }
    }

    private static void range(int from, int to, int kind) {
        for (int code = from; code <= to; code++) {
            all(code, kind);
        }
    }

    private static void digit(int code, int reg, int kind) {
        KIND[code * 8 + reg] = (byte) kind;
    }

    /** EXCLUDED, CONTINUES, ENDS or SIDE_EXIT for a decoded instruction. */
    static int kind(DecodedInstruction d) {
        if (d.lockPrefix) {
            return EXCLUDED; // rare, and the interpreter owns the #UD rules for it
        }
        int kind = KIND[d.code * 8 + (d.hasModrm ? d.reg : 0)];
        return d.isJcc() && d.opSize32 && d.addrSize32 ? SIDE_EXIT : kind;
    }
}
