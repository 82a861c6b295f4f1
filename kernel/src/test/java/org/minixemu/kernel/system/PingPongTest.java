package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;

/** Acceptance 1 of the kernel issue: 10,000 checked SENDREC round trips, then a clean power-off. */
class PingPongTest {
    static final String CONFIG = """
            process ping {
                program ping.elf
                args @pong 10000
                ipc pong
                system ABORT
            }
            process pong {
                program pong.elf
            }
            """;

    @TempDir
    Path dir;

    @Test
    void tenThousandCheckedRoundTripsThenPowerOffWithStatusZero() {
        GuestSystem.Run run = new GuestSystem(dir).config(CONFIG).programs("ping", "pong").boot();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
        assertTrue(run.lines().contains("ping: 10000 round trips, 0 bad"), run.console());
    }
}
