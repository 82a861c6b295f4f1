package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ModR/M and SIB effective addresses, 16- and 32-bit, and the default segment of each form. The
 * expected offsets and segments come from the Intel manual's tables 2-1 (16-bit ModR/M), 2-2
 * (32-bit ModR/M) and 2-3 (SIB): BP, EBP and ESP as a base default to SS, everything else to DS.
 * DS and SS have different bases in {@link RealModeMachine}, and each test puts different markers
 * at the same offset in both, so the segment an access used shows in the value it read.
 */
class AddressingTest {
    private static final int DS_MARK = 0x1111_1111;
    private static final int SS_MARK = 0x5555_5555;

    /** Runs {@code instruction} (which loads into EAX) with a DS and an SS marker at {@code offset}. */
    private static RealModeMachine load(String instruction, int offset, int... registers) {
        RealModeMachine m = RealModeMachine.of(instruction);
        for (int i = 0; i < registers.length; i += 2) {
            m.set(registers[i], registers[i + 1]);
        }
        m.poke32(Cpu.DS, offset, DS_MARK + offset).poke32(Cpu.SS, offset, SS_MARK + offset);
        return m.run().assertHaltedNormally();
    }

    private static void assertReadFromDs(RealModeMachine m, int offset) {
        assertEquals(DS_MARK + offset, m.reg(Cpu.EAX), "expected the dword at DS:" + Integer.toHexString(offset));
    }

    private static void assertReadFromSs(RealModeMachine m, int offset) {
        assertEquals(SS_MARK + offset, m.reg(Cpu.EAX), "expected the dword at SS:" + Integer.toHexString(offset));
    }

    // ---- 32-bit addressing (0x67 in real mode) -------------------------------------------

    /** SIB: "scaled index = index * 2^ss"; the effective address is base + scaled index + displacement. */
    @ParameterizedTest(name = "scale {0}")
    @ValueSource(ints = {1, 2, 4, 8})
    void sibScalesTheIndexRegister(int scale) {
        RealModeMachine m = load("movl 0x10(%ebx,%esi," + scale + "), %eax", 0x100 + 0x24 * scale + 0x10,
                Cpu.EBX, 0x100, Cpu.ESI, 0x24);
        assertReadFromDs(m, 0x100 + 0x24 * scale + 0x10);
    }

    @Test
    void sibIndexFieldOf100MeansNoIndexWhateverTheScale() {
        // Table 2-3: index 100b is "none"; the scale is then ignored (ESP is never an index).
        // 67 66 8B 14 E0: mov edx, [eax + none*8]
        RealModeMachine m = RealModeMachine.of(".byte 0x67, 0x66, 0x8b, 0x14, 0xe0");
        m.set(Cpu.EAX, 0x300).set(Cpu.ESP, 0x40).poke32(Cpu.DS, 0x300, 0xABCD_0300).run().assertHaltedNormally();
        assertEquals(0xABCD_0300, m.reg(Cpu.EDX));
    }

    @Test
    void sibWithBase101AndModZeroTakesADisp32AndNoBaseInTheDataSegment() {
        // Table 2-3 note: base 101b with mod 00 means "[scaled index] + disp32", no base, so the
        // access is DS-relative even though the index is EBP.
        RealModeMachine m = load("movl 0x200(,%ebp,4), %eax", 0x240, Cpu.EBP, 0x10);
        assertReadFromDs(m, 0x240);
    }

    @Test
    void sibWithBase101AndNonzeroModUsesEbpAndTheStackSegment() {
        // The same base field with mod 01 or 10 is [EBP] + disp, SS-relative.
        RealModeMachine m = load("movl 0x20(%ebp,%esi,2), %eax", 0x100 + 0x20 + 0x20, Cpu.EBP, 0x100, Cpu.ESI, 0x10);
        assertReadFromSs(m, 0x140);
    }

    @Test
    void modZeroWithRm101IsAnAbsoluteDisp32() {
        // Table 2-2: mod 00, r/m 101 = disp32 with no base (not [EBP]), DS.
        RealModeMachine m = load("addr32 addl 0x1234, %eax", 0x1234, Cpu.EAX, 0, Cpu.EBP, 0x4000);
        assertReadFromDs(m, 0x1234);
    }

