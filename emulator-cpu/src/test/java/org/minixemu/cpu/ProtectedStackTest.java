package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Stack instructions in protected mode with a 16-bit stack segment (B = 0) next to 32-bit ones:
 * POP SS, ENTER, and ENTER's final write check. Expected values are worked by hand from the
 * i386 manual's pseudo-code, quoted in each test; the machine is {@link ProtectedModeMachine}.
 */
class ProtectedStackTest {
    /** A 16-bit writable data segment (B = 0, limit 64 KiB - 1) at this base. */
    private static final int STACK16 = 0x30, STACK16_BASE = 0x200000;

    private final ProtectedModeMachine m = new ProtectedModeMachine();

    ProtectedStackTest() {
        m.descriptor(STACK16, STACK16_BASE, 0xFFFF, 0x92, 0x0);
    }

    private int reg(int r) {
        return m.cpu.register(r);
    }

    private void runToHalt() {
        assertEquals(ExitKind.HALT, m.run(1000).kind());
        assertEquals(-1, m.handledVector(), "no exception");
    }

    /*
     * POP Sreg: "IF StackAddrSize = 16 THEN Sreg <- Pop()": the pop is one stack access made with
     * the stack in effect when it starts: "SP <- SP + 2 (or 4)" on a 16-bit stack, "ESP <- ESP + 2
     * (or 4)" on a 32-bit one, whatever SS it loads.
     */

    @Test
    void popSsFromASixteenBitStackMovesOnlySpAndWrapsEvenWhenItLoadsAThirtyTwoBitSs() {
        m.memory.write16(STACK16_BASE + 0xFFFE, ProtectedModeMachine.KERNEL_DS);
        m.load(ProtectedModeMachine.KERNEL_CODE,
                "mov $0x30, %ax\nmov %ax, %ss\nmov $0x1234FFFE, %esp\npopw %ss\nhlt");
        runToHalt();
        assertEquals(ProtectedModeMachine.KERNEL_DS, m.cpu.segmentSelector(Cpu.SS));
        assertEquals(0x1234_0000, reg(Cpu.ESP), "SP 0xFFFE + 2 wraps to 0; ESP's upper half is kept");
    }

    @Test
    void o32PopSsFromASixteenBitStackAddsFourToSpOnly() {
        m.memory.write16(STACK16_BASE + 0xFFFC, ProtectedModeMachine.KERNEL_DS);
        m.load(ProtectedModeMachine.KERNEL_CODE,
                "mov $0x30, %ax\nmov %ax, %ss\nmov $0x1234FFFC, %esp\npopl %ss\nhlt");
        runToHalt();
        assertEquals(0x1234_0000, reg(Cpu.ESP));
    }

    @Test
    void popSsFromAThirtyTwoBitStackMovesAllOfEspEvenWhenItLoadsASixteenBitSs() {
        m.memory.write16(0x1FFFC, STACK16);
        m.load(ProtectedModeMachine.KERNEL_CODE, "mov $0x1FFFC, %esp\npopl %ss\nhlt");
        runToHalt();
        assertEquals(STACK16, m.cpu.segmentSelector(Cpu.SS));
        assertEquals(0x20000, reg(Cpu.ESP), "ESP + 4 as a 32-bit stack, not SP + 4 wrapped");
    }

    /*
     * ENTER (i386 manual):
     *   Push(BP or EBP, by OperandSize); frame-ptr <- eSP
     *   IF level > 0: FOR i <- 1 TO level - 1: (E)BP <- (E)BP - 2 (or 4); Push([SS:eBP])
     *                 Push(frame-ptr)
     *   BP <- frame-ptr (16-bit stack or 16-bit operands), EBP <- frame-ptr (both 32-bit)
     *   IF StackAddrSize = 16 THEN SP <- SP - First operand ELSE ESP <- ESP - First operand
     */

    @Test
    void o32EnterOnASixteenBitStackKeepsTheUpperHalvesAndPushesTheWholeStackPointer() {
        // ESP = 0x0005_0000: SP = 0. push EBP -> SP = 0xFFFC (wrapped), frame-ptr = 0x0005_FFFC.
        // Level 2: EBP - 4 = 0x7777_00FC, read at SS:0x00FC -> pushed at 0xFFF8; frame-ptr at
        // 0xFFF4; SP = 0xFFF4 - 0x10 = 0xFFE4. BP <- 0xFFFC with EBP's upper half kept.
        m.memory.write32(STACK16_BASE + 0x00FC, 0xCAFE_F00D);
        m.load(ProtectedModeMachine.KERNEL_CODE, "mov $0x30, %ax\nmov %ax, %ss\nmov $0x50000, %esp\n"
                + "mov $0x77770100, %ebp\nenterl $0x10, $2\nhlt");
        runToHalt();
        assertEquals(0x7777_0100, m.memory.read32(STACK16_BASE + 0xFFFC), "saved EBP");
        assertEquals(0xCAFE_F00D, m.memory.read32(STACK16_BASE + 0xFFF8), "display pointer from SS:BP-4");
        assertEquals(0x0005_FFFC, m.memory.read32(STACK16_BASE + 0xFFF4), "frame-ptr is the ESP register");
        assertEquals(0x7777_FFFC, reg(Cpu.EBP), "BP <- frame-ptr: EBP's upper half kept");
        assertEquals(0x0005_FFE4, reg(Cpu.ESP), "SP <- SP - 0x10: ESP's upper half kept");
    }

