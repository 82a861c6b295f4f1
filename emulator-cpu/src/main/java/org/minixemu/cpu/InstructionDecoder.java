package org.minixemu.cpu;

/**
 * Decodes instructions from a 4 KiB code page for the block translator, the way {@link Cpu}
 * decodes them when it executes: the same prefixes, the same dispatch table and groups, the same
 * ModR/M and SIB rules. The instruction length comes from {@link Disassembler#length}, which knows
 * every opcode's immediates.
 */
final class InstructionDecoder {
    private final byte[] ram;
    /** RAM index of the page's first byte, and the CS offset that byte has. */
    private final int pageStart;
    private final int pageEip;
    private int pos;

    /**
     * @param ram the RAM array
     * @param pageStart RAM index of the page (a multiple of 4096)
     * @param pageEip the CS offset at which the page's first byte appears
     */
    InstructionDecoder(byte[] ram, int pageStart, int pageEip) {
        this.ram = ram;
        this.pageStart = pageStart;
        this.pageEip = pageEip;
    }

    /**
     * Decodes the instruction at {@code eip} into {@code d}; false when it is not one the table
     * knows, is longer than 15 bytes, or does not end inside the page.
     */
    boolean decode(int eip, boolean code32, DecodedInstruction d) {
        int offset = eip - pageEip;
        if (offset < 0 || offset >= 4096) {
            return false;
        }
        int length = Disassembler.length(i -> i >= 0 && i < 4096 ? ram[pageStart + i] & 0xFF : -1, offset, code32);
        if (length < 0 || length > Cpu.MAX_INSTRUCTION_LENGTH || offset + length > 4096) {
            return false;
        }
        pos = offset;
        d.address = eip;
        d.length = length;
        d.opSize32 = code32;
        d.addrSize32 = code32;
        d.segOverride = -1;
        d.repPrefix = 0;
        d.lockPrefix = false;
        int b = next();
        while (true) {
            switch (b) {
                case 0x26 -> d.segOverride = Cpu.ES;
                case 0x2E -> d.segOverride = Cpu.CS;
                case 0x36 -> d.segOverride = Cpu.SS;
                case 0x3E -> d.segOverride = Cpu.DS;
                case 0x64 -> d.segOverride = Cpu.FS;
                case 0x65 -> d.segOverride = Cpu.GS;
                case 0x66 -> d.opSize32 = !code32;
                case 0x67 -> d.addrSize32 = !code32;
                case 0xF0 -> d.lockPrefix = true;
                case 0xF2, 0xF3 -> d.repPrefix = b;
                default -> {
                    return decodeOpcode(b, d, length);
                }
            }
            b = next();
        }
    }

    private boolean decodeOpcode(int b, DecodedInstruction d, int length) {
        int code = b == 0x0F ? 0x100 | next() : b;
        Opcode op = Cpu.TABLE[code];
        d.code = code;
        d.hasModrm = op.hasModrm;
        d.base = -1;
        d.index = -1;
        d.scale = 0;
        d.displacement = 0;
        d.eaBaseIsEsp = false;
        if (op.hasModrm) {
            int modrm = next();
            d.mod = op.registerOnly ? 3 : modrm >>> 6;
            d.reg = (modrm >>> 3) & 7;
            d.rm = modrm & 7;
            if (d.mod != 3) {
                if (d.addrSize32) {
                    address32(d);
                } else {
                    address16(d);
                }
            }
            if (op.group != null) {
                op = op.group[d.reg];
            }
        }
        d.opcode = op;
        int used = pos - (d.address - pageEip);
        d.afterModrm = d.address + used;
        d.immediateLength = length - used;
        d.immediate = 0;
        for (int i = 0; i < Math.min(d.immediateLength, 4); i++) {
            d.immediate |= next() << (8 * i);
        }
        return used <= length;
    }

    private void address16(DecodedInstruction d) {
        int seg = Cpu.DS;
        switch (d.rm) {
            case 0 -> { d.base = Cpu.EBX; d.index = Cpu.ESI; }
            case 1 -> { d.base = Cpu.EBX; d.index = Cpu.EDI; }
            case 2 -> { d.base = Cpu.EBP; d.index = Cpu.ESI; seg = Cpu.SS; }
            case 3 -> { d.base = Cpu.EBP; d.index = Cpu.EDI; seg = Cpu.SS; }
            case 4 -> d.base = Cpu.ESI;
            case 5 -> d.base = Cpu.EDI;
            case 6 -> {
                if (d.mod == 0) {
                    d.displacement = next16();
                } else {
                    d.base = Cpu.EBP;
                    seg = Cpu.SS;
                }
            }
            default -> d.base = Cpu.EBX;
        }
        if (d.mod == 1) {
            d.displacement += (byte) next();
        } else if (d.mod == 2) {
            d.displacement += next16();
        }
        d.eaSeg = d.segOverride >= 0 ? d.segOverride : seg;
    }

    private void address32(DecodedInstruction d) {
        int seg = Cpu.DS;
        if (d.rm == 4) {
            int sib = next();
            int index = (sib >>> 3) & 7;
            int base = sib & 7;
            if (base == 5 && d.mod == 0) {
                d.displacement = next32();
            } else {
                d.base = base;
                if (base == Cpu.ESP || base == Cpu.EBP) {
                    seg = Cpu.SS;
                    d.eaBaseIsEsp = base == Cpu.ESP;
                }
            }
            if (index != 4) {
                d.index = index;
                d.scale = sib >>> 6;
            }
        } else if (d.rm == 5 && d.mod == 0) {
            d.displacement = next32();
        } else {
            d.base = d.rm;
            if (d.rm == Cpu.EBP) {
                seg = Cpu.SS;
            }
        }
        if (d.mod == 1) {
            d.displacement += (byte) next();
        } else if (d.mod == 2) {
            d.displacement += next32();
        }
        d.eaSeg = d.segOverride >= 0 ? d.segOverride : seg;
    }

    private int next() {
        return ram[pageStart + pos++] & 0xFF;
    }

    private int next16() {
        int lo = next();
        return lo | next() << 8;
    }

    private int next32() {
        int lo = next16();
        return lo | next16() << 16;
    }
}
