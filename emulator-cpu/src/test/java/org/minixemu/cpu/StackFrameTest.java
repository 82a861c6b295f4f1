package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * ENTER, LEAVE, PUSHA/PUSHAD, POPA/POPAD and the stack-pointer corner cases of PUSH and POP, at 16-
 * and 32-bit operand size on the 16-bit real-mode stack. Expected values are worked out by hand from
 * the pseudo-code on the manual's pages (quoted in each test).
 */
class StackFrameTest {
    private static final int SS = Cpu.SS;

    /*
     * ENTER (StackSize = 16, which real mode always has):
     *   NestingLevel <- imm8 MOD 32
     *   Push(BP or EBP, by operand size); FrameTemp <- SP
     *   IF NestingLevel > 0:
     *     FOR i <- 1 TO NestingLevel - 1: BP <- BP - 2 (or 4); Push([SS:BP])
     *     Push(FrameTemp)
     *   (E)BP <- FrameTemp; SP <- SP - AllocSize
     */

    @Test
    void enterLevelZeroSavesBpAndAllocatesTheFrame() {
        RealModeMachine m = RealModeMachine.of("enter $8, $0");
        m.set(Cpu.EBP, 0x2000).set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x2000, m.peek16(SS, 0x0FFE), "saved BP");
        assertEquals(0x0FFE, m.reg(Cpu.EBP), "BP = FrameTemp");
        assertEquals(0x0FF6, m.reg(Cpu.ESP), "SP = FrameTemp - 8");
    }

    @Test
    void enterLevelOnePushesTheFramePointerOnce() {
        RealModeMachine m = RealModeMachine.of("enter $4, $1");
        m.set(Cpu.EBP, 0x2000).set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x2000, m.peek16(SS, 0x0FFE), "saved BP");
        assertEquals(0x0FFE, m.peek16(SS, 0x0FFC), "FrameTemp");
        assertEquals(0x0FFE, m.reg(Cpu.EBP));
        assertEquals(0x0FF8, m.reg(Cpu.ESP));
    }

    @Test
    void enterLevelThreeCopiesTwoDisplayPointersFromTheOldFrame() {
        RealModeMachine m = RealModeMachine.of("enter $8, $3");
        m.set(Cpu.EBP, 0x2000).set(Cpu.ESP, 0x1000).poke16(SS, 0x1FFE, 0xAAAA).poke16(SS, 0x1FFC, 0xBBBB).run()
                .assertHaltedNormally();
        assertEquals(0x2000, m.peek16(SS, 0x0FFE), "saved BP");
        assertEquals(0xAAAA, m.peek16(SS, 0x0FFC), "[old BP - 2]");
        assertEquals(0xBBBB, m.peek16(SS, 0x0FFA), "[old BP - 4]");
        assertEquals(0x0FFE, m.peek16(SS, 0x0FF8), "FrameTemp");
        assertEquals(0x0FFE, m.reg(Cpu.EBP));
        assertEquals(0x0FF0, m.reg(Cpu.ESP), "0x0FF8 - 8");
    }

    @Test
    void enterWithSixteenBitOperandSizeChangesOnlyBpAndSp() {
        // "BP <- FrameTemp": the upper halves of EBP and ESP are untouched, and BP - 2 reads SS:BP.
        RealModeMachine m = RealModeMachine.of("enter $2, $2");
        m.set(Cpu.EBP, 0xABCD_2000).set(Cpu.ESP, 0x5555_1000).poke16(SS, 0x1FFE, 0xAAAA).run().assertHaltedNormally();
        assertEquals(0x2000, m.peek16(SS, 0x0FFE));
        assertEquals(0xAAAA, m.peek16(SS, 0x0FFC));
        assertEquals(0x0FFE, m.peek16(SS, 0x0FFA));
        assertEquals(0xABCD_0FFE, m.reg(Cpu.EBP));
        assertEquals(0x5555_0FF8, m.reg(Cpu.ESP));
    }

    @Test
    void enterNestingLevelIsTakenModulo32() {
        RealModeMachine m = RealModeMachine.of("enter $0, $33"); // level 33 MOD 32 = 1
        m.set(Cpu.EBP, 0x2000).set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x0FFE, m.peek16(SS, 0x0FFC));
        assertEquals(0x0FFC, m.reg(Cpu.ESP));
    }

    @Test
    void enterWithOperandSizePrefixLevelZeroPushesEbp() {
        RealModeMachine m = RealModeMachine.of("enterl $0x10, $0");
        m.set(Cpu.EBP, 0x1234_2000).set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x1234_2000, m.peek32(SS, 0x0FFC), "saved EBP, all 32 bits");
        // A 16-bit stack: BP <- FrameTemp keeps EBP's upper half even with 32-bit operands.
        assertEquals(0x1234_0FFC, m.reg(Cpu.EBP), "BP = FrameTemp");
        assertEquals(0x0FEC, m.reg(Cpu.ESP));
    }

    @Test
    void enterWithOperandSizePrefixLevelOnePushesTheFramePointerAsADoubleword() {
        RealModeMachine m = RealModeMachine.of("enterl $4, $1");
        m.set(Cpu.EBP, 0x2000).set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x2000, m.peek32(SS, 0x0FFC));
        assertEquals(0x0FFC, m.peek32(SS, 0x0FF8), "FrameTemp");
        assertEquals(0x0FFC, m.reg(Cpu.EBP));
        assertEquals(0x0FF4, m.reg(Cpu.ESP));
    }

    @Test
    void enterWithOperandSizePrefixLevelThreeCopiesDoublewordDisplayPointers() {
        // BP <- BP - 4; Push([BP]) (doubleword) for i = 1, 2.
        RealModeMachine m = RealModeMachine.of("enterl $8, $3");
        m.set(Cpu.EBP, 0x2000).set(Cpu.ESP, 0x1000).poke32(SS, 0x1FFC, 0xAAAA_0001).poke32(SS, 0x1FF8, 0xBBBB_0002)
                .run().assertHaltedNormally();
        assertEquals(0x2000, m.peek32(SS, 0x0FFC), "saved EBP");
        assertEquals(0xAAAA_0001, m.peek32(SS, 0x0FF8), "[old EBP - 4]");
        assertEquals(0xBBBB_0002, m.peek32(SS, 0x0FF4), "[old EBP - 8]");
        assertEquals(0x0FFC, m.peek32(SS, 0x0FF0), "FrameTemp");
        assertEquals(0x0FFC, m.reg(Cpu.EBP));
        assertEquals(0x0FE8, m.reg(Cpu.ESP), "0x0FF0 - 8");
    }

    @Test
    void leaveRestoresSpFromBpAndPopsBp() {
        // LEAVE: SP <- BP (StackAddressSize = 16); BP <- Pop().
        RealModeMachine m = RealModeMachine.of("leave");
        m.set(Cpu.EBP, 0x7777_0200).set(Cpu.ESP, 0x5555_0100).poke16(SS, 0x200, 0x1234).run().assertHaltedNormally();
        assertEquals(0x5555_0202, m.reg(Cpu.ESP));
        assertEquals(0x7777_1234, m.reg(Cpu.EBP));
    }

    @Test
    void leaveWithOperandSizePrefixPopsAllOfEbp() {
        // SP <- BP; EBP <- Pop() (doubleword).
        RealModeMachine m = RealModeMachine.of("leavel");
        m.set(Cpu.EBP, 0x7777_0200).set(Cpu.ESP, 0x5555_0100).poke32(SS, 0x200, 0x1234_5678).run()
                .assertHaltedNormally();
        assertEquals(0x5555_0204, m.reg(Cpu.ESP));
        assertEquals(0x1234_5678, m.reg(Cpu.EBP));
    }

    @Test
    void leaveUndoesEnterAtEveryLevel() {
        for (int level : new int[] {0, 1, 3}) {
            RealModeMachine m = RealModeMachine.of("enterl $0x20, $" + level + "\nleavel");
            m.set(Cpu.EBP, 0x2000).set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
            assertEquals(0x1000, m.reg(Cpu.ESP), "level " + level);
            assertEquals(0x2000, m.reg(Cpu.EBP), "level " + level);
        }
    }

    @Test
    void pushadPushesEightDoublewordsWithTheOriginalEsp() {
        // Temp <- ESP; Push(EAX); Push(ECX); Push(EDX); Push(EBX); Push(Temp); Push(EBP); Push(ESI); Push(EDI)
        RealModeMachine m = RealModeMachine.of("pushal");
        for (int r = 0; r < 8; r++) {
            m.set(r, 0x1111_1111 * (r + 1));
        }
        m.set(Cpu.ESP, 0x0000_1000).run().assertHaltedNormally();
        assertEquals(0x0FE0, m.reg(Cpu.ESP));
        int[] order = {Cpu.EDI, Cpu.ESI, Cpu.EBP, Cpu.ESP, Cpu.EBX, Cpu.EDX, Cpu.ECX, Cpu.EAX};
        for (int i = 0; i < 8; i++) {
            int want = order[i] == Cpu.ESP ? 0x1000 : 0x1111_1111 * (order[i] + 1);
            assertEquals(want, m.peek32(SS, 0x0FE0 + 4 * i), "slot " + i);
        }
    }

    @Test
    void popadRestoresEveryRegisterButEspWhichSkipsItsSlot() {
        // EDI <- Pop(); ESI <- Pop(); EBP <- Pop(); ESP increments by 4 (value discarded); EBX, EDX, ECX, EAX.
        RealModeMachine m = RealModeMachine.of("popal");
        int[] order = {Cpu.EDI, Cpu.ESI, Cpu.EBP, Cpu.ESP, Cpu.EBX, Cpu.EDX, Cpu.ECX, Cpu.EAX};
        for (int i = 0; i < 8; i++) {
            m.poke32(SS, 0x0FE0 + 4 * i, 0x0101_0101 * (order[i] + 1));
        }
        m.set(Cpu.ESP, 0x0FE0).run().assertHaltedNormally();
        for (int r = 0; r < 8; r++) {
            if (r != Cpu.ESP) {
                assertEquals(0x0101_0101 * (r + 1), m.reg(r), "register " + r);
            }
        }
        assertEquals(0x1000, m.reg(Cpu.ESP));
    }

    @Test
    void pushaAndPopaWithSixteenBitOperandsMoveWords() {
        RealModeMachine m = RealModeMachine.of("pusha\nmovw $0, %ax\nmovw $0, %bp\npopa");
        m.set(Cpu.EAX, 0xAAAA_1234).set(Cpu.EBP, 0xBBBB_5678).set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x0FF0 + 16, m.reg(Cpu.ESP));
        assertEquals(0x1000, m.peek16(SS, 0x0FF0 + 6), "the SP slot holds SP before PUSHA");
        assertEquals(0xAAAA_1234, m.reg(Cpu.EAX));
        assertEquals(0xBBBB_5678, m.reg(Cpu.EBP));
    }

    @Test
    void popEspLoadsTheValueFromTheOldTopOfStack() {
        // "The POP ESP instruction increments the stack pointer (ESP) before data at the old top of
        // stack is written into the destination", so ESP ends up equal to the popped value.
        RealModeMachine m = RealModeMachine.of("popl %esp");
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x1000, 0x0000_2468).run().assertHaltedNormally();
        assertEquals(0x2468, m.reg(Cpu.ESP));
        m = RealModeMachine.of("pop %sp");
        m.set(Cpu.ESP, 0x1000).poke16(SS, 0x1000, 0x1357).run().assertHaltedNormally();
        assertEquals(0x1357, m.reg(Cpu.ESP));
    }

    @Test
    void pushEspPushesTheValueBeforeThePush() {
        // "The PUSH ESP instruction pushes the value of the ESP register as it existed before the
        // instruction was executed."
        RealModeMachine m = RealModeMachine.of("pushl %esp");
        m.set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x0FFC, m.reg(Cpu.ESP));
        assertEquals(0x1000, m.peek32(SS, 0x0FFC));
        m = RealModeMachine.of("push %sp");
        m.set(Cpu.ESP, 0x1000).run().assertHaltedNormally();
        assertEquals(0x1000, m.peek16(SS, 0x0FFE));
    }

    @Test
    void popToMemoryAddressedThroughEspComputesTheAddressAfterTheIncrement() {
        // "If the ESP register is used as a base register for addressing a destination operand in
        // memory, the POP instruction computes the effective address of the operand after it
        // increments the ESP register."
        RealModeMachine m = RealModeMachine.of("popl 4(%esp)");
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x1000, 0xFEED_BEEF).run().assertHaltedNormally();
        assertEquals(0x1004, m.reg(Cpu.ESP));
        assertEquals(0xFEED_BEEF, m.peek32(SS, 0x1008));
        assertEquals(0, m.peek32(SS, 0x1004));
    }

    @Test
    void pushFromMemoryAddressedThroughEspComputesTheAddressBeforeTheDecrement() {
        // "If the source operand is a memory operand that uses the stack pointer register (ESP) as
        // a base register, the address is calculated before the push."
        RealModeMachine m = RealModeMachine.of("pushl 4(%esp)");
        m.set(Cpu.ESP, 0x1000).poke32(SS, 0x1004, 0x600D_F00D).run().assertHaltedNormally();
        assertEquals(0x0FFC, m.reg(Cpu.ESP));
        assertEquals(0x600D_F00D, m.peek32(SS, 0x0FFC));
    }
}
