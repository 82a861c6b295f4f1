package org.minixemu.cpu;

/**
 * Small static operations that translated code calls for the instructions it emits inline
 * ({@link InlineEmitter}); HotSpot inlines them. Each does what the interpreter's handler does for
 * a 32-bit operand.
 */
final class JitSupport {
    private JitSupport() {
    }

    /** Stores a flag record that compiled code deferred (BlockEmitter#deferFlags32). */
    static void recordFlags32(Cpu c, int kind, int a, int b, int res) {
        c.flags.record32(kind, a, b, res);
    }

    /** DIV r/m32: the interpreter's, #DE included. */
    static void div32(Cpu c, int divisor) {
        MulDivOps.div32(c, divisor);
    }

    /** CMP of two bytes (zero-extended). */
    static void cmp8(Cpu c, int a, int b) {
        c.flags.sub(1, a, b, a - b, 0, Flags.ARITH);
    }

    /** TEST of two bytes (zero-extended). */
    static void test8(Cpu c, int a, int b) {
        c.flags.logic(1, a & b);
    }

    static int inc32(Cpu c, int a) {
        int r = a + 1;
        c.flags.add(4, a, 1, r, 0, Flags.ARITH & ~Flags.CF);
        return r;
    }

    static int dec32(Cpu c, int a) {
        int r = a - 1;
        c.flags.sub(4, a, 1, r, 0, Flags.ARITH & ~Flags.CF);
        return r;
    }

    static boolean condition(Cpu c, int cc) {
        return Conditions.test(c, cc);
    }

    /** ROL, ROR, SHL, SHR or SAR ({@code op} a ShiftOps constant) of a 32-bit value; a masked count of zero changes nothing. */
    static int shift32(Cpu c, int v, int count, int op) {
        count &= 0x1F;
        if (count == 0) {
            return v;
        }
        return switch (op) {
            case ShiftOps.SHR -> ShiftOps.shr(c.flags, 4, v, count);
            case ShiftOps.SAR -> ShiftOps.sar(c.flags, 4, v, count);
            case ShiftOps.ROL, ShiftOps.ROR -> ShiftOps.shift(c, op, 4, v, count);
            default -> ShiftOps.shl(c.flags, 4, v, count);
        };
    }
}
