package org.minixemu.cpu;

/**
 * One instruction as the block translator sees it: its prefixes, its opcode row and its ModR/M
 * operand, decoded once from the code bytes. Everything here depends only on the bytes and on
 * CS.D, so it holds for as long as the bytes do; register values are read when the compiled
 * code runs. The fields mirror the decode state that {@link Cpu} keeps for the handlers.
 */
final class DecodedInstruction {
    /** Offset of the first byte in CS (EIP of the instruction). */
    int address;
    /** Bytes in all, prefixes and immediates included. */
    int length;
    /** EIP after the prefixes, opcode, ModR/M, SIB and displacement: where the immediates start. */
    int afterModrm;
    /** The opcode row after group selection; its handler executes the instruction. */
    Opcode opcode;
    /** Opcode number as in the dispatch table: 0x000-0x0FF, or 0x100 | second byte of 0F xx. */
    int code;
    boolean opSize32;
    boolean addrSize32;
    int segOverride = -1;
    int repPrefix;
    boolean lockPrefix;

    boolean hasModrm;
    int mod;
    int reg;
    int rm;
    /** For a memory operand: the segment (override applied) and whether ESP is the base. */
    int eaSeg;
    boolean eaBaseIsEsp;
    /** Base and index registers of the effective address, -1 when absent; index is scaled by 1 << scale. */
    int base = -1;
    int index = -1;
    int scale;
    int displacement;
    /** The immediate bytes after the ModR/M part (up to four, little-endian, zero-extended) and how many there are. */
    int immediate;
    int immediateLength;
    /**
     * A conditional jump in the middle of its block: when it does not go where the block goes on
     * ({@link #nextInBlock}), it leaves the block (a side exit).
     */
    boolean sideExit;
    /**
     * A direct JMP or CALL, or a conditional jump backwards (a loop, taken as a rule), whose
     * target the block goes on with (in the same page, not yet in the block): the next
     * instruction of the block is at {@link #target()}, not after this one. A followed
     * conditional jump is also a side exit, left when it is not taken.
     */
    boolean followed;

    /** A conditional jump (Jcc rel8 or rel32). */
    boolean isJcc() {
        return (code >= 0x70 && code <= 0x7F) || (code >= 0x180 && code <= 0x18F);
    }

    /** Where a direct JMP, CALL or conditional jump (rel8 or rel32) goes. */
    int target() {
        boolean rel8 = code == 0xEB || (code >= 0x70 && code <= 0x7F);
        return address + length + (rel8 ? (byte) immediate : immediate);
    }

    /** The EIP of the instruction the block runs after this one. */
    int nextInBlock() {
        return followed ? target() : address + length;
    }

    /** True when the ModR/M operand is in memory (an effective address must be computed). */
    boolean hasMemoryOperand() {
        return hasModrm && mod != 3;
    }
}
