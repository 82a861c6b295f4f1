package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.cpu.ProtectedModeMachine.USER_CODE;

import org.junit.jupiter.api.Test;

/**
 * A claimed INT n handled inside {@link Cpu#run} ({@link HostTrapHandler}): the handler sees the
 * trap as a host sees it after the exit, may switch the CPU to other code and let it run on
 * without an exit, and the instruction count stays what a run that left and came back would give.
 */
class HostTrapHandlerTest {
    private final ProtectedModeMachine m = new ProtectedModeMachine();

    private void user(String source) {
        m.cpu.setHostedMode(true);
        m.cpu.claimSoftwareInterrupt(0x21, true);
        m.load(USER_CODE, source);
        m.atUserLevel(USER_CODE);
    }

    @Test
    void aHandledTrapRunsOnWithoutAnExit() {
        user("mov $5, %eax\nint $0x21\nmov %eax, %ebx\nint $0x21\nnop");
        long[] seenRetired = new long[2];
        int[] seenEip = new int[2];
        int[] calls = {0};
        m.cpu.setHostTrapHandler(vector -> {
            seenRetired[calls[0]] = m.cpu.instructionsRetired();
            seenEip[calls[0]] = m.cpu.eip();
            calls[0]++;
            m.cpu.setRegister(Cpu.EAX, m.cpu.register(Cpu.EAX) + 1); // the "result" of the trap
            return calls[0] == 1 ? 100 : 0;
        });
        long before = m.cpu.instructionsRetired();
        Exit exit = m.run(100);
        assertEquals(ExitKind.BUDGET, exit.kind(), "the second trap ended the run with its 0");
        assertEquals(2, calls[0]);
        assertEquals(before + 2, seenRetired[0], "the MOV and the INT itself are counted");
        assertEquals(USER_CODE + 7, seenEip[0], "EIP past the INT");
        assertEquals(6, m.cpu.register(Cpu.EBX), "the code after the INT saw the handler's EAX");
        assertEquals(7, m.cpu.register(Cpu.EAX));
        assertEquals(before + 4, m.cpu.instructionsRetired(), "nothing ran after the second INT");
        assertEquals(USER_CODE + 11, m.cpu.eip());
    }

    @Test
    void theHandlersCountReplacesTheBudget() {
        user("int $0x21\nnop\nnop\nnop\nnop\nnop");
        m.cpu.setHostTrapHandler(vector -> 2);
        long before = m.cpu.instructionsRetired();
        Exit exit = m.run(1); // the INT alone would use up this budget
        assertEquals(ExitKind.BUDGET, exit.kind());
        assertEquals(before + 3, m.cpu.instructionsRetired(), "the INT and two NOPs");
        assertEquals(USER_CODE + 4, m.cpu.eip());
    }

    @Test
    void theHandlerMaySwitchToOtherCode() {
        int other = USER_CODE + 0x100;
        m.load(other, "mov $9, %ecx\nint $0x21");
        user("int $0x21\nmov $1, %ecx");
        int[] calls = {0};
        m.cpu.setHostTrapHandler(vector -> {
            if (calls[0]++ == 0) {
                m.cpu.setEip(other); // another "process" gets the CPU
                return 10;
            }
            return 0;
        });
        m.run(100);
        assertEquals(9, m.cpu.register(Cpu.ECX), "the other code ran, not the code after the INT");
        assertEquals(other + 7, m.cpu.eip());
    }

    @Test
    void aDeclinedTrapLeavesWithTheSoftwareInterruptExitAsWithoutAHandler() {
        user("mov $5, %eax\nint $0x21\nhlt");
        m.cpu.setHostTrapHandler(vector -> HostTrapHandler.DECLINE);
        long before = m.cpu.instructionsRetired();
        Exit exit = m.run(100);
        assertEquals(ExitKind.SOFTWARE_INTERRUPT, exit.kind());
        assertEquals(0x21, exit.vector());
        assertEquals(USER_CODE + 7, m.cpu.eip());
        assertEquals(before + 2, m.cpu.instructionsRetired());
        assertEquals(-1, m.handledVector(), "nothing went through the IDT");
    }

    @Test
    void aShutdownRequestedByTheHandlerStillEndsTheRunAfterTheInt() {
        user("int $0x21\nnop\nnop");
        m.cpu.setHostTrapHandler(vector -> {
            m.cpu.requestShutdown(); // a kernel call wrote the power-off port
            return 100;
        });
        long before = m.cpu.instructionsRetired();
        Exit exit = m.run(100);
        assertEquals(ExitKind.SHUTDOWN, exit.kind());
        assertEquals(before + 1, m.cpu.instructionsRetired());
    }

    @Test
    void anEndSliceMadeByTheHandlerIsReplacedByItsCount() {
        user("int $0x21\nnop\nnop\nnop");
        m.cpu.setHostTrapHandler(vector -> {
            m.cpu.endSlice(); // a device armed an event; the handler's count already allows for it
            return 2;
        });
        long before = m.cpu.instructionsRetired();
        Exit exit = m.run(100);
        assertEquals(ExitKind.BUDGET, exit.kind());
        assertEquals(before + 3, m.cpu.instructionsRetired());
    }
}
