package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prefixes in odd orders, repeated, and at the 15-byte limit; REP with CX and ECX; LOCK. Rules
 * from the Intel manual (vol. 2, section 2.1.1 and the LOCK and REP pages):
 * <ul>
 * <li>prefixes of the four groups may come in any order; of one group, only one is useful, and for
 *     segment overrides the last one is what the processor uses;
 * <li>repeating the operand-size or address-size prefix does not toggle it back;
 * <li>an instruction longer than 15 bytes raises #GP(0);
 * <li>REP counts in CX or ECX according to the address size;
 * <li>LOCK is allowed only on ADD, ADC, AND, BTC, BTR, BTS, CMPXCHG, CMPXCHG8B, DEC, INC, NEG, NOT,
 *     OR, SBB, SUB, XOR, XADD and XCHG with a memory destination; otherwise #UD.
 * </ul>
 */
class PrefixTest {
    /** Puts a different word at offset 0x40 of every segment: 0xA000 + segment number. */
    private static RealModeMachine withMarkers(RealModeMachine m) {
        for (int seg = 0; seg < 6; seg++) {
            if (seg != Cpu.CS) {
                m.poke16(seg, 0x40, 0xA000 + seg);
            }
        }
        return m.set(Cpu.EBX, 0x40);
    }

    /** mov ax,[bx] (8B 07) behind the given prefix bytes. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0x26 0x64 0x2e 0x65, GS",
        "0x65 0x3e 0x36,      SS",
        "0x36 0x26,           ES",
        "0x64 0x64 0x64 0x64, FS",
        "0x65 0x65 0x3e,      DS",
        "0x3e 0x66 0x26 0x66 0x64, FS"})
    void lastSegmentOverrideWins(String prefixes, String expected) {
        String bytes = String.join(", ", prefixes.trim().split("\\s+"));
        RealModeMachine m = withMarkers(RealModeMachine.of(".byte " + bytes + ", 0x8b, 0x07"));
        m.run().assertHaltedNormally();
        int seg = java.util.List.of("ES", "CS", "SS", "DS", "FS", "GS").indexOf(expected);
        // With 0x66 the load is a dword: the marker word and the zero word after it.
        assertEquals(0xA000 + seg, m.reg(Cpu.EAX));
    }

    @Test
    void csOverrideReadsFromTheCodeSegment() {
        // mov ax, cs:[bx] with BX pointing at the instruction itself: 2E 8B 07.
        RealModeMachine m = RealModeMachine.of(".byte 0x3e, 0x2e, 0x8b, 0x07");
        m.set(Cpu.EBX, 0).run().assertHaltedNormally();
        assertEquals(0x2E3E, m.reg(Cpu.EAX));
    }

    @Test
    void segmentOverridesOnAnInstructionWithoutMemoryOperandAreIgnored() {
        RealModeMachine m = RealModeMachine.of(".byte 0x2e, 0x3e, 0x26, 0x40"); // inc ax
        m.set(Cpu.EAX, 0x41).run().assertHaltedNormally();
        assertEquals(0x42, m.reg(Cpu.EAX));
    }

    @Test
    void operandSizePrefixTwiceStillSelectsThirtyTwoBits() {
        // 66 66 B8 id: mov eax, imm32; the following instruction must decode after the imm32.
        RealModeMachine m = RealModeMachine.of(".byte 0x66, 0x66, 0xb8\n.long 0x12345678\nmovw $0x1111, %bx");
        m.run().assertHaltedNormally();
        assertEquals(0x1234_5678, m.reg(Cpu.EAX));
        assertEquals(0x1111, m.reg(Cpu.EBX));
    }

    @Test
    void addressSizePrefixTwiceStillSelectsThirtyTwoBitAddressing() {
        // ModR/M 03 is [BP+DI] (SS) with 16-bit addressing but [EBX] (DS) with 32-bit addressing.
        RealModeMachine m = RealModeMachine.of(".byte 0x67, 0x67, 0x8b, 0x03");
        m.set(Cpu.EBX, 0x40).poke16(Cpu.DS, 0x40, 0xD5D5).poke16(Cpu.SS, 0, 0x5555).run().assertHaltedNormally();
        assertEquals(0xD5D5, m.reg(Cpu.EAX));
    }

    @Test
    void operandAndAddressSizePrefixesApplyInEitherOrderAroundASegmentOverride() {
        for (String order : new String[] {"0x67, 0x64, 0x66", "0x66, 0x67, 0x64", "0x64, 0x66, 0x67"}) {
            // mov eax, fs:[ebx] (8B 03 under 32-bit addressing)
            RealModeMachine m = RealModeMachine.of(".byte " + order + ", 0x8b, 0x03");
            m.set(Cpu.EBX, 0x80).poke32(Cpu.FS, 0x80, 0xF00D_CAFE).run().assertHaltedNormally();
            assertEquals(0xF00D_CAFE, m.reg(Cpu.EAX), order);
        }
    }

    // ---- the 15-byte limit ---------------------------------------------------------------

    private static String repeat(String item, int times) {
        return String.join(", ", java.util.Collections.nCopies(times, item));
    }

    @Test
    void fifteenByteInstructionExecutes() {
        // 12 DS prefixes + B8 iw: exactly 15 bytes.
        RealModeMachine m = RealModeMachine.of(".byte " + repeat("0x3e", 12) + ", 0xb8, 0x34, 0x12");
        m.run().assertHaltedNormally();
        assertEquals(0x1234, m.reg(Cpu.EAX));
    }

    @Test
    void sixteenByteInstructionMadeOfRedundantPrefixesRaisesGeneralProtection() {
        // 13 DS prefixes + B8 iw: 16 bytes, "#GP(0) if the instruction length exceeds 15 bytes".
        RealModeMachine m = RealModeMachine.of(".byte " + repeat("0x3e", 13) + ", 0xb8, 0x34, 0x12");
        m.set(Cpu.EAX, 0x7777).run().assertFault(Cpu.GP, 0);
        assertEquals(0x7777, m.reg(Cpu.EAX), "nothing executed");
    }

    @Test
    void sixteenByteInstructionWithFewPrefixesRaisesGeneralProtection() {
        // 66 67 26 3E 3E + 81 /0 with SIB, disp32 and imm32: five prefixes and eleven more bytes.
        String body = "0x81, 0x84, 0x24, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00";
        RealModeMachine m = RealModeMachine.of(".byte 0x66, 0x67, 0x26, 0x3e, 0x3e, " + body);
        m.set(Cpu.ESP, 0x7000).poke32(Cpu.DS, 0x7010, 5).run().assertFault(Cpu.GP, 0);
        assertEquals(5, m.peek32(Cpu.DS, 0x7010), "the add did not happen");
        // The same instruction with one prefix fewer is 15 bytes: add dword [ds:esp+0x10], 1.
        m = RealModeMachine.of(".byte 0x66, 0x67, 0x26, 0x3e, " + body);
        m.set(Cpu.ESP, 0x7000).poke32(Cpu.DS, 0x7010, 5).run().assertHaltedNormally();
        assertEquals(6, m.peek32(Cpu.DS, 0x7010));
    }

    // ---- REP -----------------------------------------------------------------------------

    @Test
    void repeatWithSixteenBitAddressingCountsInCxAndKeepsTheUpperHalfOfEcx() {
        RealModeMachine m = RealModeMachine.of("rep stosb");
        m.set(Cpu.ECX, 0x1234_0003).set(Cpu.EAX, 0x5A).set(Cpu.EDI, 0x10).run().assertHaltedNormally();
        assertEquals(0x1234_0000, m.reg(Cpu.ECX));
        assertEquals(0x13, m.reg(Cpu.EDI));
        assertEquals(0x5A5A5A, m.peek32(Cpu.ES, 0x10));
    }

    @Test
    void repeatWithSixteenBitAddressingAndZeroCxDoesNothingEvenIfEcxIsNot() {
        RealModeMachine m = RealModeMachine.of("rep stosb");
        m.set(Cpu.ECX, 0x0001_0000).set(Cpu.EAX, 0x5A).set(Cpu.EDI, 0x10).run().assertHaltedNormally();
        assertEquals(0x0001_0000, m.reg(Cpu.ECX));
        assertEquals(0x10, m.reg(Cpu.EDI));
        assertEquals(0, m.peek8(Cpu.ES, 0x10));
    }

    @Test
    void repeatWithAddressSizePrefixCountsInEcx() {
        // 67 F3 AA: ECX = 0x10000 stores 64 KiB through EDI, which ends at 0x10000.
        RealModeMachine m = RealModeMachine.of("addr32 rep stosb");
        m.set(Cpu.ECX, 0x0001_0000).set(Cpu.EAX, 0x5A).set(Cpu.EDI, 0).run().assertHaltedNormally();
        assertEquals(0, m.reg(Cpu.ECX));
        assertEquals(0x1_0000, m.reg(Cpu.EDI));
        assertEquals(0x5A, m.peek8(Cpu.ES, 0));
        assertEquals(0x5A, m.peek8(Cpu.ES, 0xFFFF));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0xf3, 0x67, 0x66, 0x26, 0xa5", "0x66, 0x26, 0x67, 0xf3, 0xa5",
        "0x26, 0xf3, 0xf3, 0x66, 0x67, 0xa5"})
    void repeatPrefixWorksInAnyPositionAndRepeated(String bytes) {
        // rep movsd with 32-bit addressing and an ES source: copies ECX dwords from ES:ESI to ES:EDI.
        RealModeMachine m = RealModeMachine.of(".byte " + bytes);
        m.set(Cpu.ECX, 3).set(Cpu.ESI, 0x100).set(Cpu.EDI, 0x200);
        for (int i = 0; i < 3; i++) {
            m.poke32(Cpu.ES, 0x100 + 4 * i, 0x1000_0000 + i);
        }
        m.run().assertHaltedNormally();
        for (int i = 0; i < 3; i++) {
            assertEquals(0x1000_0000 + i, m.peek32(Cpu.ES, 0x200 + 4 * i));
        }
        assertEquals(0, m.reg(Cpu.ECX));
        assertEquals(0x10C, m.reg(Cpu.ESI));
        assertEquals(0x20C, m.reg(Cpu.EDI));
    }

    @Test
    void repeatedCompareStopsOnTheFirstDifferenceWithEcxCounting() {
        // REPE CMPSB with 32-bit addressing: stops after the first mismatch, ECX decremented for it.
        RealModeMachine m = RealModeMachine.of("addr32 repe cmpsb");
        m.set(Cpu.ECX, 10).set(Cpu.ESI, 0x10).set(Cpu.EDI, 0x10);
        for (int i = 0; i < 10; i++) {
            m.poke8(Cpu.DS, 0x10 + i, i).poke8(Cpu.ES, 0x10 + i, i == 4 ? 0x40 : i);
        }
        m.run().assertHaltedNormally();
        assertEquals(5, m.reg(Cpu.ECX));
        assertEquals(0x15, m.reg(Cpu.ESI));
        assertEquals(0, m.eflags() & Flags.ZF);
    }

    // ---- LOCK ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lock add %bx; %ax,         0xf0 0x01 0xd8",
        "lock inc %ax (40),         0xf0 0x40",
        "lock inc %ax (FF /0),      0xf0 0xff 0xc0",
        "lock xchg %bx; %ax,        0xf0 0x87 0xd8",
        "lock btsl $3; %eax,        0xf0 0x66 0x0f 0xba 0xe8 0x03",
        "lock cmpxchg %cx; %bx,     0xf0 0x0f 0xb1 0xcb"})
    void lockOnRegisterDestinationRaisesInvalidOpcode(String name, String bytes) {
        RealModeMachine m = RealModeMachine.of(".byte " + String.join(", ", bytes.trim().split("\\s+")));
        m.set(Cpu.EAX, 0x1111).set(Cpu.EBX, 0x2222).run().assertFault(Cpu.UD, 0);
        assertEquals(0x1111, m.reg(Cpu.EAX), "the instruction did not execute");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lock mov %ax; (%bx),  0xf0 0x89 0x07",
        "lock cmp %ax; (%bx),  0xf0 0x39 0x07",
        "lock test %ax; (%bx), 0xf0 0x85 0x07",
        "lock bt %ax; (%bx),   0xf0 0x0f 0xa3 0x07",
        "lock nop,             0xf0 0x90",
        "lock lea (%bx); %ax,  0xf0 0x8d 0x07",
        "lock push (%bx),      0xf0 0xff 0x37",
        "lock movzbw (%bx),    0xf0 0x0f 0xb6 0x07",
        "lock cmpb $1; (%bx),  0xf0 0x80 0x3f 0x01"})
    void lockOnNonLockableInstructionRaisesInvalidOpcode(String name, String bytes) {
        RealModeMachine m = RealModeMachine.of(".byte " + String.join(", ", bytes.trim().split("\\s+")));
        m.set(Cpu.EBX, 0x40).run().assertFault(Cpu.UD, 0);
    }

    /** The lockable list, each with a memory destination at DS:0x40 holding 0x0F0F_0F0F. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lock addl %eax; (%bx),      0x0F0F0F10",
        "lock adcl %eax; (%bx),      0x0F0F0F10",
        "lock andl %eax; (%bx),      0x00000001",
        "lock btcl $0; (%bx),        0x0F0F0F0E",
        "lock btrl $1; (%bx),        0x0F0F0F0D",
        "lock btsl $4; (%bx),        0x0F0F0F1F",
        "lock cmpxchgl %ecx; (%bx),  0x0F0F0F0F",
        "lock decl (%bx),            0x0F0F0F0E",
        "lock incl (%bx),            0x0F0F0F10",
        "lock negl (%bx),            0xF0F0F0F1",
        "lock notl (%bx),            0xF0F0F0F0",
        "lock orl %eax; (%bx),       0x0F0F0F0F",
        "lock sbbl %eax; (%bx),      0x0F0F0F0E",
        "lock subl %eax; (%bx),      0x0F0F0F0E",
        "lock xorl %eax; (%bx),      0x0F0F0F0E",
        "lock xaddl %eax; (%bx),     0x0F0F0F10",
        "lock xchgl %eax; (%bx),     0x00000001",
        "lock addl $1; %es:(%bx),    0x0F0F0F10"})
    void lockIsAcceptedOnEveryLockableInstructionWithAMemoryDestination(String instruction, String expected) {
        RealModeMachine m = RealModeMachine.of(instruction.replace(';', ','));
        int seg = instruction.contains("%es:") ? Cpu.ES : Cpu.DS;
        m.set(Cpu.EAX, 1).set(Cpu.ECX, 0x2222).set(Cpu.EBX, 0x40).poke32(seg, 0x40, 0x0F0F_0F0F).run()
                .assertHaltedNormally();
        assertEquals((int) Long.parseLong(expected.substring(2), 16), m.peek32(seg, 0x40));
    }

    @Test
    void lockCmpxchg8bWithMemoryOperandIsAccepted() {
        RealModeMachine m = RealModeMachine.of("lock cmpxchg8b (%si)");
        m.set(Cpu.ESI, 0x40).set(Cpu.EAX, 1).set(Cpu.EDX, 2).set(Cpu.EBX, 3).set(Cpu.ECX, 4)
                .poke64(Cpu.DS, 0x40, 0x2_0000_0001L).run().assertHaltedNormally();
        assertEquals(0x4_0000_0003L, m.peek64(Cpu.DS, 0x40));
    }

    @Test
    void lockInAnOddPositionAmongOtherPrefixesIsStillAccepted() {
        // 26 F0 66 01 07: lock add es:[bx], eax
        RealModeMachine m = RealModeMachine.of(".byte 0x26, 0xf0, 0x66, 0x01, 0x07");
        m.set(Cpu.EAX, 0x10).set(Cpu.EBX, 0x40).poke32(Cpu.ES, 0x40, 0x1_0000).run().assertHaltedNormally();
        assertEquals(0x1_0010, m.peek32(Cpu.ES, 0x40));
    }

    @Test
    void ud2RaisesInvalidOpcode() {
        RealModeMachine.of("nop\nud2").run().assertFault(Cpu.UD, 1);
    }
}
