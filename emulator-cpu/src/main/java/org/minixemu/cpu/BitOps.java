package org.minixemu.cpu;

/** BT, BTS, BTR, BTC (register and immediate bit offsets), BSF and BSR. */
final class BitOps {
    static final int TEST = 0, SET = 1, RESET = 2, COMPLEMENT = 3;

    private BitOps() {
    }

    /**
     * BTx Ev,Gv. With a memory operand the bit offset is signed and may reach outside the operand:
     * the word or dword holding the bit is at ea + (offset / width) * size.
     */
    static void btEvGv(Cpu c, int action) {
        int offset = c.regV(c.reg);
        int size = c.sizeV();
        if (c.rmIsRegister()) {
            int bit = offset & (size * 8 - 1);
            int value = c.readEv();
            apply(c, action, value, bit, true, 0, size);
            return;
        }
        if (size == 2) {
            offset = (short) offset;
        }
        int displacement = (offset >> (size == 4 ? 5 : 4)) * size;
        int address = c.eaOffset + displacement;
        if (!c.addrSize32) {
            address &= 0xFFFF;
        }
        int bit = offset & (size * 8 - 1);
        apply(c, action, c.read(c.eaSeg, address, size), bit, false, address, size);
    }

    /** BTx Ev,Ib: the immediate is taken modulo the operand width. */
    static void btEvIb(Cpu c, int action) {
        int value = c.readEv();
        int size = c.sizeV();
        int bit = c.fetch8() & (size * 8 - 1);
        apply(c, action, value, bit, true, 0, size);
    }

    private static void apply(Cpu c, int action, int value, int bit, boolean modrmOperand, int address, int size) {
        c.flags.set(Flags.CF, (value >>> bit & 1) != 0);
        if (action == TEST) {
            return;
        }
        int r = switch (action) {
            case SET -> value | (1 << bit);
            case RESET -> value & ~(1 << bit);
            default -> value ^ (1 << bit);
        };
        if (modrmOperand) {
            c.writeEv(r);
        } else {
            c.write(c.eaSeg, address, size, r);
        }
    }

    /** BSF: index of the lowest set bit; a zero source sets ZF and leaves the destination alone. */
    static void bsf(Cpu c) {
        int value = c.readEv();
        if (value == 0) {
            c.flags.set(Flags.ZF, true);
            return;
        }
        c.flags.set(Flags.ZF, false);
        c.setRegV(c.reg, Integer.numberOfTrailingZeros(value));
    }

    /** BSR: index of the highest set bit. */
    static void bsr(Cpu c) {
        int value = c.readEv();
        if (value == 0) {
            c.flags.set(Flags.ZF, true);
            return;
        }
        c.flags.set(Flags.ZF, false);
        c.setRegV(c.reg, 31 - Integer.numberOfLeadingZeros(value));
    }
}