    @Test
    void ebpBaseWithDisplacementDefaultsToTheStackSegment() {
        RealModeMachine m = load("movl 8(%ebp), %eax", 0x108, Cpu.EBP, 0x100);
        assertReadFromSs(m, 0x108);
    }

    @Test
    void espBaseDefaultsToTheStackSegment() {
        RealModeMachine m = load("movl 4(%esp), %eax", 0x7004, Cpu.ESP, 0x7000);
        assertReadFromSs(m, 0x7004);
    }

    @Test
    void ebpAsIndexDoesNotSelectTheStackSegment() {
        // The default segment follows the base register; with ESI as base, EBP as index is DS.
        RealModeMachine m = load("movl (%esi,%ebp,1), %eax", 0x150, Cpu.ESI, 0x100, Cpu.EBP, 0x50);
        assertReadFromDs(m, 0x150);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eax", "ecx", "edx", "ebx", "esi", "edi"})
    void everyOtherBaseRegisterDefaultsToTheDataSegment(String base) {
        int[] numbers = {Cpu.EAX, Cpu.ECX, Cpu.EDX, Cpu.EBX, -1, -1, Cpu.ESI, Cpu.EDI};
        int reg = java.util.List.of("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi").indexOf(base);
        RealModeMachine m = load("movl -4(%" + base + "), %eax", 0x3FC, numbers[reg], 0x400);
        assertReadFromDs(m, 0x3FC);
    }

    @Test
    void segmentOverrideReplacesTheStackSegmentDefault() {
        RealModeMachine m = load("movl %ds:8(%ebp), %eax", 0x108, Cpu.EBP, 0x100);
        assertReadFromDs(m, 0x108);
        m = load("movl %ss:(%ebx), %eax", 0x220, Cpu.EBX, 0x220);
        assertReadFromSs(m, 0x220);
    }

    @Test
    void thirtyTwoBitEffectiveAddressWrapsAroundFourGigabytes() {
        // The sum is computed modulo 2^32 (the address size), then checked against the limit.
        RealModeMachine m = load("movl 0x20(%ebx,%esi,1), %eax", 0x10, Cpu.EBX, 0xFFFF_FFE0, Cpu.ESI, 0x10);
        assertReadFromDs(m, 0x10);
    }

    @Test
    void thirtyTwoBitOffsetBeyondTheDataSegmentLimitRaisesGeneralProtection() {
        // Real-address mode: "#GP If a memory operand effective address is outside the CS, DS, ES,
        // FS, or GS segment limit" (FFFFH).
        RealModeMachine m = RealModeMachine.of("movl (%ebx), %eax");
        m.set(Cpu.EBX, 0x1_0000).set(Cpu.EAX, 0x77).run().assertFault(Cpu.GP, 0);
        assertEquals(0x77, m.reg(Cpu.EAX), "the faulting load did not complete");
    }

    @Test
    void thirtyTwoBitOffsetBeyondTheStackSegmentLimitRaisesStackFault() {
        // "#SS If a memory operand effective address is outside the SS segment limit."
        RealModeMachine m = RealModeMachine.of("movl 4(%ebp), %eax");
        m.set(Cpu.EBP, 0xFFFE).run().assertFault(Cpu.SS_FAULT, 0);
    }

    @Test
    void operandStraddlingTheSegmentLimitRaisesGeneralProtection() {
        // "#GP If any part of the operand lies outside the effective address space from 0 to FFFFH."
        RealModeMachine.of("movw 0xffff, %ax").run().assertFault(Cpu.GP, 0);
        RealModeMachine.of("addr32 movl 0xfffd, %eax").run().assertFault(Cpu.GP, 0);
    }

    @Test
    void thirtyTwoBitMoffsFormTakesAFourByteOffset() {
        // A1 with the 0x67 prefix: the moffs operand is 32 bits; the next instruction must decode.
        RealModeMachine m = RealModeMachine.of("addr32 movl 0x1234, %eax\nmovw $0x5a5a, %bx");
        m.poke32(Cpu.DS, 0x1234, 0x0BAD_F00D).run().assertHaltedNormally();
        assertEquals(0x0BAD_F00D, m.reg(Cpu.EAX));
        assertEquals(0x5A5A, m.reg16(Cpu.EBX));
    }

    @Test
    void leaComputesTheAddressWithoutTouchingMemory() {
        RealModeMachine m = RealModeMachine.of("leal 0x7ffffff0(%ebx,%esi,8), %eax");
        m.set(Cpu.EBX, 0x1234_5678).set(Cpu.ESI, 0x1000_0001).run().assertHaltedNormally();
        assertEquals(0x7FFF_FFF0 + 0x1234_5678 + 0x1000_0001 * 8, m.reg(Cpu.EAX));
    }

    @Test
    void leaTruncatesOrZeroExtendsBetweenOperandAndAddressSizes() {
        // LEA table: 16-bit operand, 32-bit address: the low 16 bits of the 32-bit address are stored.
        RealModeMachine m = RealModeMachine.of("leaw 0x10(%ebx,%esi,4), %ax");
        m.set(Cpu.EAX, 0xAAAA_AAAA).set(Cpu.EBX, 0x0001_FFF0).set(Cpu.ESI, 0x4000_0001).run();
        assertEquals(0xAAAA_0004, m.reg(Cpu.EAX));
        // 32-bit operand, 16-bit address: the 16-bit address is zero-extended.
        m = RealModeMachine.of("leal 0x20(%bx,%si), %eax");
        m.set(Cpu.EAX, -1).set(Cpu.EBX, 0xFFFF_FFF0).set(Cpu.ESI, 0x0001_0000).run();
        assertEquals(0x0000_0010, m.reg(Cpu.EAX));
    }

    // ---- 16-bit addressing -----------------------------------------------------------------

    /**
     * Table 2-1, each r/m with mod 01 and an 8-bit displacement of 6: BX=0x100, SI=0x20, DI=0x40,
     * BP=0x200. [BP+SI], [BP+DI] and [BP] default to SS.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "(%bx;%si),  0x126, DS",
        "(%bx;%di),  0x146, DS",
        "(%bp;%si),  0x226, SS",
        "(%bp;%di),  0x246, SS",
        "(%si),      0x026, DS",
        "(%di),      0x046, DS",
        "(%bp),      0x206, SS",
        "(%bx),      0x106, DS"})
    void sixteenBitModrmFormsUseTheManualsRegistersAndSegments(String form, String offset, String segment) {
        int ea = Integer.decode(offset);
        RealModeMachine m = load("movl 6" + form.replace(';', ',') + ", %eax", ea, Cpu.EBX, 0x100, Cpu.ESI, 0x20,
                Cpu.EDI, 0x40, Cpu.EBP, 0x200);
        if (segment.equals("SS")) {
            assertReadFromSs(m, ea);
        } else {
            assertReadFromDs(m, ea);
        }
    }

    @Test
    void sixteenBitDirectAddressIsModZeroRm110InTheDataSegment() {
        // mod 00, r/m 110 is disp16 (not [BP]), DS.
        // (ADD, not MOV: MOV to the accumulator would use the A1 moffs form instead of ModR/M.)
        RealModeMachine m = load("addl 0x0340, %eax", 0x340, Cpu.EAX, 0, Cpu.EBP, 0x1000);
        assertReadFromDs(m, 0x340);
    }

    @Test
    void sixteenBitEffectiveAddressWrapsWithinSixtyFourKilobytes() {
        RealModeMachine m = load("movl 0x30(%bx,%si), %eax", 0x20, Cpu.EBX, 0xFFF0, Cpu.ESI, 0x0000);
        assertReadFromDs(m, 0x20);
    }

    @Test
    void sixteenBitAddressingIgnoresTheUpperHalvesOfTheRegisters() {
        RealModeMachine m = load("movl (%bx,%di), %eax", 0x180, Cpu.EBX, 0x7FFF_0100, Cpu.EDI, 0x8000_0080);
        assertReadFromDs(m, 0x180);
    }

    @Test
    void segmentOverridesReachEsFsAndGs() {
        RealModeMachine m = RealModeMachine.of("movw %es:(%bx), %ax\nmovw %fs:(%bx), %cx\nmovw %gs:(%bx), %dx");
        m.set(Cpu.EBX, 0x10).poke16(Cpu.ES, 0x10, 0xE5E5).poke16(Cpu.FS, 0x10, 0xF5F5).poke16(Cpu.GS, 0x10, 0x6565)
                .run().assertHaltedNormally();
        assertEquals(0xE5E5, m.reg16(Cpu.EAX));
        assertEquals(0xF5F5, m.reg16(Cpu.ECX));
        assertEquals(0x6565, m.reg16(Cpu.EDX));
    }
}
