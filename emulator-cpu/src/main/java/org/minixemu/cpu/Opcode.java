package org.minixemu.cpu;

import java.util.Arrays;
import java.util.List;

/**
 * One row of the opcode map: the opcode, its mnemonic and operands in the Intel manual's notation
 * ({@code ADD Eb,Gb}), and the handler that executes it. The notation is what decides whether a
 * ModR/M byte follows, and what the disassembler prints.
 */
public final class Opcode {
    /** Opcode byte, or 0x100 | second byte for the 0F page. */
    public final int code;
    /** ModR/M reg field that selects this row within a group, or -1. */
    public final int digit;
    /** Mnemonic; "CBW/CWDE" lists the 16- and 32-bit operand-size spellings. */
    public final String mnemonic;
    /** Operands in manual notation: Eb, Gv, Iz, Jb, Ob, Sw, Ap, M, Mp, AL, eAX, DX, 1, ... */
    public final List<String> operands;
    final boolean lockable;
    final boolean hasModrm;
    /** MOV to and from control and debug registers ignore the mod field: the operand is a register. */
    final boolean registerOnly;
    final Handler handler;
    /** For a group opcode: the eight rows selected by the ModR/M reg field. */
    Opcode[] group;

    Opcode(int code, int digit, String notation, Handler handler, boolean lockable) {
        this.code = code;
        this.digit = digit;
        int space = notation.indexOf(' ');
        this.mnemonic = space < 0 ? notation : notation.substring(0, space);
        this.operands = space < 0 ? List.of() : List.of(notation.substring(space + 1).split(","));
        this.handler = handler;
        this.lockable = lockable;
        this.hasModrm = digit >= 0 || operands.stream().anyMatch(Opcode::needsModrm);
        this.registerOnly = operands.contains("Rd");
    }

    /** E, G, M, R, S, C and D operands are encoded in a ModR/M byte. */
    private static boolean needsModrm(String operand) {
        return operand.length() >= 2 && "EGMRSCD".indexOf(operand.charAt(0)) >= 0
                && Character.isLowerCase(operand.charAt(1));
    }

    /** A group dispatcher whose rows are filled in by the table. */
    static Opcode group(int code, Opcode undefined) {
        Opcode g = new Opcode(code, 0, "(group)", undefined.handler, false);
        g.group = new Opcode[8];
        Arrays.fill(g.group, undefined);
        return g;
    }

    /** The notation this row was written in, e.g. {@code ADD Eb,Gb}. */
    public String notation() {
        return operands.isEmpty() ? mnemonic : mnemonic + " " + String.join(",", operands);
    }

    /** The mnemonic for the given operand size ("CWDE" for "CBW/CWDE" in 32-bit code). */
    public String mnemonic(boolean operandSize32) {
        int slash = mnemonic.indexOf('/');
        if (slash < 0) {
            return mnemonic;
        }
        return operandSize32 ? mnemonic.substring(slash + 1) : mnemonic.substring(0, slash);
    }

    @Override
    public String toString() {
        String opcode = code >= 0x100 ? String.format("0F %02X", code & 0xFF) : String.format("%02X", code);
        return opcode + (digit >= 0 ? " /" + digit : "") + "  " + notation();
    }
}
