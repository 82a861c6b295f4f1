package org.minixemu.cpu;

import static org.minixemu.cpu.HardwareComparison.ALL_REGS;
import static org.minixemu.cpu.HardwareComparison.CF;
import static org.minixemu.cpu.HardwareComparison.OF;
import static org.minixemu.cpu.HardwareComparison.assertMatchesHardware;
import static org.minixemu.cpu.HardwareComparison.binaryInputs;
import static org.minixemu.cpu.HardwareComparison.input;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MUL and IMUL in the one-, two- and three-operand forms, DIV and IDIV at 8, 16 and 32 bits,
 * against the host processor, including the quotients that do not fit: the hardware raises #DE
 * (SIGFPE in the helper) and the emulator must vector through IVT entry 0 with IP at the DIV.
 */
class MulDivNativeTest {
    private static int width(String op) {
        if (op.contains("32")) {
            return 32;
        }
        return op.contains("16") ? 16 : 8;
    }

    /**
     * MUL, IMUL: "The OF and CF flags are set to 0 if the upper half of the result is 0 [MUL] / the
     * result fits the destination [IMUL]; otherwise, they are set to 1. The SF, ZF, AF, and PF flags
     * are undefined." So only CF and OF are compared, with every register.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mul8", "mul16", "mul32", "imul8", "imul16", "imul32", "imul16_2op", "imul32_2op",
        "imul16_imm8", "imul16_imm16", "imul32_imm8", "imul32_imm32", "imul32_mem"})
    void multiplySetsCarryAndOverflowExactlyWhenTheProductNeedsTheUpperHalf(String op) {
        List<long[]> inputs = new ArrayList<>();
        for (long[] in : binaryInputs(op.hashCode(), width(op), 400)) {
            if (op.endsWith("_mem")) { // IMUL ECX, m32: the operands are ECX and the memory dword
                in[2] = in[0];
                in[4] = (in[4] & 0xFFFFFFFF00000000L) | in[1];
            }
            inputs.add(in);
        }
        assertMatchesHardware(op, inputs, in -> new HardwareComparison.Compare(ALL_REGS, CF | OF));
    }

    /**
     * DIV, IDIV: "The CF, OF, SF, ZF, AF, and PF flags are undefined." The quotient and remainder are
     * compared; "if the quotient is too large for the designated register, or the divisor is 0, #DE".
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"div8", "div16", "div32", "idiv8", "idiv16", "idiv32", "div32_mem"})
    void divideMatchesHardwareAndRaisesDivideErrorWhereHardwareDoes(String op) {
        int width = width(op);
        HardwareComparison.Operands o = new HardwareComparison.Operands(op.hashCode(), width);
        long widthMask = width == 32 ? 0xFFFFFFFFL : (1L << width) - 1;
        List<long[]> inputs = new ArrayList<>();
        // Quotients right at the signed limits and one past them, with and without a remainder:
        // the most negative quotient fits, its negation does not.
        long min = -(1L << (width - 1));
        long max = (1L << (width - 1)) - 1;
        for (long v : new long[] {1, 2, 3, 7, -1, -2, -3, max, min}) {
            for (long q : new long[] {min, max, min - 1, max + 1, 0}) {
                for (long r : new long[] {0, v > 0 ? v - 1 : v + 1}) {
                    long dividend = q * v + (q < 0 ? -Math.abs(r) : Math.abs(r));
                    inputs.add(divisionInput(o, width, dividend, v, op.endsWith("_mem")));
                }
            }
        }
        for (int k = 0; k < 1200; k++) {
            long divisor = (k < o.edges.length * 4 ? o.edges[k % o.edges.length] : o.value()) & widthMask;
            long low = o.value() & widthMask;
            long high = switch (o.random.nextInt(6)) {
                case 0 -> o.value() & widthMask; // mostly too large: #DE
                case 1, 2 -> divisor == 0 ? 0 : (o.value() & widthMask) % divisor; // unsigned quotient fits
                case 3 -> (low >>> (width - 1) & 1) == 0 ? 0 : widthMask; // sign extension: signed fits
                case 4 -> 0;
                default -> widthMask;
            };
            int a;
            int b;
            int d;
            int upper = o.random.nextInt();
            if (width == 8) {
                a = (upper & 0xFFFF0000) | (int) high << 8 | (int) low;
                b = (o.random.nextInt() & 0xFFFFFF00) | (int) divisor;
                d = o.random.nextInt();
            } else if (width == 16) {
                a = (upper & 0xFFFF0000) | (int) low;
                d = (o.random.nextInt() & 0xFFFF0000) | (int) high;
                b = (o.random.nextInt() & 0xFFFF0000) | (int) divisor;
            } else {
                a = (int) low;
                d = (int) high;
                b = (int) divisor;
            }
            long m = o.quad();
            if (op.endsWith("_mem")) {
                m = (m & 0xFFFFFFFF00000000L) | (b & 0xFFFFFFFFL);
            }
            inputs.add(input(a, b, o.value(), d, m, o.flags()));
        }
        assertMatchesHardware(op, inputs, in -> new HardwareComparison.Compare(ALL_REGS, 0));
    }

    /** A double-width dividend and a divisor placed where DIV of {@code width} bits takes them. */
    private static long[] divisionInput(HardwareComparison.Operands o, int width, long dividend, long divisor,
            boolean divisorInMemory) {
        long widthMask = width == 32 ? 0xFFFFFFFFL : (1L << width) - 1;
        long low = dividend & widthMask;
        long high = (dividend >> width) & widthMask;
        long v = divisor & widthMask;
        int a;
        int d;
        int b = (int) v | (width == 32 ? 0 : o.random.nextInt() << width);
        if (width == 8) {
            a = (o.random.nextInt() & 0xFFFF0000) | (int) (high << 8 | low);
            d = o.random.nextInt();
        } else {
            a = (int) low | (width == 32 ? 0 : o.random.nextInt() << 16);
            d = (int) high | (width == 32 ? 0 : o.random.nextInt() << 16);
        }
        long m = divisorInMemory ? (o.quad() & 0xFFFFFFFF00000000L) | (b & 0xFFFFFFFFL) : o.quad();
        return input(a, b, o.value(), d, m, o.flags());
    }
}
