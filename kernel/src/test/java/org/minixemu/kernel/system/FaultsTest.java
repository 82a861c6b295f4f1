package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;

/**
 * A process that faults or panics is stopped and reported on the console; the others keep
 * running (here: ping-pong finishes its round trips beside it).
 */
class FaultsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "null   | kernel: crasher killed: page fault at address 0x00000000 (error 0x4) at eip 0x",
        "div    | kernel: crasher killed: divide error at eip 0x",
        "ud     | kernel: crasher killed: invalid opcode at eip 0x",
        "panic  | crasher: panic: on purpose, 42",
        "assert | crasher: panic: assertion \"argc == 99\" failed",
    })
    void aCrashingProcessIsStoppedAndTheOthersCarryOn(String kind, String report) {
        GuestSystem.Run run = new GuestSystem(dir).config(PingPongTest.CONFIG.replace("10000", "1000") + """
                process crasher {
                    program crasher.elf
                    args %s
                }
                """.formatted(kind)).programs("ping", "pong", "crasher").boot();
        assertTrue(run.console().contains("crasher: about to crash: " + kind), run.console());
        assertTrue(run.console().contains(report), run.console());
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertTrue(run.lines().contains("ping: 1000 round trips, 0 bad"), run.console());
    }

    /**
     * A process that manages itself (PM, RS) cannot take a signal it will not survive; with no
     * backup signal manager the system has lost a process it cannot do without, so the kernel
     * stops with a panic that says so -- it does not remove it silently and run on.
     */
    @org.junit.jupiter.api.Test
    void aSelfManagedProcessKilledWithoutABackupManagerIsAPanic() {
        GuestSystem.Run run = new GuestSystem(dir).config(PingPongTest.CONFIG + """
                process crasher {
                    program crasher.elf
                    args null
                    sigmgr SELF
                }
                """).programs("ping", "pong", "crasher").boot();
        assertTrue(run.console().contains("crasher: about to crash: null"), run.console());
        assertTrue(run.console().contains("kernel: panic: crasher killed: page fault at address 0x00000000"),
                run.console());
        assertTrue(run.console().contains("and it has no backup signal manager"), run.console());
        assertEquals(KernelResult.Outcome.PANIC, run.result().outcome(), run.console());
    }
}
