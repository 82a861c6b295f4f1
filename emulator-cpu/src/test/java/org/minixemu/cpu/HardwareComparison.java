package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs one instruction from src/test/native/reference.c on the host processor and on the emulator
 * with the same inputs, and compares what the Intel manual defines: each test supplies a
 * {@link Rule} that says, per input, which registers and which flags are architecturally defined.
 * Expected values therefore always come from real hardware, never from the emulator.
 */
final class HardwareComparison {
    /** Register bits of {@link Compare#regs}: a = EAX, b = EBX, c = ECX, d = EDX, m = memory. */
    static final int A = 1, B = 2, C = 4, D = 8, M = 16, ALL_REGS = A | B | C | D | M;
    /** The six arithmetic flags, the only ones either side loads from the input. */
    static final int ARITH = Flags.ARITH;
    static final int CF = Flags.CF, PF = Flags.PF, AF = Flags.AF, ZF = Flags.ZF, SF = Flags.SF, OF = Flags.OF;

    /** What to compare for one input. */
    record Compare(int regs, int flags) {
    }

    /** Chooses, from the input, which outputs the manual defines. */
    @FunctionalInterface
    interface Rule {
        Compare compare(long[] input);
    }

    /** Everything: all registers, the memory operand and all six arithmetic flags. */
    static final Rule EVERYTHING = in -> new Compare(ALL_REGS, ARITH);

    private static final int[] REGISTERS = {Cpu.EAX, Cpu.EBX, Cpu.ECX, Cpu.EDX};
    private static final String[] NAMES = {"EAX", "EBX", "ECX", "EDX", "m"};

    private HardwareComparison() {
    }

    static long[] input(long a, long b, long c, long d, long m, int eflags) {
        return new long[] {a & 0xFFFFFFFFL, b & 0xFFFFFFFFL, c & 0xFFFFFFFFL, d & 0xFFFFFFFFL, m, eflags & ARITH};
    }

