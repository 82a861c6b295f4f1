package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.kernel.KernelResult;

/**
 * Acceptance 3 of the kernel issue: a process that loops forever is preempted, and the others
 * keep their share of the CPU.
 */
class SchedulingTest {
    @TempDir
    Path dir;

    @Test
    void aSpinnerIsPreemptedAndEveryProcessGetsItsShare() {
        GuestSystem.Run run = new GuestSystem(dir).config("""
                process judge {
                    program judge.elf
                    args 3 @spinner @worker1 @worker2
                    priority 2
                    system ABORT
                }
                process spinner {
                    program spinner.elf
                    quantum 100
                }
                process worker1 {
                    program worker.elf
                    quantum 100
                }
                process worker2 {
                    program worker.elf
                    quantum 100
                }
                """).programs("judge", "spinner", "worker").boot();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertEquals(0, run.result().exitStatus(), run.console());
        Pattern share = Pattern.compile("judge: process (\\d): (\\d+) ticks, (\\d+)% of (\\d+)");
        int processes = 0;
        for (String line : run.lines()) {
            Matcher m = share.matcher(line);
            if (m.matches()) {
                processes++;
                int percent = Integer.parseInt(m.group(3));
                assertTrue(percent >= 28 && percent <= 39, "a third each, give or take a quantum: " + line);
                assertTrue(Integer.parseInt(m.group(4)) >= 170, "3 s at 60 Hz were billed: " + line);
            }
        }
        assertEquals(3, processes, run.console());
    }

    @Test
    void pingPongCompletesBesideASpinnerOfTheSamePriority() {
        GuestSystem.Run run = new GuestSystem(dir).config(PingPongTest.CONFIG.replace("10000", "2000") + """
                process spinner {
                    program spinner.elf
                }
                """).programs("ping", "pong", "spinner").boot();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());
        assertTrue(run.lines().contains("ping: 2000 round trips, 0 bad"), run.console());
    }

    @Test
    void theClockRunsAtTheConfiguredHz() {
        GuestSystem.Run run = new GuestSystem(dir).config("""
                hz 100
                process judge {
                    program judge.elf
                    args 2 @spinner
                    priority 2
                    system ABORT
                }
                process spinner {
                    program spinner.elf
                }
                """).programs("judge", "spinner").boot();
        assertTrue(run.console().contains("judge: uptime 200 ticks: fair") || run.console().contains(
                "judge: uptime 201 ticks: fair"), run.console());
    }
}
