package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.cpu.ProtectedModeMachine.USER_CODE;

import org.junit.jupiter.api.Test;

/**
 * The hosted-mode half of the Exit contract (DESIGN.md section 3): user code runs at CPL 3, and
 * whatever needs the kernel ends {@link Cpu#run} with an exit that says why, with EIP where the
 * kernel needs it (past a trap, at a fault) and nothing delivered through the guest's IDT.
 */
class HostedModeTest {
    private final ProtectedModeMachine m = new ProtectedModeMachine();

    private ProtectedModeMachine user(String source) {
        m.cpu.setHostedMode(true);
        m.load(USER_CODE, source);
        return m.atUserLevel(USER_CODE);
    }

    @Test
    void claimedIntLeavesWithSoftwareInterruptAndEipPastTheInt() {
        user("mov $5, %eax\nint $0x21\nhlt");
        m.cpu.claimSoftwareInterrupt(0x21, true);
        Exit exit = m.run(100);
        assertEquals(ExitKind.SOFTWARE_INTERRUPT, exit.kind());
        assertEquals(0x21, exit.vector());
        assertEquals(USER_CODE + 7, m.cpu.eip());
        assertEquals(5, m.cpu.register(Cpu.EAX));
        assertEquals(-1, m.handledVector(), "nothing went through the IDT");
    }

    @Test
    void privilegedInstructionAtCpl3LeavesWithGp0AndEipAtTheInstruction() {
        user("nop\nhlt");
        Exit exit = m.run(100);
        assertEquals(ExitKind.EXCEPTION, exit.kind());
        assertEquals(Cpu.GP, exit.vector());
        assertEquals(0, exit.errorCode());
        assertEquals(USER_CODE + 1, m.cpu.eip(), "a fault: EIP at the HLT, so it can be restarted");
        assertEquals(3, m.cpu.currentPrivilegeLevel());
        assertEquals(-1, m.handledVector());
    }

    @Test
    void userWriteToASupervisorPageLeavesWithPageFaultError7AndTheAddress() {
        m.enablePaging(0x7);
        m.setPte(0x40000, 0x40000 | 0x3); // present, writable, supervisor
        user("movl $1, 0x40010");
        Exit exit = m.run(100);
        assertEquals(ExitKind.EXCEPTION, exit.kind());
        assertEquals(Cpu.PF, exit.vector());
        assertEquals(7, exit.errorCode(), "present, write, user");
        assertEquals(0x40010, exit.faultAddress());
        assertEquals(0x40010, m.cpu.controlRegister(2));
        assertEquals(USER_CODE, m.cpu.eip());
    }

    @Test
    void userReadOfANotPresentPageLeavesWithError4() {
        m.enablePaging(0x7);
        m.setPte(0x40000, 0);
        user("mov 0x40000, %eax");
        Exit exit = m.run(100);
        assertEquals(Cpu.PF, exit.vector());
        assertEquals(4, exit.errorCode(), "not present, read, user");
    }

    @Test
    void int3LeavesAsABreakpointTrapWithEipPastIt() {
        user("int3\nnop");
        Exit exit = m.run(100);
        assertEquals(ExitKind.EXCEPTION, exit.kind());
        assertEquals(Cpu.BP, exit.vector());
        assertEquals(USER_CODE + 1, m.cpu.eip());
    }

    @Test
    void divisionByZeroLeavesWithDivideErrorAtTheDivide() {
        user("xor %ecx, %ecx\ndiv %ecx");
        Exit exit = m.run(100);
        assertEquals(Cpu.DE, exit.vector());
        assertEquals(USER_CODE + 2, m.cpu.eip());
    }

    @Test
    void invalidOpcodeLeavesWithUd() {
        user("ud2");
        assertEquals(Cpu.UD, m.run(100).vector());
    }

    @Test
    void pendingInterruptWithIfSetLeavesWithInterruptAndDeliversNothing() {
        user("nop\nnop");
        m.cpu.setEflags(0x202);
        m.cpu.setInterruptRequest(true);
        Exit exit = m.run(100);
        assertEquals(ExitKind.INTERRUPT, exit.kind());
        assertEquals(USER_CODE, m.cpu.eip());
        assertEquals(-1, m.handledVector());
    }

    @Test
    void budgetExitAfterExactlyTheBudget() {
        user("1: inc %eax\njmp 1b");
        m.cpu.setRegister(Cpu.EAX, 0);
        Exit exit = m.run(1000);
        assertEquals(ExitKind.BUDGET, exit.kind());
        assertEquals(500, m.cpu.register(Cpu.EAX));
    }

    @Test
    void unclaimedIntAtCpl3ThroughADpl0GateLeavesWithGp() {
        user("int $0x30");
        Exit exit = m.run(100);
        assertEquals(Cpu.GP, exit.vector());
        assertEquals(0x30 * 8 + 2, exit.errorCode());
        assertEquals(USER_CODE, m.cpu.eip());
    }
}