    /** Asserts that the emulator agrees with the host processor on every input, as far as {@code rule} says. */
    static void assertMatchesHardware(String op, List<long[]> inputs, Rule rule) {
        assertFalse(inputs.isEmpty(), "no inputs for " + op);
        NativeReference reference = NativeReference.get();
        List<NativeReference.Outcome> expected = reference.execute(op, inputs);
        RealModeMachine machine = RealModeMachine.of(reference.emulatorSource(op));
        List<String> mismatches = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < inputs.size(); i++) {
            long[] in = inputs.get(i);
            NativeReference.Outcome hw = expected.get(i);
            machine.restart();
            for (int r = 0; r < 4; r++) {
                machine.set(REGISTERS[r], (int) in[r]);
            }
            machine.poke64(Cpu.DS, NativeReference.MEMORY_OPERAND, in[4]);
            machine.flags((int) in[5] | 0x2);
            machine.run(1000);
            String problem = hw.divideError() ? checkDivideError(machine, in) : check(machine, hw, rule.compare(in));
            if (problem != null) {
                failures++;
                if (mismatches.size() < 12) {
                    mismatches.add(describe(in) + ": " + problem);
                }
            }
        }
        if (failures > 0) {
            fail("'" + reference.emulatorSource(op) + "' (" + op + ") disagrees with the host processor on "
                    + failures + " of " + inputs.size() + " inputs:\n  " + String.join("\n  ", mismatches));
        }
    }

    /**
     * #DE is a fault: in real mode it vectors through IVT entry 0 with the pushed IP at the DIV, and
     * the DIV itself changes nothing (EAX and EDX keep their values).
     */
    private static String checkDivideError(RealModeMachine machine, long[] in) {
        if (machine.deliveredVector() != 0) {
            return "hardware raised #DE, emulator " + (machine.deliveredVector() < 0 ? "did not (EAX="
                    + hex(machine.reg(Cpu.EAX)) + " EDX=" + hex(machine.reg(Cpu.EDX)) + ")"
                    : "delivered vector " + machine.deliveredVector());
        }
        if (machine.pushedIp() != 0 || machine.pushedCs() != RealModeMachine.CODE) {
            return "#DE pushed return address " + hex(machine.pushedCs()) + ":" + hex(machine.pushedIp())
                    + ", expected the DIV at " + hex(RealModeMachine.CODE) + ":0";
        }
        if (machine.reg(Cpu.EAX) != (int) in[0] || machine.reg(Cpu.EDX) != (int) in[3]) {
            return "#DE left EAX=" + hex(machine.reg(Cpu.EAX)) + " EDX=" + hex(machine.reg(Cpu.EDX))
                    + "; a fault must not change them";
        }
        return null;
    }

    private static String check(RealModeMachine machine, NativeReference.Outcome hw, Compare compare) {
        if (machine.deliveredVector() >= 0) {
            return "emulator delivered vector " + machine.deliveredVector() + ", hardware ran normally";
        }
        StringBuilder problem = new StringBuilder();
        for (int r = 0; r < 4; r++) {
            if ((compare.regs() & 1 << r) != 0) {
                int want = (int) hw.regs()[r];
                int got = machine.reg(REGISTERS[r]);
                if (want != got) {
                    problem.append(NAMES[r]).append(" hw=").append(hex(want)).append(" emu=").append(hex(got))
                            .append("; ");
                }
            }
        }
        if ((compare.regs() & M) != 0) {
            long want = hw.regs()[4];
            long got = machine.peek64(Cpu.DS, NativeReference.MEMORY_OPERAND);
            if (want != got) {
                problem.append("m hw=").append(Long.toHexString(want)).append(" emu=")
                        .append(Long.toHexString(got)).append("; ");
            }
        }
        int want = hw.eflags() & compare.flags();
        int got = machine.eflags() & compare.flags();
        if (want != got) {
            problem.append("flags hw=").append(flagNames(want)).append(" emu=").append(flagNames(got))
                    .append(" (compared ").append(flagNames(compare.flags())).append(')');
        }
        return problem.length() == 0 ? null : problem.toString();
    }

    private static String describe(long[] in) {
        return "in a=" + hex((int) in[0]) + " b=" + hex((int) in[1]) + " c=" + hex((int) in[2]) + " d="
                + hex((int) in[3]) + " m=" + Long.toHexString(in[4]) + " flags=" + flagNames((int) in[5]);
    }

    static String hex(int v) {
        return Integer.toHexString(v);
    }

    static String flagNames(int flags) {
        StringBuilder s = new StringBuilder("[");
        String[] names = {"CF", "PF", "AF", "ZF", "SF", "OF"};
        int[] bits = {CF, PF, AF, ZF, SF, OF};
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                s.append(s.length() > 1 ? " " : "").append(names[i]);
            }
        }
        return s.append(']').toString();
    }

    /**
     * Seeded operand generator: values that sit on the edges of a {@code width}-bit operand (0, 1,
     * the largest and smallest signed values, all ones, the nibble carry points) with random bits
     * above the operand, mixed with plain random values.
     */
    static final class Operands {
        final Random random;
        final int width;
        final int[] edges;

        Operands(long seed, int width) {
            this.random = new Random(seed);
            this.width = width;
            long all = width == 32 ? 0xFFFFFFFFL : (1L << width) - 1;
            int sign = (int) (1L << (width - 1));
            this.edges = new int[] {0, 1, 2, 0x0F, 0x10, sign - 1, sign, sign + 1, (int) all, (int) all - 1,
                    (int) (all >>> 1) - 0x0F, 0x55555555 & (int) all, 0xAAAAAAAA & (int) all};
        }

        /** Bits above the operand are random: instructions must leave them alone. */
        private int upper() {
            return width == 32 ? 0 : random.nextInt() & ~((1 << width) - 1);
        }

        int edge(int index) {
            return edges[index] | upper();
        }

        int value() {
            int pick = random.nextInt(4);
            if (pick == 0) {
                return edge(random.nextInt(edges.length));
            }
            if (pick == 1) { // a small value, so that equal and near-equal operands turn up
                return (random.nextInt(5) - 2) & (width == 32 ? -1 : (1 << width) - 1) | upper();
            }
            return random.nextInt();
        }

        int flags() {
            return random.nextInt() & ARITH;
        }

        long quad() {
            return random.nextLong();
        }
    }

    /** Every pair of edges with CF clear and set, then {@code randomCount} random (a, b, flags) triples. */
    static List<long[]> binaryInputs(long seed, int width, int randomCount) {
        Operands o = new Operands(seed, width);
        List<long[]> inputs = new ArrayList<>();
        for (int i = 0; i < o.edges.length; i++) {
            for (int j = 0; j < o.edges.length; j++) {
                int flags = o.flags() & ~CF;
                inputs.add(input(o.edge(i), o.edge(j), o.value(), o.value(), o.quad(), flags));
                inputs.add(input(o.edge(i), o.edge(j), o.value(), o.value(), o.quad(), flags | CF));
            }
        }
        for (int k = 0; k < randomCount; k++) {
            inputs.add(input(o.value(), o.value(), o.value(), o.value(), o.quad(), o.flags()));
        }
        return inputs;
    }
}
