package org.minixemu.cpu;

import static org.minixemu.cpu.HardwareComparison.AF;
import static org.minixemu.cpu.HardwareComparison.ALL_REGS;
import static org.minixemu.cpu.HardwareComparison.ARITH;
import static org.minixemu.cpu.HardwareComparison.EVERYTHING;
import static org.minixemu.cpu.HardwareComparison.assertMatchesHardware;
import static org.minixemu.cpu.HardwareComparison.binaryInputs;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ADD, ADC, SUB, SBB, AND, OR, XOR, CMP, TEST, INC, DEC, NEG, NOT, the sign and zero extensions and
 * CBW/CWDE/CWD/CDQ at 8, 16 and 32 bits, against the host processor. 32-bit forms run with the
 * 0x66 prefix in real mode, which is what the 16-bit hardware vectors never reach.
 */
class ArithmeticNativeTest {
    private static int width(String op) {
        if (op.contains("32")) {
            return 32;
        }
        return op.contains("16") ? 16 : 8;
    }

    /**
     * ADD, ADC, SUB, SBB, CMP, INC, DEC, NEG: "The OF, SF, ZF, AF, CF, and PF flags are set according
     * to the result" (INC and DEC: "The CF flag is not affected"), so all six flags are compared.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"add8", "add16", "add32", "adc8", "adc16", "adc32", "sub8", "sub16", "sub32", "sbb8",
        "sbb16", "sbb32", "cmp8", "cmp16", "cmp32", "add8_high", "sbb8_high", "adc32_imm", "sub16_imm8",
        "cmp32_imm8"})
    void addAndSubtractSetEveryArithmeticFlagLikeHardware(String op) {
        assertMatchesHardware(op, binaryInputs(op.hashCode(), width(op), 400), EVERYTHING);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inc8", "inc16", "inc32", "dec8", "dec16", "dec32", "neg8", "neg16", "neg32", "not8",
        "not16", "not32"})
    void incDecNegAndNotMatchHardware(String op) {
        // NOT: "Flags Affected: None", so the input flags must come out unchanged.
        assertMatchesHardware(op, binaryInputs(op.hashCode(), width(op), 300), EVERYTHING);
    }

    /** AND, OR, XOR, TEST: "OF and CF are cleared; SF, ZF, PF set by the result; AF is undefined." */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"and8", "and16", "and32", "or8", "or16", "or32", "xor8", "xor16", "xor32", "test8",
        "test16", "test32", "xor32_imm"})
    void logicalOperationsClearCarryAndOverflowLikeHardware(String op) {
        assertMatchesHardware(op, binaryInputs(op.hashCode(), width(op), 400),
                in -> new HardwareComparison.Compare(ALL_REGS, ARITH & ~AF));
    }

    /** Memory destinations and sources: the same rules through the ModR/M memory path. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"add32_mem", "sbb16_from_mem", "neg32_mem", "dec16_mem"})
    void memoryOperandFormsMatchHardware(String op) {
        List<long[]> inputs = new ArrayList<>();
        for (long[] in : binaryInputs(op.hashCode(), width(op), 300)) {
            // The memory operand takes the edge values that the generator put in a (or b for the source form).
            long low = op.equals("sbb16_from_mem") ? in[1] : in[0];
            in[4] = (in[4] & 0xFFFFFFFF00000000L) | low;
            inputs.add(in);
        }
        assertMatchesHardware(op, inputs, EVERYTHING);
    }

    /** MOVZX, MOVSX, CBW, CWDE, CWD, CDQ: "Flags Affected: None." */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"movzx16_8", "movzx32_8", "movzx32_16", "movzx32_8_high", "movsx16_8", "movsx32_8",
        "movsx32_16", "movsx32_8_high", "movsx32_16_mem", "cbw", "cwde", "cwd", "cdq"})
    void extensionsCopyTheSignOrZeroBitsLikeHardware(String op) {
        List<long[]> inputs = new ArrayList<>();
        for (int width : new int[] {8, 16, 32}) {
            for (long[] in : binaryInputs(op.hashCode() + width, width, 100)) {
                // Sources are EBX (BL, BH, BX), CH, AL/AX/EAX and the memory word: give them all edges.
                in[4] = (in[4] & 0xFFFFFFFFFFFF0000L) | (in[1] & 0xFFFF);
                in[2] = (in[2] & 0xFFFF00FFL) | (in[1] & 0xFF) << 8;
                inputs.add(in);
            }
        }
        assertMatchesHardware(op, inputs, EVERYTHING);
    }
}
