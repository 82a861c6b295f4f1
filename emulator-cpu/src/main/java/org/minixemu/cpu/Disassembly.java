package org.minixemu.cpu;

/**
 * One disassembled instruction, as produced by {@link Disassembler}.
 *
 * @param length number of bytes the instruction occupies, prefixes included: 1 for {@code (bad)},
 *     and for {@code (truncated)} the number of bytes that were available (possibly 0)
 * @param text the instruction in lower-case Intel syntax, e.g. {@code add byte ptr [bx+si],al},
 *     or {@code (bad)} / {@code (truncated)}
 * @param opcode the {@link OpcodeTable} row that was decoded, or {@code null} for {@code (bad)}
 *     and {@code (truncated)}; lets a debugger ask, say, whether the instruction is a CALL
 */
public record Disassembly(int length, String text, Opcode opcode) {
    /** Text of an undefined opcode, an invalid operand encoding or an instruction over 15 bytes. */
    public static final String BAD = "(bad)";
    /** Text when the bytes ran out before the instruction was complete. */
    public static final String TRUNCATED = "(truncated)";

    /** True unless this is {@code (bad)} or {@code (truncated)}. */
    public boolean isValid() {
        return opcode != null;
    }
}