    @Test
    void o16EnterOnAThirtyTwoBitStackChangesOnlyBp() {
        // push BP -> ESP = 0x1FFFE = frame-ptr; Push(frame-ptr) stores 0xFFFE; ESP = 0x1FFFC - 4.
        m.load(ProtectedModeMachine.KERNEL_CODE, "mov $0x20000, %esp\nmov $0x11112000, %ebp\nenterw $4, $1\nhlt");
        runToHalt();
        assertEquals(0x2000, m.memory.read16(0x1FFFE), "saved BP");
        assertEquals(0xFFFE, m.memory.read16(0x1FFFC), "frame-ptr, 16 bits");
        assertEquals(0x1111_FFFE, reg(Cpu.EBP), "OperandSize = 16: BP <- frame-ptr");
        assertEquals(0x1FFF8, reg(Cpu.ESP));
    }

    @Test
    void o16EnterOnASixteenBitStackReadsTheDisplayAtBpWrapped() {
        // BP = 0: "BP <- BP - 2" wraps to 0xFFFE, so the display word comes from SS:0xFFFE.
        m.memory.write16(STACK16_BASE + 0xFFFE, 0x5AA5);
        m.load(ProtectedModeMachine.KERNEL_CODE, "mov $0x30, %ax\nmov %ax, %ss\nmov $0x9990800, %esp\n"
                + "mov $0x44440000, %ebp\nenterw $0, $2\nhlt");
        runToHalt();
        assertEquals(0x0000, m.memory.read16(STACK16_BASE + 0x07FE), "saved BP");
        assertEquals(0x5AA5, m.memory.read16(STACK16_BASE + 0x07FC), "[SS:BP-2] = [SS:0xFFFE]");
        assertEquals(0x07FE, m.memory.read16(STACK16_BASE + 0x07FA), "frame-ptr");
        assertEquals(0x4444_07FE, reg(Cpu.EBP));
        assertEquals(0x0999_07FA, reg(Cpu.ESP));
    }

    /*
     * ENTER's last step checks the new top of stack, SS:eSP after the allocation, for a write
     * without writing it. From CPL 3 onto a supervisor page that is #PF with error code 7
     * (P = 1, W = 1, U = 1), CR2 the new top, EIP the ENTER's, every register unchanged.
     */

    @Test
    void userEnterWhoseAllocationReachesASupervisorPageFaultsWithError7AndChangesNoRegister() {
        int enterAt = ProtectedModeMachine.USER_CODE;
        m.enablePaging(0x7);
        m.setPte(0x2E000, 0x2E000 | 0x3); // present, writable, supervisor only
        m.atUserLevel(enterAt);
        m.cpu.setRegister(Cpu.EBP, 0x1234_5678);
        m.load(enterAt, "enterl $0x1000, $0\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(14, m.handledVector());
        assertEquals(7, m.stack(0), "present, write, user");
        assertEquals(enterAt, m.stack(1), "EIP of the ENTER");
        assertEquals(ProtectedModeMachine.USER_STACK_TOP, m.stack(4), "user ESP as before the ENTER");
        assertEquals(0x2FFFC - 0x1000, m.cpu.controlRegister(2), "CR2 = the new top of stack");
        assertEquals(0x1234_5678, reg(Cpu.EBP), "EBP unchanged");
        assertEquals(0, m.pte(0x2E000) & 0x40, "nothing was written: no dirty bit");
    }

    @Test
    void userEnterWhoseAllocationStaysOnUserPagesRuns() {
        m.enablePaging(0x7);
        m.atUserLevel(ProtectedModeMachine.USER_CODE);
        m.load(ProtectedModeMachine.USER_CODE, "enterl $0x1000, $0\nmov %esp, %ecx\nint3");
        m.gate(3, ProtectedModeMachine.KERNEL_CS, ProtectedModeMachine.STUBS + 3 * 16, 0xEE);
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(3, m.handledVector());
        assertEquals(0x2FFFC - 0x1000, reg(Cpu.ECX));
    }

    /* A far CALL at CPL 3 pushes CS and EIP with the rights of CPL 3 (QEMU uses supervisor rights). */
    @Test
    void userFarCallOntoASupervisorPageFaultsWithError7() {
        m.enablePaging(0x7);
        m.setPte(0x2F000, 0x2F000 | 0x3);
        m.atUserLevel(ProtectedModeMachine.USER_CODE);
        m.load(ProtectedModeMachine.USER_CODE, "lcall $0x1B, $0x20100\nhlt");
        assertEquals(ExitKind.HALT, m.run(100).kind());
        assertEquals(14, m.handledVector());
        assertEquals(7, m.stack(0), "present, write, user");
        assertEquals(ProtectedModeMachine.USER_CODE, m.stack(1), "EIP of the CALL");
        assertEquals(ProtectedModeMachine.USER_STACK_TOP, m.stack(4), "user ESP unchanged");
    }
}
