package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guest time from instructions, and the event queue's order. */
class VirtualClockTest {
    @Test
    void instructionsBecomeNanosecondsExactlyWithoutDrift() {
        VirtualClock clock = new VirtualClock(3_000_000); // 333.33... ns per instruction
        for (int i = 0; i < 3_000_000; i++) {
            clock.advanceInstructions(1);
        }
        assertEquals(1_000_000_000L, clock.nanos(), "3 million single steps are exactly one second");
        clock.advanceInstructions(3);
        assertEquals(1_000_001_000L, clock.nanos());
    }

    @Test
    void aRateThatDividesASecondGivesWholeNanosecondsPerInstruction() {
        VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND); // 10 ns each
        clock.advanceInstructions(7);
        assertEquals(70, clock.nanos());
        clock.advanceInstructions(250_000_003L); // more than a second's worth in one step
        assertEquals(2_500_000_100L, clock.nanos());
        assertEquals(3, clock.instructionsUntil(2_500_000_125L), "25 ns is two and a half instructions");
    }

    @Test
    void instructionsUntilADeadlineReachesItAndNoEarlier() {
        VirtualClock clock = new VirtualClock(3_000_000);
        clock.advanceInstructions(1); // 333 ns and a third
        long deadline = 10_000;
        long n = clock.instructionsUntil(deadline);
        VirtualClock probe = new VirtualClock(3_000_000);
        probe.advanceInstructions(1 + n - 1);
        assertTrue(probe.nanos() < deadline, "one instruction fewer falls short");
        probe.advanceInstructions(1);
        assertTrue(probe.nanos() >= deadline, "n instructions reach the deadline");
    }

    @Test
    void advanceToNeverMovesBackwards() {
        VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
        clock.advanceTo(5_000);
        clock.advanceTo(4_000);
        assertEquals(5_000, clock.nanos());
    }

    @Test
    void anImpossibleRateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(0));
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(2_000_000_000L));
    }

    @Test
    void dueTimersRunEarliestFirstAndTiesInCreationOrder() {
        VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
        EventQueue queue = new EventQueue(clock);
        List<String> ran = new ArrayList<>();
        Timer a = queue.timer("a", () -> ran.add("a"));
        Timer b = queue.timer("b", () -> ran.add("b"));
        Timer c = queue.timer("c", () -> ran.add("c"));
        c.at(100);
        b.at(200);
        a.at(200);
        assertEquals(100, queue.nextDeadline());
        clock.advanceTo(150);
        queue.runDue();
        assertEquals(List.of("c"), ran);
        clock.advanceTo(200);
        queue.runDue();
        assertEquals(List.of("c", "a", "b"), ran);
        assertEquals(Long.MAX_VALUE, queue.nextDeadline());
    }

    @Test
    void aPeriodicTimerRearmedFromItsDueTimeCatchesUpWithoutDrift() {
        VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
        EventQueue queue = new EventQueue(clock);
        int[] ticks = {0};
        Timer[] self = new Timer[1];
        self[0] = queue.timer("tick", () -> {
            ticks[0]++;
            self[0].at(self[0].lastDue() + 1_000);
        });
        self[0].at(1_000);
        clock.advanceTo(10_500);
        queue.runDue();
        assertEquals(10, ticks[0], "due at 1000, 2000, ... 10000");
        assertEquals(11_000, queue.nextDeadline());
    }
}
