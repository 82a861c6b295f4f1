package org.minixemu.cpu;

import static org.minixemu.cpu.HardwareComparison.A;
import static org.minixemu.cpu.HardwareComparison.ALL_REGS;
import static org.minixemu.cpu.HardwareComparison.CF;
import static org.minixemu.cpu.HardwareComparison.ZF;
import static org.minixemu.cpu.HardwareComparison.assertMatchesHardware;
import static org.minixemu.cpu.HardwareComparison.input;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BSF, BSR and the register forms of BT, BTS, BTR, BTC at 16 and 32 bits, against the host processor. */
class BitNativeTest {
    private static int width(String op) {
        return op.contains("32") ? 32 : 16;
    }

    /** Sparse and dense sources: zero, single bits, edges, and ANDs of random values. */
    private static List<long[]> bitInputs(String op) {
        int width = width(op);
        HardwareComparison.Operands o = new HardwareComparison.Operands(op.hashCode(), width);
        List<long[]> inputs = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            inputs.add(input(o.value(), 1 << bit | (o.random.nextBoolean() ? 0 : 1 << o.random.nextInt(32)), o.value(),
                    o.value(), o.quad(), o.flags()));
            inputs.add(input(o.value(), bit | o.random.nextInt() << 5, o.value(), o.value(), o.quad(), o.flags()));
        }
        for (int e = 0; e < o.edges.length; e++) {
            inputs.add(input(o.value(), o.edge(e), o.value(), o.value(), o.quad(), o.flags()));
            inputs.add(input(o.value(), o.edge(e), o.value(), o.value(), o.quad(), o.flags() ^ ZF));
        }
        for (int k = 0; k < 300; k++) {
            int b = switch (k % 3) {
                case 0 -> o.value();
                case 1 -> o.random.nextInt() & o.random.nextInt() & o.random.nextInt();
                default -> o.random.nextInt() & o.random.nextInt() & 0xFFFF0000; // zero low word
            };
            inputs.add(input(o.value(), b, o.value(), o.value(), o.quad(), o.flags()));
        }
        return inputs;
    }

    /**
     * BSF, BSR: "If the content of the source operand is 0, the content of the destination operand
     * is undefined." Flags: "The ZF flag is set to 1 if the source operand is all 0s; otherwise, ZF
     * is cleared. The CF, OF, SF, AF, and PF flags are undefined."
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bsf16", "bsf32", "bsr16", "bsr32"})
    void bitScanFindsTheSameBitAsHardwareAndSetsZeroFlagForAZeroSource(String op) {
        long mask = width(op) == 32 ? 0xFFFFFFFFL : 0xFFFF;
        assertMatchesHardware(op, bitInputs(op), in -> new HardwareComparison.Compare(
                (in[1] & mask) == 0 ? ALL_REGS & ~A : ALL_REGS, ZF));
    }

    /**
     * BT, BTS, BTR, BTC with a register bit base: the offset is taken modulo the operand size.
     * "The CF flag contains the value of the selected bit. The ZF flag is unaffected. The OF, SF,
     * AF, and PF flags are undefined."
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bt16", "bt32", "bts16", "bts32", "btr16", "btr32", "btc16", "btc32", "bt32_imm",
        "bts16_imm", "btr32_imm", "btc16_imm"})
    void bitTestSelectsTheBitModuloTheOperandSizeLikeHardware(String op) {
        assertMatchesHardware(op, bitInputs(op), in -> new HardwareComparison.Compare(ALL_REGS, CF | ZF));
    }
}
