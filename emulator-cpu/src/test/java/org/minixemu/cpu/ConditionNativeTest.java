package org.minixemu.cpu;

import static org.minixemu.cpu.HardwareComparison.EVERYTHING;
import static org.minixemu.cpu.HardwareComparison.assertMatchesHardware;
import static org.minixemu.cpu.HardwareComparison.input;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CMOVcc and SETcc for all sixteen conditions over every combination of the flags they read,
 * against the host processor. Neither changes any flag ("Flags Affected: None").
 */
class ConditionNativeTest {
    /** All 64 combinations of the six arithmetic flags, four times, with random registers. */
    private static List<long[]> everyFlagCombination(String op) {
        HardwareComparison.Operands o = new HardwareComparison.Operands(op.hashCode(), 32);
        int[] bits = {HardwareComparison.CF, HardwareComparison.PF, HardwareComparison.AF, HardwareComparison.ZF,
            HardwareComparison.SF, HardwareComparison.OF};
        List<long[]> inputs = new ArrayList<>();
        for (int repeat = 0; repeat < 4; repeat++) {
            for (int combination = 0; combination < 64; combination++) {
                int flags = 0;
                for (int i = 0; i < 6; i++) {
                    if ((combination >> i & 1) != 0) {
                        flags |= bits[i];
                    }
                }
                inputs.add(input(o.value(), o.value(), o.value(), o.value(), o.quad(), flags));
            }
        }
        return inputs;
    }

    @ParameterizedTest(name = "cmov{0}")
    @ValueSource(strings = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"})
    void conditionalMoveMovesExactlyWhenHardwareDoes(String cc) {
        for (String size : new String[] {"16", "32"}) {
            String op = "cmov" + cc + size;
            assertMatchesHardware(op, everyFlagCombination(op), EVERYTHING);
        }
    }

    @ParameterizedTest(name = "set{0}")
    @ValueSource(strings = {"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"})
    void setByteOnConditionWritesWhatHardwareWrites(String cc) {
        String op = "set" + cc;
        assertMatchesHardware(op, everyFlagCombination(op), EVERYTHING);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"setg_high", "setb_mem", "cmovne32_mem"})
    void conditionsWithHighByteAndMemoryOperandsMatchHardware(String op) {
        assertMatchesHardware(op, everyFlagCombination(op), EVERYTHING);
    }
}
