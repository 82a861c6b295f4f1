package org.minixemu.cpu;

import static org.minixemu.cpu.HardwareComparison.ALL_REGS;
import static org.minixemu.cpu.HardwareComparison.ARITH;
import static org.minixemu.cpu.HardwareComparison.CF;
import static org.minixemu.cpu.HardwareComparison.OF;
import static org.minixemu.cpu.HardwareComparison.PF;
import static org.minixemu.cpu.HardwareComparison.SF;
import static org.minixemu.cpu.HardwareComparison.ZF;
import static org.minixemu.cpu.HardwareComparison.assertMatchesHardware;
import static org.minixemu.cpu.HardwareComparison.input;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ROL, ROR, RCL, RCR, SHL, SHR, SAR at 8, 16 and 32 bits with every count 0..31 (and CL values
 * above 31, which the processor masks to five bits), and SHLD/SHRD, against the host processor.
 * Only the flags the Intel manual defines for each count are compared.
 */
class ShiftNativeTest {
    private static final Pattern FIXED_COUNT = Pattern.compile("_by(\\d+)$");

    private static int width(String op) {
        if (op.contains("32")) {
            return 32;
        }
        return op.contains("16") ? 16 : 8;
    }

    /** The count the instruction uses before masking: its immediate, or CL. */
    private static int count(String op, long[] in) {
        Matcher m = FIXED_COUNT.matcher(op);
        return m.find() ? Integer.parseInt(m.group(1)) : (int) in[2] & 0xFF;
    }

    /** Every count 0..31, some CL values above 31, each with edge and random values and random flags. */
    private static List<long[]> shiftInputs(String op, boolean valueInMemory) {
        HardwareComparison.Operands o = new HardwareComparison.Operands(op.hashCode(), width(op));
        int[] counts = new int[32 + 8];
        for (int i = 0; i < 32; i++) {
            counts[i] = i;
        }
        int[] large = {32, 33, 40, 63, 64, 65, 0x9F, 0xFF};
        System.arraycopy(large, 0, counts, 32, large.length);
        List<long[]> inputs = new ArrayList<>();
        for (int count : counts) {
            // Bits of ECX above CL are random: only CL counts.
            int cl = count | (o.random.nextInt() & 0xFFFFFF00);
            for (int e = 0; e < o.edges.length; e++) {
                inputs.add(shiftInput(o, o.edge(e), cl, valueInMemory));
            }
            for (int k = 0; k < 12; k++) {
                inputs.add(shiftInput(o, o.value(), cl, valueInMemory));
            }
        }
        return inputs;
    }

    private static long[] shiftInput(HardwareComparison.Operands o, int value, int cl, boolean valueInMemory) {
        long m = valueInMemory ? (o.quad() & 0xFFFFFFFF00000000L) | (value & 0xFFFFFFFFL) : o.quad();
        return input(value, o.value(), cl, o.value(), m, o.flags());
    }

    /**
     * SHL, SHR, SAR: "The CF flag contains the value of the last bit shifted out of the destination
     * operand; it is undefined for SHL and SHR instructions where the count is greater than or equal
     * to the size (in bits) of the destination operand. The OF flag is affected only for 1-bit
     * shifts; otherwise, it is undefined. The SF, ZF, and PF flags are set according to the result.
     * If the count is 0, the flags are not affected. For a non-zero count, the AF flag is undefined."
     * (SAR's CF for counts of the width or more is left uncompared too.)
     */
    private static HardwareComparison.Compare shiftRule(String op, long[] in) {
        int masked = count(op, in) & 0x1F;
        if (masked == 0) {
            return new HardwareComparison.Compare(ALL_REGS, ARITH);
        }
        int flags = SF | ZF | PF;
        if (masked < width(op)) {
            flags |= CF;
        }
        if (masked == 1) {
            flags |= OF;
        }
        return new HardwareComparison.Compare(ALL_REGS, flags);
    }

    /**
     * ROL, ROR, RCL, RCR: "If the masked count is 0, the flags are not affected. If the masked count
     * is 1, then the OF flag is affected, otherwise (masked count is greater than 1) the OF flag is
     * undefined. The CF flag is affected when the masked count is nonzero. The SF, ZF, AF, and PF
     * flags are always unaffected." RCL and RCR rotate through CF, modulo 9 and 17 for bytes and
     * words, so CF is defined for every count.
     */
    private static HardwareComparison.Compare rotateRule(String op, long[] in) {
        int masked = count(op, in) & 0x1F;
        return new HardwareComparison.Compare(ALL_REGS, masked > 1 ? ARITH & ~OF : ARITH);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shl8", "shl16", "shl32", "shr8", "shr16", "shr32", "sar8", "sar16", "sar32",
        "shl16_by1", "shr8_by1", "sar32_by1", "shl8_by7", "sar16_by15", "shr32_by31"})
    void shiftsByEveryCountMatchHardwareOnDefinedFlags(String op) {
        assertMatchesHardware(op, shiftInputs(op, false), in -> shiftRule(op, in));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rol8", "rol16", "rol32", "ror8", "ror16", "ror32", "rcl8", "rcl16", "rcl32", "rcr8",
        "rcr16", "rcr32", "rol8_by1", "rcr16_by1", "rcl32_by1", "ror32_by7", "rcl16_by9", "rcr8_by5"})
    void rotatesByEveryCountMatchHardwareOnDefinedFlags(String op) {
        assertMatchesHardware(op, shiftInputs(op, false), in -> rotateRule(op, in));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shl32_mem", "rcr16_mem"})
    void shiftsOfMemoryOperandsMatchHardware(String op) {
        assertMatchesHardware(op, shiftInputs(op, true),
                in -> op.startsWith("shl") ? shiftRule(op, in) : rotateRule(op, in));
    }

    /**
     * SHLD, SHRD: "If the count is 1 or greater, the CF flag is filled with the last bit shifted out
     * of the destination operand. For a 1-bit shift, the OF flag is set if a sign change occurred;
     * otherwise, it is cleared. For shifts greater than 1 bit, the OF flag is undefined. If a shift
     * occurs, the SF, ZF, and PF flags are set according to the result. If the count operand is 0,
     * the flags are not affected. For a non-zero count, the AF flag is undefined." "If the count is
     * greater than the operand size, the result is undefined", so 16-bit forms use counts up to 16.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shld32", "shrd32", "shld16", "shrd16", "shld32_by5", "shrd32_by31", "shld16_by1",
        "shrd16_by12", "shld32_mem"})
    void doubleShiftsMatchHardwareOnDefinedFlags(String op) {
        List<long[]> inputs = new ArrayList<>();
        for (long[] in : shiftInputs(op, op.endsWith("_mem"))) {
            if (width(op) == 16 && (count(op, in) & 0x1F) > 16) {
                continue;
            }
            inputs.add(in);
        }
        assertMatchesHardware(op, inputs, in -> {
            int masked = count(op, in) & 0x1F;
            if (masked == 0) {
                return new HardwareComparison.Compare(ALL_REGS, ARITH);
            }
            return new HardwareComparison.Compare(ALL_REGS, SF | ZF | PF | CF | (masked == 1 ? OF : 0));
        });
    }
}
