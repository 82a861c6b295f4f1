package org.minixemu.kernel.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.VirtualClock;
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

    /**
     * The check above counts ticks with the tick counter; this one holds the ticks to two clocks
     * the tick path does not drive (systests/clockrate): the TSC, which counts the virtual clock
     * at the machine's instruction rate, across a 3 s alarm, and the RTC's seconds register,
     * sampled every tick, across 3 of its seconds. A PIT programmed with the wrong divisor, or
     * ticks lost or doubled, shows here although the tick counter agrees with itself.
     */
    @Test
    void theClockTicksAtTheConfiguredHzMeasuredByTheTscAndTheRtc() {
        int hz = 100;
        int seconds = 3;
        GuestSystem.Run run = new GuestSystem(dir).config("""
                hz %d
                process clockrate {
                    program clockrate.elf
                    args %d
                    system DEVIO ABORT
                    io 70:2
                }
                """.formatted(hz, seconds)).programs("clockrate").boot();
        assertEquals(KernelResult.Outcome.POWER_OFF, run.result().outcome(), run.console());

        Matcher tsc = Pattern.compile("(?m)^clockrate: tsc: (\\d+) ticks, ([0-9a-f]+):([0-9a-f]{8}) cycles$")
                .matcher(run.console());
        assertTrue(tsc.find(), run.console());
        long ticks = Long.parseLong(tsc.group(1));
        long cycles = Long.parseLong(tsc.group(2), 16) << 32 | Long.parseLong(tsc.group(3), 16);
        // The alarm is seconds * hz ticks; the TSC, read beside the tick counter, must have seen
        // that much time at the instruction rate, within the one tick either read can straddle.
        double ticksByTsc = (double) cycles * hz / VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND;
        assertTrue(ticks >= seconds * hz && ticks <= seconds * hz + 1, "ticks across the alarm: " + run.console());
        assertTrue(Math.abs(ticks - ticksByTsc) <= 1.0, ticks + " ticks while the TSC counted " + cycles
                + " cycles = " + ticksByTsc + " ticks at " + hz + " Hz:\n" + run.console());

        Matcher rtc = Pattern.compile("(?m)^clockrate: rtc: (\\d+) seconds, (\\d+) ticks$").matcher(run.console());
        assertTrue(rtc.find(), run.console());
        assertEquals(seconds, Integer.parseInt(rtc.group(1)));
        // Both ends are seen at the first tick after the RTC's update: one tick of play.
        int rtcTicks = Integer.parseInt(rtc.group(2));
        assertTrue(Math.abs(rtcTicks - seconds * hz) <= 1, rtcTicks + " ticks in " + seconds
                + " RTC seconds at " + hz + " Hz:\n" + run.console());
    }
}
