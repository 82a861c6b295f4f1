package org.minixemu.cpu;

/**
 * Group 2 shifts and rotates, SHLD and SHRD. The count is masked to five bits, as on every
 * processor since the 286; a masked count of zero changes nothing, not even the flags. Flags the
 * manual leaves undefined (OF for counts other than 1, AF for shifts) get the values in the
 * undefined-flags table of docs/cpu.md.
 */
final class ShiftOps {
    static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAL = 6, SAR = 7;

    private ShiftOps() {
    }

    static void eb(Cpu c, int op, int count) {
        int value = c.readEb();
        count &= 0x1F;
        if (count != 0) {
            c.writeEb(shift(c, op, 1, value, count));
        }
    }

    static void ev(Cpu c, int op, int count) {
        int value = c.readEv();
        count &= 0x1F;
        if (count != 0) {
            c.writeEv(shift(c, op, c.sizeV(), value, count));
        }
    }

    /** Shifts or rotates a {@code size}-byte value by a nonzero masked count; sets the flags. */
    static int shift(Cpu c, int op, int size, int value, int count) {
        int bits = size * 8;
        int mask = Flags.sizeMaskOf(size);
        int sign = 1 << (bits - 1);
        int v = value & mask;
        Flags f = c.flags;
        switch (op) {
            case ROL -> {
                int n = count % bits;
                int r = n == 0 ? v : ((v << n) | (v >>> (bits - n))) & mask;
                boolean cf = (r & 1) != 0;
                f.set(Flags.CF, cf);
                f.set(Flags.OF, ((r & sign) != 0) != cf);
                return r;
            }
            case ROR -> {
                int n = count % bits;
                int r = n == 0 ? v : ((v >>> n) | (v << (bits - n))) & mask;
                f.set(Flags.CF, (r & sign) != 0);
                f.set(Flags.OF, (((r << 1) ^ r) & sign) != 0);
                return r;
            }
            case RCL -> {
                int n = count % (bits + 1);
                boolean oldCf = f.cf();
                long full = (1L << (bits + 1)) - 1;
                long wide = (oldCf ? 1L << bits : 0) | (v & 0xFFFFFFFFL);
                long rotated = n == 0 ? wide : ((wide << n) | (wide >>> (bits + 1 - n))) & full;
                int r = (int) rotated & mask;
                boolean cf = (rotated >>> bits & 1) != 0;
                f.set(Flags.CF, cf);
                f.set(Flags.OF, ((r & sign) != 0) != cf);
                return r;
            }
            case RCR -> {
                int n = count % (bits + 1);
                boolean oldCf = f.cf();
                long full = (1L << (bits + 1)) - 1;
                long wide = (oldCf ? 1L << bits : 0) | (v & 0xFFFFFFFFL);
                long rotated = n == 0 ? wide : ((wide >>> n) | (wide << (bits + 1 - n))) & full;
                int r = (int) rotated & mask;
                // OF = the two top bits of the result XORed: the manual's count-1 formula (old
                // CF XOR old MSB) for count 1, and what the i386 leaves for larger counts.
                f.set(Flags.OF, (((r << 1) ^ r) & sign) != 0);
                f.set(Flags.CF, (rotated >>> bits & 1) != 0);
                return r;
            }
            case SHL, SAL -> {
                return shl(f, size, v, count);
            }
            case SHR -> {
                return shr(f, size, v, count);
            }
            default -> {
                return sar(f, size, v, count);
            }
        }
    }

    // SHL, SHR and SAR of a {@code size}-byte value (already masked to the size) by a nonzero
    // masked count. Translated code calls these with a constant size.

    static int shl(Flags f, int size, int v, int count) {
        int bits = size * 8;
        long wide = (v & 0xFFFFFFFFL) << count;
        int r = (int) wide & Flags.sizeMaskOf(size);
        boolean cf = (wide >>> bits & 1) != 0;
        f.shiftResult(size, r, cf, ((r >>> (bits - 1)) & 1) != 0 != cf);
        return r;
    }

    static int shr(Flags f, int size, int v, int count) {
        int bits = size * 8;
        int r = count >= bits ? 0 : v >>> count;
        f.shiftResult(size, r, ((v & 0xFFFFFFFFL) >>> (count - 1) & 1) != 0, ((v >>> (bits - 1)) & 1) != 0);
        return r;
    }

    static int sar(Flags f, int size, int v, int count) {
        int bits = size * 8;
        int extended = (v << (32 - bits)) >> (32 - bits);
        int r = (extended >> Math.min(count, 31)) & Flags.sizeMaskOf(size);
        f.shiftResult(size, r, (extended >> Math.min(count - 1, 31) & 1) != 0, false);
        return r;
    }

    /** SHLD Ev,Gv,count: shifts Ev left, filling from the top of Gv. */
    static void shld(Cpu c, int count) {
        doubleShift(c, count, true);
    }

    /** SHRD Ev,Gv,count: shifts Ev right, filling from the bottom of Gv. */
    static void shrd(Cpu c, int count) {
        doubleShift(c, count, false);
    }

    /**
     * SHLD and SHRD. The 16-bit forms shift the 32-bit concatenation of the two words, which
     * gives the manual's result for counts up to 16 (larger counts are undefined).
     */
    private static void doubleShift(Cpu c, int count, boolean left) {
        int dest = c.readEv();
        count &= 0x1F;
        if (count == 0) {
            return;
        }
        int src = c.regV(c.reg);
        int size = c.sizeV();
        int r;
        boolean cf;
        if (size == 4) {
            r = left ? (dest << count) | (src >>> (32 - count)) : (dest >>> count) | (src << (32 - count));
            cf = ((left ? dest >>> (32 - count) : dest >>> (count - 1)) & 1) != 0;
        } else if (left) {
            long wide = ((long) (dest & 0xFFFF) << 16 | (src & 0xFFFF)) << count;
            r = (int) (wide >>> 16) & 0xFFFF;
            cf = (wide >>> 32 & 1) != 0;
        } else {
            long wide = (long) (src & 0xFFFF) << 16 | (dest & 0xFFFF);
            r = (int) (wide >>> count) & 0xFFFF;
            cf = (wide >>> (count - 1) & 1) != 0;
        }
        doubleShiftFlags(c, size, dest, r, cf);
        c.writeEv(r);
    }

    private static void doubleShiftFlags(Cpu c, int size, int before, int after, boolean cf) {
        int sign = size == 4 ? 0x80000000 : 0x8000;
        c.flags.result(size, after);
        c.flags.set(Flags.CF, cf);
        c.flags.set(Flags.OF, ((before ^ after) & sign) != 0);
        c.flags.set(Flags.AF, false);
    }
}
