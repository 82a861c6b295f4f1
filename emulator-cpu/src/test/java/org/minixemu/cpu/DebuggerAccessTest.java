package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.cpu.ProtectedModeMachine.KERNEL_CODE;

import org.junit.jupiter.api.Test;

/**
 * What a debugger of a bare-metal guest needs from the CPU: INT3 as a host exit when the host
 * claims vector 3 (its breakpoints), and a page walk that changes nothing.
 */
class DebuggerAccessTest {
    private final ProtectedModeMachine m = new ProtectedModeMachine();

    @Test
    void claimedInt3LeavesWithEipPastItAndNothingThroughTheIdt() {
        m.load(KERNEL_CODE, "nop\nint3\nhlt");
        m.cpu.claimSoftwareInterrupt(Cpu.BP, true);
        Exit exit = m.run(100);
        assertEquals(ExitKind.SOFTWARE_INTERRUPT, exit.kind());
        assertEquals(Cpu.BP, exit.vector());
        assertEquals(KERNEL_CODE + 2, m.cpu.eip());
        assertEquals(-1, m.handledVector());
    }

    @Test
    void unclaimedInt3GoesThroughTheGuestIdtAsBefore() {
        m.load(KERNEL_CODE, "int3\nhlt");
        m.run(100);
        assertEquals(Cpu.BP, m.handledVector());
    }

    @Test
    void debugTranslateWalksThePageTablesWithoutSettingAccessedBits() {
        assertEquals(0x12345L, m.cpu.debugTranslate(0x12345), "paging off: the linear address");
        m.enablePaging(0x3);
        m.setPte(0x40000, 0x7000 | 0x3);
        m.setPte(0x41000, 0);
        assertEquals(0x7123L, m.cpu.debugTranslate(0x40123));
        assertEquals(-1L, m.cpu.debugTranslate(0x41000));
        assertEquals(0x7000 | 0x3, m.pte(0x40000), "no accessed bit");
        assertEquals(0, m.cpu.controlRegister(2), "no CR2");
    }
}
