package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.cpu.HardwareComparison.EVERYTHING;
import static org.minixemu.cpu.HardwareComparison.assertMatchesHardware;
import static org.minixemu.cpu.HardwareComparison.binaryInputs;
import static org.minixemu.cpu.HardwareComparison.input;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 486 and Pentium additions: BSWAP, XADD, CMPXCHG, CMPXCHG8B (against the host processor and
 * the manual), CPUID, RDTSC, INVD and WBINVD.
 */
class Extensions486Test {

    // ---- against the host processor -----------------------------------------------------

    /** BSWAP: "Flags Affected: None"; XADD: flags "set according to the result of the addition". */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bswap_eax", "bswap_ebx", "bswap_ecx", "bswap_edx", "xadd8", "xadd16", "xadd32",
        "xadd32_mem"})
    void bswapAndXaddMatchHardware(String op) {
        int width = op.startsWith("bswap") || op.contains("32") ? 32 : op.contains("16") ? 16 : 8;
        List<long[]> inputs = new ArrayList<>();
        for (long[] in : binaryInputs(op.hashCode(), width, 300)) {
            if (op.endsWith("_mem")) {
                in[4] = (in[4] & 0xFFFFFFFF00000000L) | in[0];
            }
            inputs.add(in);
        }
        assertMatchesHardware(op, inputs, EVERYTHING);
    }

    /**
     * CMPXCHG: "Compares the value in the AL, AX, or EAX register with the first operand
     * (destination). If the two values are equal, the second operand (source) is loaded into the
     * destination. Otherwise, the destination operand is loaded into the AL, AX, or EAX register."
     * "The ZF flag is set if the values in the destination operand and register AL, AX, or EAX are
     * equal; otherwise it is cleared. The CF, PF, AF, SF, and OF flags are set according to the
     * results of the comparison operation."
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cmpxchg8", "cmpxchg16", "cmpxchg32", "cmpxchg32_mem"})
    void compareAndExchangeMatchesHardwareWhetherOrNotTheValuesAreEqual(String op) {
        int width = op.contains("32") ? 32 : op.contains("16") ? 16 : 8;
        int mask = width == 32 ? -1 : (1 << width) - 1;
        List<long[]> inputs = new ArrayList<>();
        int k = 0;
        for (long[] in : binaryInputs(op.hashCode(), width, 300)) {
            // a = accumulator, b = destination, c = source; make half of them equal.
            if (k++ % 2 == 0) {
                in[1] = (in[1] & ~mask & 0xFFFFFFFFL) | (in[0] & mask);
            }
            if (op.endsWith("_mem")) {
                in[4] = (in[4] & 0xFFFFFFFF00000000L) | in[1];
            }
            inputs.add(in);
        }
        assertMatchesHardware(op, inputs, EVERYTHING);
    }

    /**
     * CMPXCHG8B m64: "Compares the 64-bit value in EDX:EAX with the operand. If the values are
     * equal, the 64-bit value in ECX:EBX is stored in the destination operand. Otherwise, the value
     * in the destination operand is loaded into EDX:EAX." "The ZF flag is set if the destination
     * operand and EDX:EAX are equal; otherwise it is cleared. The CF, PF, AF, SF, and OF flags are
     * unaffected."
     */
    @Test
    void cmpxchg8bMatchesHardwareWhetherOrNotTheQuadwordsAreEqual() {
        HardwareComparison.Operands o = new HardwareComparison.Operands(8, 32);
        List<long[]> inputs = new ArrayList<>();
        for (int k = 0; k < 600; k++) {
            int eax = o.value();
            int edx = o.value();
            long m = switch (k % 4) {
                case 0, 1 -> (edx & 0xFFFFFFFFL) << 32 | (eax & 0xFFFFFFFFL); // equal
                case 2 -> (edx & 0xFFFFFFFFL) << 32 | (o.value() & 0xFFFFFFFFL); // high half equal
                default -> o.quad();
            };
            inputs.add(input(eax, o.value(), o.value(), edx, m, o.flags()));
        }
        assertMatchesHardware("cmpxchg8b", inputs, EVERYTHING);
    }

    // ---- against the manual ----------------------------------------------------------------

    @Test
    void bswapReversesTheByteOrderOfEveryRegister() {
        String[] names = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
        for (int r = 0; r < 8; r++) {
            RealModeMachine m = RealModeMachine.of("bswap %" + names[r]);
            m.set(r, 0x11223344 + r).run().assertHaltedNormally();
            assertEquals(Integer.reverseBytes(0x11223344 + r), m.reg(r), "BSWAP " + names[r]);
        }
    }

    @Test
    void xaddWithMemoryDestinationStoresTheSumAndReturnsTheOldValue() {
        // TEMP <- SRC + DEST; SRC <- DEST; DEST <- TEMP (LOCK is allowed: the destination is memory).
        RealModeMachine m = RealModeMachine.of("lock xaddl %ecx, (%bx)");
        m.set(Cpu.EBX, 0x40).set(Cpu.ECX, 0x0000_0001).poke32(Cpu.DS, 0x40, 0xFFFF_FFFF).run()
                .assertHaltedNormally();
        assertEquals(0, m.peek32(Cpu.DS, 0x40));
        assertEquals(0xFFFF_FFFF, m.reg(Cpu.ECX));
        assertEquals(Flags.CF | Flags.ZF, m.eflags() & (Flags.CF | Flags.ZF));
    }

    @Test
    void cmpxchgWithMemoryDestinationStoresTheSourceOnlyWhenTheAccumulatorMatches() {
        RealModeMachine m = RealModeMachine.of("lock cmpxchgw %cx, 6(%si)");
        m.set(Cpu.ESI, 0x20).set(Cpu.EAX, 0xAAAA_1234).set(Cpu.ECX, 0x5678).poke16(Cpu.DS, 0x26, 0x1234).run()
                .assertHaltedNormally();
        assertEquals(0x5678, m.peek16(Cpu.DS, 0x26), "equal: the source is stored");
        assertEquals(0xAAAA_1234, m.reg(Cpu.EAX), "equal: the accumulator is unchanged");
        assertEquals(Flags.ZF, m.eflags() & Flags.ZF);

        m.restart().set(Cpu.ESI, 0x20).set(Cpu.EAX, 0xAAAA_1234).set(Cpu.ECX, 0x5678).poke16(Cpu.DS, 0x26, 0x9ABC)
                .run().assertHaltedNormally();
        assertEquals(0x9ABC, m.peek16(Cpu.DS, 0x26), "not equal: the destination keeps its value");
        assertEquals(0xAAAA_9ABC, m.reg(Cpu.EAX), "not equal: AX receives the destination");
        assertEquals(0, m.eflags() & Flags.ZF);
    }

    @Test
    void cmpxchg8bWithThirtyTwoBitAddressingComparesTheQuadwordAtTheEffectiveAddress() {
        RealModeMachine m = RealModeMachine.of("lock cmpxchg8b 8(%ebx,%esi,2)");
        m.set(Cpu.EBX, 0x100).set(Cpu.ESI, 0x10).set(Cpu.EAX, 0x1111_1111).set(Cpu.EDX, 0x2222_2222)
                .set(Cpu.ECX, 0x4444_4444).poke64(Cpu.DS, 0x128, 0x2222_2222_1111_1111L).run()
                .assertHaltedNormally();
        // Equal: ECX:EBX is stored (EBX is the base register here: 0x100).
        assertEquals(0x4444_4444_0000_0100L, m.peek64(Cpu.DS, 0x128));
        assertEquals(Flags.ZF, m.eflags() & Flags.ZF);
    }

    @Test
    void cmpxchg8bWithRegisterOperandRaisesInvalidOpcode() {
        // "#UD If the destination operand is not a memory location."
        RealModeMachine m = RealModeMachine.of(".byte 0x0f, 0xc7, 0xc8");
        m.run().assertFault(Cpu.UD, 0);
    }

    @Test
    void cpuidLeafZeroReportsGenuineIntelAndItsHighestLeaf() {
        // Leaf 0: EAX = highest basic leaf; EBX, EDX, ECX = "Genu", "ineI", "ntel".
        RealModeMachine m = RealModeMachine.of("xorl %eax, %eax\ncpuid");
        m.set(Cpu.EBX, -1).set(Cpu.ECX, -1).set(Cpu.EDX, -1).run().assertHaltedNormally();
        assertTrue(m.reg(Cpu.EAX) >= 1, "leaf 1 is supported");
        ByteBuffer vendor = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        vendor.putInt(m.reg(Cpu.EBX)).putInt(m.reg(Cpu.EDX)).putInt(m.reg(Cpu.ECX));
        assertEquals("GenuineIntel", new String(vendor.array(), StandardCharsets.US_ASCII));
    }

    @Test
    void cpuidLeafOneReportsAPentiumWithTimeStampCounterCmpxchg8bAndCmov() {
        // Leaf 1: EAX[11:8] = family; EDX bit 0 FPU, 4 TSC, 8 CX8, 15 CMOV.
        RealModeMachine m = RealModeMachine.of("movl $1, %eax\ncpuid");
        m.run().assertHaltedNormally();
        assertEquals(5, m.reg(Cpu.EAX) >>> 8 & 0xF, "family");
        int edx = m.reg(Cpu.EDX);
        assertEquals(1 << 4, edx & 1 << 4, "TSC");
        assertEquals(1 << 8, edx & 1 << 8, "CX8");
        assertEquals(1 << 15, edx & 1 << 15, "CMOV");
        assertEquals(0, edx & 1, "no x87 FPU on chip");
    }

    @Test
    void idFlagCanBeToggledWhichIsHowSoftwareDetectsCpuid() {
        // "The ability of a program to set or clear this flag [ID, bit 21] indicates support for CPUID."
        RealModeMachine m = RealModeMachine.of("""
                pushfl
                popl %eax
                movl %eax, %ecx
                xorl $0x200000, %eax
                pushl %eax
                popfl
                pushfl
                popl %eax
                """);
        m.run().assertHaltedNormally();
        assertEquals(0x200000, (m.reg(Cpu.EAX) ^ m.reg(Cpu.ECX)) & 0x200000);
    }

    @Test
    void rdtscReturnsTheRetiredInstructionCountAtThatPoint() {
        // The default time-stamp source is the number of instructions retired before RDTSC.
        RealModeMachine m = RealModeMachine.of("""
                nop
                nop
                rdtsc
                movl %eax, %esi
                movl %edx, %edi
                rdtsc
                """);
        long before = m.cpu.instructionsRetired();
        m.run().assertHaltedNormally();
        long first = (m.reg(Cpu.EDI) & 0xFFFFFFFFL) << 32 | (m.reg(Cpu.ESI) & 0xFFFFFFFFL);
        long second = (m.reg(Cpu.EDX) & 0xFFFFFFFFL) << 32 | (m.reg(Cpu.EAX) & 0xFFFFFFFFL);
        assertEquals(before + 2, first, "two NOPs retired before the first RDTSC");
        assertEquals(before + 5, second, "RDTSC, MOV, MOV retired between the two");
        assertTrue(second > first);
    }

    @Test
    void invdAndWbinvdChangeNothingButInstructionPointer() {
        RealModeMachine m = RealModeMachine.of("invd\nwbinvd");
        for (int r = 0; r < 8; r++) {
            m.set(r, 0x1000_0000 * (r + 1) + r);
        }
        m.set(Cpu.ESP, 0x7000).flags(0x8D5 | 0x2).poke32(Cpu.DS, 0, 0xCAFEBABE);
        m.run().assertHaltedNormally();
        for (int r = 0; r < 8; r++) {
            if (r != Cpu.ESP) {
                assertEquals(0x1000_0000 * (r + 1) + r, m.reg(r), "register " + r);
            }
        }
        assertEquals(0x7000, m.reg(Cpu.ESP));
        assertEquals(0x8D5 | 0x2, m.eflags() & 0xFFF);
        assertEquals(0xCAFEBABE, m.peek32(Cpu.DS, 0));
        assertEquals(m.codeLength() + 1, m.ip(), "IP is past both instructions and the HLT");
    }
}
