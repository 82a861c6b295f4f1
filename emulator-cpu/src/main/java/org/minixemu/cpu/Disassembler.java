package org.minixemu.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Disassembles one i386 instruction into lower-case Intel syntax close to
 * {@code objdump -d -M intel}: {@code add byte ptr es:[bx+si+0x10],al},
 * {@code mov eax,dword ptr [esp+ecx*4+0x8]}, {@code jne 0x1234}, {@code rep movsb}.
 *
 * <p>The decoder is driven only by {@link OpcodeTable#rows()}: the row's operand notation says
 * whether a ModR/M byte follows, which immediates and displacements are read, and how each
 * operand is printed. The only knowledge kept here is what the notation does not carry:
 * <ul>
 *   <li>the eleven prefix bytes (26 2E 36 3E 64 65 66 67 F0 F2 F3), decoded as {@link Cpu} does;
 *   <li>condition codes are spelled as objdump and assemblers print them ({@code jne},
 *       {@code setae}, {@code cmovg}, {@code loope}) rather than the table's {@code JNZ},
 *       {@code SETNB}, {@code CMOVNLE}, {@code LOOPZ};
 *   <li>an {@code Ib} of ADD..CMP, IMUL and PUSH is sign-extended to the operand size (the manual
 *       says so for each of these instructions; the notation does not);
 *   <li>{@code JCXZ/JECXZ} picks its spelling by address size, every other slash mnemonic by
 *       operand size;
 *   <li>string instructions (those with an X or Y operand) print only their mnemonic.
 * </ul>
 *
 * <p>Printing conventions: memory operands carry a size ({@code byte ptr}, {@code word ptr},
 * {@code dword ptr}, {@code fword ptr} for a 16:32 far pointer, {@code qword ptr}) except the
 * size-less {@code M} of LEA, LGDT and friends, and the {@code Ob}/{@code Ov} moffs forms, which
 * print as {@code [0x1234]}. A segment override is shown on the memory operand
 * ({@code es:[bx]}); a prefix that no operand uses is printed as a word before the mnemonic, as
 * objdump does ({@code es movsb}, {@code addr16 loop 0x10}, {@code data16 nop}). Displacements
 * are signed ({@code [bp-0x2]}), a displacement-only address is unsigned ({@code [0xfffe]}),
 * immediates are unsigned hexadecimal of their operand size, and relative jumps print their
 * absolute target computed from the instruction's address.
 *
 * <p>Never throws: an undefined opcode, an invalid encoding (a register where the row needs
 * memory, segment register 6 or 7) or an instruction longer than 15 bytes gives {@code (bad)}
 * with length 1; running out of bytes gives {@code (truncated)} with the bytes available.
 */
public final class Disassembler {

    /** Where instruction bytes come from: a byte array, or guest memory for the debugger. */
    @FunctionalInterface
    public interface ByteSource {
        /**
         * The byte at {@code index}.
         *
         * @param index position of the byte
         * @return the byte, 0-255, or a negative value when there is none (end of the buffer,
         *     unmapped memory); an exception thrown here is treated like a missing byte
         */
        int byteAt(int index);
    }

    /** The i386 refuses instructions longer than this, as {@link Cpu} does. */
    private static final int MAX_LENGTH = 15;

    /** Rows without a ModR/M digit, indexed by opcode (0x000-0x1FF). */
    private static final Opcode[] SINGLE = new Opcode[0x200];
    /** Group rows, indexed by opcode and then by the ModR/M reg field; null where not a group. */
    private static final Opcode[][] GROUPS = new Opcode[0x200][];

    static {
        for (Opcode row : OpcodeTable.rows()) {
            if (row.digit < 0) {
                SINGLE[row.code] = row;
            } else {
                if (GROUPS[row.code] == null) {
                    GROUPS[row.code] = new Opcode[8];
                }
                GROUPS[row.code][row.digit] = row;
            }
        }
    }

    private static final String[] REG8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    private static final String[] REG16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] REG32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] SEG = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final String[] MEM16 = {"bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"};

    /** The table's condition-code spellings that objdump prints differently. */
    private static final Map<String, String> CONDITION_ALIASES = Map.of(
            "NB", "AE", "Z", "E", "NZ", "NE", "NBE", "A", "NL", "GE", "NLE", "G");
    private static final String[] CONDITIONAL_MNEMONICS = {"CMOV", "SET", "LOOP", "J"};

    /** Mnemonics whose byte immediate is sign-extended to the operand size. */
    private static final Set<String> SIGN_EXTENDED_IB = Set.of(
            "ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP", "IMUL", "PUSH");

    private Disassembler() {
    }

    /**
     * Disassembles the instruction starting at {@code code[offset]}; bytes past the end of the
     * array count as missing.
     *
     * @param code the bytes
     * @param offset index in {@code code} of the instruction's first byte
     * @param code32 the default operand and address size (CS.D): true for 32-bit code
     * @param address the instruction's address (EIP or IP), used for relative jump targets
     * @return the instruction's length and text; never null
     */
    public static Disassembly disassemble(byte[] code, int offset, boolean code32, int address) {
        return disassemble(i -> i >= 0 && i < code.length ? code[i] & 0xFF : -1, offset, code32, address);
    }

    /**
     * Disassembles the instruction whose first byte is {@code source.byteAt(index)}; its further
     * bytes are read at {@code index + 1}, {@code index + 2}, ... (at most 15 in all). A debugger
     * can pass a source over linear memory with {@code index} = CS base + EIP.
     *
     * @param source where the bytes come from
     * @param index the source index of the instruction's first byte
     * @param code32 the default operand and address size (CS.D): true for 32-bit code
     * @param address the instruction's address (EIP or IP), used for relative jump targets
     * @return the instruction's length and text; never null
     */
    public static Disassembly disassemble(ByteSource source, int index, boolean code32, int address) {
        Decoder d = new Decoder(source, index, code32, address, true);
        try {
            return d.decode();
        } catch (Stop stop) {
            return stop == Stop.TRUNCATED
                    ? new Disassembly(d.pos, Disassembly.TRUNCATED, null)
                    : new Disassembly(1, Disassembly.BAD, null);
        }
    }

    /**
     * The length of the instruction whose first byte is {@code source.byteAt(index)}, or -1 when
     * {@link #disassemble} would call it bad or truncated: the same decoding without making the
     * text, for the block decoder, which needs only the length (formatting the text was most of
     * the time a block took to decode).
     *
     * @param source where the bytes come from
     * @param index the source index of the instruction's first byte
     * @param code32 the default operand and address size (CS.D): true for 32-bit code
     * @return the length in bytes, or -1
     */
    public static int length(ByteSource source, int index, boolean code32) {
        Decoder d = new Decoder(source, index, code32, 0, false);
        try {
            return d.measure();
        } catch (Stop stop) {
            return -1;
        }
    }

    /** Ends decoding early; preallocated and without a stack trace, since it is control flow. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Stop TRUNCATED = new Stop();
        static final Stop BAD = new Stop();

        private Stop() {
            super(null, null, false, false);
        }
    }

    /** The state of decoding one instruction. */
    private static final class Decoder {
        private final ByteSource source;
        private final int start;
        private final boolean code32;
        private final int address;
        /** False when only the length is wanted: the operands are read and checked, not spelled. */
        private final boolean text;
        /** Bytes consumed so far. */
        int pos;

        private boolean opSize32;
        private boolean addrSize32;
        private int segOverride = -1;
        private int repPrefix;
        private boolean lockPrefix;
        // Whether an operand or the mnemonic made use of the operand size, address size and
        // segment override; a prefix nothing used is printed as a word before the mnemonic.
        private boolean usedOpSize;
        private boolean usedAddrSize;
        private boolean usedSeg;

        private Opcode row;
        private int mod;
        private int reg;
        private int rm;
        /** The ModR/M memory operand without size or segment, e.g. "[bx+si+0x10]". */
        private String memory;

        Decoder(ByteSource source, int start, boolean code32, int address, boolean text) {
            this.source = source;
            this.start = start;
            this.code32 = code32;
            this.address = address;
            this.text = text;
            this.opSize32 = code32;
            this.addrSize32 = code32;
        }

        Disassembly decode() {
            decodeOpcode();
            String mnemonic = mnemonic();
            List<String> operands = new ArrayList<>();
            if (!isStringInstruction()) {
                for (String notation : row.operands) {
                    operands.add(operand(notation));
                }
            }
            return new Disassembly(pos, spell(mnemonic, operands), row);
        }

        /** Reads and checks the instruction as {@link #decode} does, and returns its length. */
        int measure() {
            decodeOpcode();
            if (!isStringInstruction()) {
                for (String notation : row.operands) {
                    operand(notation);
                }
            }
            return pos;
        }

        /** Prefixes, opcode and ModR/M: sets {@link #row} and the operand fields. */
        private void decodeOpcode() {
            int b = next8();
            while (applyPrefix(b)) {
                b = next8();
            }
            int code = b == 0x0F ? 0x100 | next8() : b;
            Opcode[] group = GROUPS[code];
            if (group != null) {
                int modrm = next8();
                row = group[(modrm >>> 3) & 7];
                if (row == null) {
                    throw Stop.BAD;
                }
                decodeModrm(modrm);
            } else {
                row = SINGLE[code];
                if (row == null) {
                    throw Stop.BAD;
                }
                if (row.hasModrm) {
                    decodeModrm(next8());
                }
            }
        }

        /** The instruction's text: prefixes nothing used, the mnemonic, the operands. */
        private String spell(String mnemonic, List<String> operands) {
            StringBuilder text = new StringBuilder();
            if (lockPrefix) {
                text.append("lock ");
            }
            if (repPrefix == 0xF2) {
                text.append("repne ");
            } else if (repPrefix == 0xF3) {
                boolean testsZf = mnemonic.startsWith("CMPS") || mnemonic.startsWith("SCAS");
                text.append(testsZf ? "repe " : "rep ");
            }
            if (segOverride >= 0 && !usedSeg) {
                text.append(SEG[segOverride]).append(' ');
            }
            if (opSize32 != code32 && !usedOpSize) {
                text.append(opSize32 ? "data32 " : "data16 ");
            }
            if (addrSize32 != code32 && !usedAddrSize) {
                text.append(addrSize32 ? "addr32 " : "addr16 ");
            }
            text.append(mnemonic.toLowerCase(Locale.ROOT));
            if (!operands.isEmpty()) {
                text.append(' ').append(String.join(",", operands));
            }
            return text.toString();
        }

        /** Records a prefix byte; false when {@code b} is not a prefix. */
        private boolean applyPrefix(int b) {
            switch (b) {
                case 0x26 -> segOverride = Cpu.ES;
                case 0x2E -> segOverride = Cpu.CS;
                case 0x36 -> segOverride = Cpu.SS;
                case 0x3E -> segOverride = Cpu.DS;
                case 0x64 -> segOverride = Cpu.FS;
                case 0x65 -> segOverride = Cpu.GS;
                case 0x66 -> opSize32 = !code32;
                case 0x67 -> addrSize32 = !code32;
                case 0xF0 -> lockPrefix = true;
                case 0xF2, 0xF3 -> repPrefix = b; // the last one wins, as in Cpu
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** The row's mnemonic for this operand or address size, conditions spelled as objdump does. */
        private String mnemonic() {
            String m = row.mnemonic;
            if (m.indexOf('/') >= 0) {
                if (m.startsWith("JCXZ")) {
                    usedAddrSize = true;
                    m = row.mnemonic(addrSize32);
                } else {
                    usedOpSize = true;
                    m = row.mnemonic(opSize32);
                }
            }
            for (String stem : CONDITIONAL_MNEMONICS) {
                String alias = m.startsWith(stem) ? CONDITION_ALIASES.get(m.substring(stem.length())) : null;
                if (alias != null) {
                    return stem + alias;
                }
            }
            return m;
        }

        /** MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS: operands DS:eSI / ES:eDI. */
        private boolean isStringInstruction() {
            for (String operand : row.operands) {
                if (operand.length() == 2 && (operand.charAt(0) == 'X' || operand.charAt(0) == 'Y')) {
                    return true;
                }
            }
            return false;
        }

        // ---- operands ----------------------------------------------------------------------

        private String operand(String notation) {
            if (notation.equals("M")) {
                return memoryOnly(0);
            }
            if (notation.length() == 3 && notation.charAt(0) == 'e') { // eAX..eDI
                usedOpSize = true;
                String name = notation.substring(1).toLowerCase(Locale.ROOT);
                return opSize32 ? "e" + name : name;
            }
            if (notation.length() != 2 || !Character.isLowerCase(notation.charAt(1))) {
                return notation.toLowerCase(Locale.ROOT); // AL, CL, DX, ES, EAX, the constant 1
            }
            char size = notation.charAt(1);
            return switch (notation.charAt(0)) {
                case 'E' -> mod == 3 ? register(rm, bytes(size)) : ptr(bytes(size)) + memory();
                case 'G' -> register(reg, bytes(size));
                case 'R' -> register(rm, bytes(size));
                case 'M' -> memoryOnly(bytes(size));
                case 'S' -> {
                    if (reg >= SEG.length) {
                        throw Stop.BAD;
                    }
                    yield SEG[reg];
                }
                case 'C' -> "cr" + reg;
                case 'D' -> "dr" + reg;
                case 'I' -> immediate(size);
                case 'J' -> jumpTarget(size);
                case 'O' -> {
                    usedAddrSize = true;
                    usedSeg = true;
                    yield segmentColon() + "[" + hex(addrSize32 ? next32() : next16(), addrSize32 ? 4 : 2) + "]";
                }
                case 'A' -> {
                    usedOpSize = true;
                    int offset = opSize32 ? next32() : next16();
                    int selector = next16();
                    yield hex(selector, 2) + ":" + hex(offset, opSize32 ? 4 : 2);
                }
                default -> throw Stop.BAD; // not a notation this decoder knows
            };
        }

        /** Operand width in bytes for a size letter; 0 for none. */
        private int bytes(char size) {
            switch (size) {
                case 'b':
                    return 1;
                case 'w':
                    return 2;
                case 'd':
                    return 4;
                case 'q':
                    return 8;
                case 'v':
                case 'z':
                    usedOpSize = true;
                    return opSize32 ? 4 : 2;
                case 'p':
                    usedOpSize = true;
                    return opSize32 ? 6 : 4;
                case 'a':
                    usedOpSize = true;
                    return opSize32 ? 8 : 4;
                default:
                    throw Stop.BAD;
            }
        }

        private static String register(int n, int bytes) {
            return switch (bytes) {
                case 1 -> REG8[n];
                case 2 -> REG16[n];
                case 4 -> REG32[n];
                default -> throw Stop.BAD;
            };
        }

        private static String ptr(int bytes) {
            return switch (bytes) {
                case 0 -> "";
                case 1 -> "byte ptr ";
                case 2 -> "word ptr ";
                case 4 -> "dword ptr ";
                case 6 -> "fword ptr ";
                case 8 -> "qword ptr ";
                default -> throw Stop.BAD;
            };
        }

        /** An M operand: memory only, a register form is invalid (#UD on the CPU). */
        private String memoryOnly(int bytes) {
            if (mod == 3) {
                throw Stop.BAD;
            }
            return ptr(bytes) + memory();
        }

        private String memory() {
            usedAddrSize = true;
            usedSeg = true;
            return segmentColon() + memory;
        }

        private String segmentColon() {
            return segOverride >= 0 ? SEG[segOverride] + ":" : "";
        }

        private String immediate(char size) {
            if (!text) { // the same reads as below
                if (size == 'b') {
                    next8();
                } else if (bytes(size) == 4) {
                    next32();
                } else {
                    next16();
                }
                return "";
            }
            if (size != 'b') {
                int bytes = bytes(size);
                return hex(bytes == 4 ? next32() : next16(), bytes);
            }
            int value = next8();
            if (SIGN_EXTENDED_IB.contains(row.mnemonic)) {
                // Extended to the size of the destination: AL and Eb stay bytes; PUSH Ib, whose
                // only operand is the immediate, pushes an operand-size value.
                String first = row.operands.get(0);
                boolean byteSized = !first.startsWith("I")
                        && (first.endsWith("b") || List.of(REG8).contains(first.toLowerCase(Locale.ROOT)));
                if (!byteSized) {
                    usedOpSize = true;
                    return hex((byte) value, opSize32 ? 4 : 2);
                }
            }
            return hex(value, 1);
        }

        /** Jb or Jz: the absolute target. J is always the last operand, so pos is the length. */
        private String jumpTarget(char size) {
            usedOpSize = true;
            int displacement = size == 'b' ? (byte) next8() : opSize32 ? next32() : (short) next16();
            int target = address + pos + displacement;
            return hex(target, opSize32 ? 4 : 2);
        }

        // ---- ModR/M ------------------------------------------------------------------------

        private void decodeModrm(int modrm) {
            mod = row.registerOnly ? 3 : modrm >>> 6;
            reg = (modrm >>> 3) & 7;
            rm = modrm & 7;
            if (mod != 3) {
                memory = addrSize32 ? address32() : address16();
            }
        }

        private String address16() {
            if (mod == 0 && rm == 6) {
                return "[" + hex(next16(), 2) + "]";
            }
            String base = MEM16[rm];
            if (mod == 1) {
                return "[" + base + signed((byte) next8()) + "]";
            }
            if (mod == 2) {
                return "[" + base + signed((short) next16()) + "]";
            }
            return "[" + base + "]";
        }

        private String address32() {
            String base;
            String index = null;
            boolean displacementOnly = false;
            long displacement = 0;
            if (rm == 4) {
                int sib = next8();
                int scale = sib >>> 6;
                int indexReg = (sib >>> 3) & 7;
                int baseReg = sib & 7;
                if (baseReg == 5 && mod == 0) {
                    base = null;
                    displacementOnly = true;
                    displacement = next32();
                } else {
                    base = REG32[baseReg];
                }
                if (indexReg != 4) {
                    index = REG32[indexReg] + "*" + (1 << scale);
                }
            } else if (rm == 5 && mod == 0) {
                return "[" + hex(next32(), 4) + "]";
            } else {
                base = REG32[rm];
            }
            if (mod == 1) {
                displacement = (byte) next8();
            } else if (mod == 2) {
                displacement = next32();
            }
            StringBuilder s = new StringBuilder("[");
            if (base != null) {
                s.append(base);
            }
            if (index != null) {
                s.append(base != null ? "+" : "").append(index);
            }
            if (base == null && index == null) {
                s.append(hex((int) displacement, 4)); // SIB with neither base nor index
            } else if (mod != 0 || displacementOnly) {
                s.append(signed(displacement));
            }
            return s.append(']').toString();
        }

        // ---- bytes and numbers -------------------------------------------------------------

        private int next8() {
            if (pos >= MAX_LENGTH) {
                throw Stop.BAD;
            }
            int b;
            try {
                b = source.byteAt(start + pos);
            } catch (RuntimeException e) {
                b = -1;
            }
            if (b < 0) {
                throw Stop.TRUNCATED;
            }
            pos++;
            return b & 0xFF;
        }

        private int next16() {
            int lo = next8();
            return lo | next8() << 8;
        }

        private int next32() {
            int lo = next16();
            return lo | next16() << 16;
        }

        /** Unsigned hexadecimal of the low {@code bytes} bytes: 0x1f. */
        private String hex(int value, int bytes) {
            if (!text) {
                return "";
            }
            long mask = bytes >= 4 ? 0xFFFF_FFFFL : (1L << (8 * bytes)) - 1;
            return "0x" + Long.toHexString(value & mask);
        }

        /** A displacement after a register: +0x10, -0x2. */
        private String signed(long value) {
            if (!text) {
                return "";
            }
            return value < 0 ? "-0x" + Long.toHexString(-value) : "+0x" + Long.toHexString(value);
        }
    }
}
