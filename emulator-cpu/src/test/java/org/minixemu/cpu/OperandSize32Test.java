package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Instructions whose 32-bit operand or address forms (0x66 and 0x67 in real mode) change more than
 * an ALU width: calls, returns, jumps, loops, string instructions, XLAT, PUSH and POPF. Expected
 * values follow the manual's pseudo-code for each (OperandSize / AddressSize branches).
 */
class OperandSize32Test {
    private static final int SS = Cpu.SS;

    @Test
    void callWithOperandSizePrefixPushesAFourByteReturnAddress() {
        // CALL rel32 (66 E8 cd): Push(EIP); EIP <- EIP + rel32.
        RealModeMachine m = RealModeMachine.of("calll 1f\nhlt\n1: movw $0x99, %ax");
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x0FFC, 0xFFFF_FFFF).run().assertHaltedNormally();
        assertEquals(0x99, m.reg(Cpu.EAX), "the call reached its target");
        assertEquals(0x0FFC, m.reg(Cpu.ESP));
        assertEquals(6, m.peek32(SS, 0x0FFC), "return address after the 6-byte CALL, as a doubleword");
    }

    @Test
    void retWithOperandSizePrefixPopsAFourByteReturnAddress() {
        // 66 C3: EIP <- Pop() (doubleword).
        RealModeMachine m = RealModeMachine.of("retl\n.fill 0x20, 1, 0xf4\nmovw $0x42, %ax");
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x1000, 0x22).run().assertHaltedNormally();
        assertEquals(0x42, m.reg(Cpu.EAX));
        assertEquals(0x1004, m.reg(Cpu.ESP));
    }

    @Test
    void retImmediateWithOperandSizePrefixReleasesTheBytesAfterPopping() {
        RealModeMachine m = RealModeMachine.of("retl $6\n.fill 0x20, 1, 0xf4\nmovw $0x42, %ax");
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x1000, 0x24).run().assertHaltedNormally();
        assertEquals(0x42, m.reg(Cpu.EAX));
        assertEquals(0x100A, m.reg(Cpu.ESP));
    }

    @Test
    void farReturnWithOperandSizePrefixPopsEipAndADoublewordCsSlot() {
        // RETF (66 CB): EIP <- Pop(); CS <- Pop() (32-bit slot, low 16 bits used).
        RealModeMachine m = RealModeMachine.of("lretl");
        m.memory.write8(0x8010, 0xF4); // a HLT at 0800:0010
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x1000, 0x0000_0010).poke32(SS, 0x1004, 0xABCD_0800).run();
        assertEquals(0x0800, m.cs());
        assertEquals(0x0011, m.ip(), "halted after the HLT at 0800:0010");
        assertEquals(0x1008, m.reg(Cpu.ESP));
    }

    @Test
    void iretWithOperandSizePrefixPopsThreeDoublewords() {
        // IRETD in real mode: EIP <- Pop(); CS <- Pop(); EFLAGS <- Pop() (all 32-bit slots).
        RealModeMachine m = RealModeMachine.of("iretl\n.fill 0x10, 1, 0xf4\nmovw $0x42, %ax");
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x1000, 0x12).poke32(SS, 0x1004, RealModeMachine.CODE)
                .poke32(SS, 0x1008, 0x0000_08C3).run().assertHaltedNormally();
        assertEquals(0x42, m.reg(Cpu.EAX));
        assertEquals(0x100C, m.reg(Cpu.ESP));
        assertEquals(0x08C3 & 0x8D5, m.eflags() & 0x8D5, "OF SF CF restored from the image");
    }

    @Test
    void jumpWithOperandSizePrefixTakesARel32Displacement() {
        // 66 E9 cd: EIP <- EIP + rel32; the rel32 here is 2, skipping a 2-byte MOV AL.
        RealModeMachine m = RealModeMachine.of(".byte 0x66, 0xe9\n.long 2\nmovb $1, %al\nmovb $2, %bl");
        m.run().assertHaltedNormally();
        assertEquals(0, m.reg(Cpu.EAX));
        assertEquals(2, m.reg(Cpu.EBX));
    }

    @Test
    void loopWithSixteenBitAddressingCountsInCxOnly() {
        RealModeMachine m = RealModeMachine.of("1: incl %ebx\nloop 1b");
        m.set(Cpu.ECX, 0x0002_0003).run().assertHaltedNormally();
        assertEquals(3, m.reg(Cpu.EBX));
        assertEquals(0x0002_0000, m.reg(Cpu.ECX));
    }

    @Test
    void loopWithAddressSizePrefixCountsInEcx() {
        // "IF AddressSize = 32 THEN Count is ECX": ECX = 0x10000 loops 65536 times.
        RealModeMachine m = RealModeMachine.of("1: incl %ebx\naddr32 loop 1b");
        m.set(Cpu.ECX, 0x0001_0000).run(300_000).assertHaltedNormally();
        assertEquals(0x1_0000, m.reg(Cpu.EBX));
        assertEquals(0, m.reg(Cpu.ECX));
    }

    @Test
    void jcxzTestsCxAndJecxzTestsEcx() {
        RealModeMachine m = RealModeMachine.of("jcxz 1f\nmovb $1, %al\n1: jecxz 2f\nmovb $1, %bl\n2:");
        m.set(Cpu.ECX, 0x0001_0000).run().assertHaltedNormally();
        assertEquals(0, m.reg(Cpu.EAX), "JCXZ jumped: CX is 0");
        assertEquals(1, m.reg(Cpu.EBX), "JECXZ fell through: ECX is not 0");
    }

    @Test
    void moveStringDoublewordsAdvancesTheIndexRegistersByFour() {
        RealModeMachine m = RealModeMachine.of("rep movsl");
        m.set(Cpu.ECX, 2).set(Cpu.ESI, 0x10).set(Cpu.EDI, 0x20).poke64(Cpu.DS, 0x10, 0x1122_3344_5566_7788L).run()
                .assertHaltedNormally();
        assertEquals(0x1122_3344_5566_7788L, m.peek64(Cpu.ES, 0x20));
        assertEquals(0x18, m.reg(Cpu.ESI));
        assertEquals(0x28, m.reg(Cpu.EDI));
    }

    @Test
    void stringInstructionWithSixteenBitAddressingWrapsSiAndKeepsTheUpperHalf() {
        RealModeMachine m = RealModeMachine.of("lodsb");
        m.set(Cpu.ESI, 0x1234_FFFF).poke8(Cpu.DS, 0xFFFF, 0x5A).run().assertHaltedNormally();
        assertEquals(0x5A, m.reg(Cpu.EAX) & 0xFF);
        assertEquals(0x1234_0000, m.reg(Cpu.ESI));
    }

    @Test
    void stringInstructionWithAddressSizePrefixAdvancesAllOfEsi() {
        RealModeMachine m = RealModeMachine.of("addr32 lodsb");
        m.set(Cpu.ESI, 0x0000_FFFF).poke8(Cpu.DS, 0xFFFF, 0x5A).run().assertHaltedNormally();
        assertEquals(0x5A, m.reg(Cpu.EAX) & 0xFF);
        assertEquals(0x0001_0000, m.reg(Cpu.ESI));
    }

    @Test
    void storeStringBackwardsWithDirectionFlagDecrementsEdi() {
        RealModeMachine m = RealModeMachine.of("std\naddr32 stosl");
        m.set(Cpu.EDI, 0x100).set(Cpu.EAX, 0xCAFE_F00D).run().assertHaltedNormally();
        assertEquals(0xCAFE_F00D, m.peek32(Cpu.ES, 0x100));
        assertEquals(0xFC, m.reg(Cpu.EDI));
    }

    @Test
    void xlatWithAddressSizePrefixIndexesFromEbx() {
        // XLAT: AL <- [seg:(E)BX + unsigned AL], EBX when the address size is 32.
        RealModeMachine m = RealModeMachine.of("addr32 xlat");
        m.set(Cpu.EBX, 0x0000_1000).set(Cpu.EAX, 0x80).poke8(Cpu.DS, 0x1080, 0x77).run().assertHaltedNormally();
        assertEquals(0x77, m.reg(Cpu.EAX));
        m = RealModeMachine.of("xlat");
        m.set(Cpu.EBX, 0x7777_1000).set(Cpu.EAX, 0xFF).poke8(Cpu.DS, 0x10FF, 0x33).run().assertHaltedNormally();
        assertEquals(0x33, m.reg(Cpu.EAX), "16-bit: BX only");
    }

    @Test
    void pushImmediateWithOperandSizePrefixPushesADoubleword() {
        RealModeMachine m = RealModeMachine.of("pushl $-2\npushw $0x1234");
        m.set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0xFFFF_FFFE, m.peek32(SS, 0x0FFC), "sign-extended imm8 as a doubleword");
        assertEquals(0x1234, m.peek16(SS, 0x0FFA));
        assertEquals(0x0FFA, m.reg(Cpu.ESP));
    }

    @Test
    void moveImmediateWithOperandSizePrefixLoadsThirtyTwoBits() {
        RealModeMachine m = RealModeMachine.of("movl $0x89abcdef, %esi\nmovl $0x01234567, 8(%bx)");
        m.set(Cpu.EBX, 0x10).run().assertHaltedNormally();
        assertEquals(0x89AB_CDEF, m.reg(Cpu.ESI));
        assertEquals(0x0123_4567, m.peek32(Cpu.DS, 0x18));
    }

    @Test
    void farPointerLoadWithOperandSizePrefixReadsAThirtyTwoBitOffset() {
        // LDS r32, m16:32: offset dword, then the selector word.
        RealModeMachine m = RealModeMachine.of("ldsl (%bx), %esi\nmovw (%si), %ax");
        m.set(Cpu.EBX, 0x40).poke32(Cpu.DS, 0x40, 0x0000_0020).poke16(Cpu.DS, 0x44, 0x0700);
        m.memory.write16(0x7000 + 0x20, 0xBEEF);
        m.run().assertHaltedNormally();
        assertEquals(0x20, m.reg(Cpu.ESI));
        assertEquals(0x0700, m.cpu.segmentSelector(Cpu.DS));
        assertEquals(0xBEEF, m.reg16(Cpu.EAX));
    }
}
