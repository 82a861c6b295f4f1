package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;

/**
 * SENDA with several entries for one receiver delivers every one of them, in table order, one
 * per RECEIVE (issue 11: before, the first was delivered and the rest stayed VALID for ever),
 * and an AMF_NOTIFY entry makes ASYNCM notify the sender when it is done.
 */
class SendaManyTest {
    @TempDir
    Path dir;

    @Test
    void aTableOfThreeEntriesToOneReceiverDeliversThree() {
        GuestSystem.Run run = new GuestSystem(dir).config("""
                process sendamany {
                    program sendamany.elf
                    args @sink
                    ipc sink
                    system ABORT
                }
                process sink {
                    program sendamany.elf
                    args sink @sendamany
                }
                """).programs("sendamany").boot();
        assertTrue(run.lines().contains("sendamany: 8 passed, 0 failed"), run.console());
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
    }
}
