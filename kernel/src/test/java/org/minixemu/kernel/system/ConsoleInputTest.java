package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;
import org.minixemu.kernel.abi.Abi;

/**
 * IRQ hooks and the harness's console input: a driver process hooks COM1's IRQ, gets HARDWARE
 * notifications for typed bytes, reads them with SYS_DEVIO, and echoes each line.
 */
class ConsoleInputTest {
    static final String CONFIG = """
            process console {
                program console.elf
                system IRQCTL DEVIO ABORT
                io 3f8:8
                irq 4
            }
            """;

    @TempDir
    Path dir;

    @Test
    void typedLinesReachADriverThroughItsIrqHook() {
        GuestSystem.Run run = new GuestSystem(dir).config(CONFIG).programs("console")
                .input(100_000_000L, "hello\r")
                .input(200_000_000L, "minix\r")
                .input(300_000_000L, "quit\r")
                .boot();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertTrue(run.lines().contains("console: got: hello"), run.console());
        assertTrue(run.lines().contains("console: got: minix"), run.console());
        assertTrue(run.lines().contains("console: got: quit"), run.console());
    }

    @Test
    void aLineWithoutReenablePolicyComesBackWhenTheDriverAsksIrqEnable() {
        GuestSystem.Run run = typeThreeLines(CONFIG.replace("program console.elf", "program console.elf\n    args manual"));
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertTrue(run.lines().contains("console: got: hello"), run.console());
        assertTrue(run.lines().contains("console: got: quit"), run.console());
    }

    @Test
    void aLineWithoutReenablePolicyStaysMaskedUntilIrqEnable() {
        GuestSystem.Run run = typeThreeLines(CONFIG.replace("program console.elf",
                "program console.elf\n    args noenable"));
        // The first IRQ (the 'h') is delivered; the line is then masked for good, so the rest of
        // the input never raises another one and no line is ever complete. The driver was ready
        // and saw that one IRQ: the silence after it is the mask, not a driver that never ran.
        assertTrue(run.lines().contains("console: ready"), run.console());
        assertTrue(run.lines().contains("console: irq 1"), run.console());
        assertTrue(!run.console().contains("console: irq 2"), run.console());
        assertEquals(KernelResult.Outcome.GUEST_TIME_LIMIT, run.result().outcome(), run.console());
        assertTrue(!run.console().contains("got:"), run.console());
    }

    private GuestSystem.Run typeThreeLines(String config) {
        return new GuestSystem(dir).config(config).programs("console")
                .input(100_000_000L, "hello\r")
                .input(200_000_000L, "minix\r")
                .input(300_000_000L, "quit\r")
                .guestLimit(2_000_000_000L)
                .boot();
    }

    @Test
    void portsOutsideTheIoRangesAreRefused() {
        GuestSystem.Run run = new GuestSystem(dir).config(CONFIG.replace("io 3f8:8", "io 2f8:8")).programs("console")
                .guestLimit(1_000_000_000L).boot();
        // The driver's OUTs to COM1 are refused with EPERM (it says so, then that it is ready), so
        // the UART never interrupts and the driver waits forever.
        assertTrue(run.lines().contains("console: ready"), run.console());
        assertTrue(run.lines().contains("console: sys_outb(0x3fc) refused: " + Abi.EPERM), run.console());
        assertTrue(run.lines().contains("console: sys_outb(0x3f9) refused: " + Abi.EPERM), run.console());
        assertEquals(KernelResult.Outcome.GUEST_TIME_LIMIT, run.result().outcome(), run.console());
        assertTrue(!run.console().contains("got:"), run.console());
    }

    @Test
    void anIrqOutsideTheListCannotBeHooked() {
        GuestSystem.Run run = new GuestSystem(dir).config(CONFIG.replace("irq 4", "irq 3")).programs("console").boot();
        assertTrue(run.lines().contains("console: panic: cannot hook IRQ 4: " + Abi.EPERM), run.console());
    }
}
