package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Register-level tests of the 8254 through the I/O bus, following the datasheet's programming
 * sequences, on a virtual clock the test advances by hand. Times are in PIT input pulses
 * ("ticks"); a count written after tick T is loaded on pulse T + 1.
 */
class Pit8254Test {
    /** One change of IRQ0, at the tick it happened on. */
    record Edge(long tick, boolean high) {
    }

    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
    private final EventQueue queue = new EventQueue(clock);
    private final IoBus bus = new IoBus();
    private final List<Edge> irq0 = new ArrayList<>();
    private final Pit8254 pit = new Pit8254(queue, high -> irq0.add(new Edge(Pit8254.ticksAt(clock.nanos()), high)));

    @BeforeEach
    void wire() {
        pit.attachTo(bus);
        new SystemControlPort(pit).attachTo(bus);
    }

    /** Lets guest time pass with the CPU idle: from event to event, as the machine does. */
    private void runTo(long nanos) {
        while (queue.nextDeadline() <= nanos) {
            clock.advanceTo(queue.nextDeadline());
            queue.runDue();
        }
        clock.advanceTo(nanos);
    }

    private void runToTick(long tick) {
        runTo(Pit8254.nanosAtTick(tick));
    }

    private long now() {
        return pit.ticks();
    }

    private void program(int control, int count) {
        bus.out(0x43, 1, control);
        int port = 0x40 + (control >> 6);
        switch ((control >> 4) & 3) {
            case 1 -> bus.out(port, 1, count & 0xFF);
            case 2 -> bus.out(port, 1, count >> 8);
            default -> {
                bus.out(port, 1, count & 0xFF);
                bus.out(port, 1, count >> 8);
            }
        }
    }

    private int readCount(int counter) {
        int lsb = bus.in(0x40 + counter, 1);
        return lsb | bus.in(0x40 + counter, 1) << 8;
    }

    private List<Long> rises() {
        return irq0.stream().filter(Edge::high).map(Edge::tick).toList();
    }

    private List<Long> falls() {
        return irq0.stream().filter(e -> !e.high()).map(Edge::tick).toList();
    }

    @Test
    void ticksAndNanosecondsConvertExactly() {
        assertEquals(1_193_182, Pit8254.ticksAt(1_000_000_000L));
        assertEquals(1_000_000_000L, Pit8254.nanosAtTick(1_193_182));
        assertEquals(839, Pit8254.nanosAtTick(1), "838.095 ns, rounded up to a whole nanosecond");
        for (long k : new long[] {1, 2, 17, 1193, 596_591, 1_193_181, 1_193_183, 123_456_789_012L}) {
            long ns = Pit8254.nanosAtTick(k);
            assertEquals(k, Pit8254.ticksAt(ns), "pulse " + k + " happens at " + ns + " ns");
            assertEquals(k - 1, Pit8254.ticksAt(ns - 1), "and not a nanosecond earlier");
        }
        // No overflow and no drift over a year of guest time.
        long year = 365L * 86_400 * 1_000_000_000L;
        assertEquals(365L * 86_400 * 1_193_182, Pit8254.ticksAt(year));
    }

    @Test
    void mode2RateGeneratorGivesOneIrq0EdgePerPeriod() {
        program(0x34, 1193); // counter 0, LSB then MSB, mode 2, binary: ~1 ms
        runTo(100_000_000L); // 100 ms of guest time = 119318 pulses

        // Loaded on pulse 1; OUT falls when the CE reaches 1 (pulse 1 + 1192) and rises on the
        // reload one pulse later, so the rising edges are at 1 + 1193 k. The last one at or
        // before pulse 119318 is k = 100 (pulse 119301).
        List<Long> rises = rises();
        assertEquals(100, rises.size());
        for (int k = 1; k <= 100; k++) {
            assertEquals(1 + 1193L * k, rises.get(k - 1));
            assertEquals(1193L * k, falls().get(k - 1), "OUT is low for exactly one pulse");
        }
        // The period is 1193 / 1193182 s = 999.85 us, so 100 ms holds 100.015 periods: a window
        // of 100 ms sees 101 edges only when it opens less than 0.015 periods (18 pulses) before
        // an edge, and 100 otherwise. That is the +-1 at the boundary; both cases, exactly:
        assertEquals(100, risesIn(Pit8254.nanosAtTick(150_000), 100_000_000L));
        assertEquals(101, risesIn(Pit8254.nanosAtTick(1 + 1193L * 300 - 10), 100_000_000L));
    }

    private long risesIn(long from, long length) {
        runTo(from);
        int before = rises().size();
        runTo(from + length);
        return rises().size() - before;
    }

    @Test
    void onlyCounter0ArmsTheEventTimer() {
        program(0xB6, 100); // counter 2, mode 3
        program(0x74, 18);  // counter 1, mode 2
        assertEquals(Long.MAX_VALUE, queue.nextDeadline(), "counters 1 and 2 interrupt nothing");
        program(0x30, 5);   // counter 0, mode 0: one event, at the terminal count
        assertEquals(Pit8254.nanosAtTick(now() + 1 + 5), queue.nextDeadline());
        runTo(1_000_000_000L);
        assertEquals(Long.MAX_VALUE, queue.nextDeadline(), "after the terminal count nothing is left to do");
    }

    @Test
    void mode3EvenCountIsHighHalfAndLowHalf() {
        program(0x36, 1000); // counter 0, mode 3
        runToTick(1 + 5 * 1000);
        // Loaded on pulse 1: high 500 pulses, low 500 pulses.
        List<Long> rises = rises();
        List<Long> falls = falls();
        assertEquals(5, falls.size());
        for (int k = 0; k < 5; k++) {
            assertEquals(1 + 1000L * k + 500, falls.get(k), "falls after the high half");
            assertEquals(1 + 1000L * (k + 1), rises.get(k), "rises after the low half");
        }
        // The CE counts down by two, from 1000 in each half.
        runToTick(1 + 5000 + 10);
        assertEquals(1000 - 20, readCount(0));
        runToTick(1 + 5000 + 510);
        assertEquals(1000 - 20, readCount(0));
    }

    @Test
    void mode3OddCountIsHighOnePulseLonger() {
        program(0x36, 1001);
        runToTick(1 + 3 * 1001);
        // Datasheet: "for odd counts, OUT will be high for (N + 1)/2 counts and low for
        // (N - 1)/2 counts".
        List<Long> rises = rises();
        List<Long> falls = falls();
        for (int k = 0; k < 3; k++) {
            long periodStart = 1 + 1001L * k;
            assertEquals(periodStart + 501, falls.get(k));
            assertEquals(periodStart + 1001, rises.get(k));
        }
        // Odd counts load N - 1 and count down by two.
        runToTick(1 + 3 * 1001 + 10);
        assertEquals(1000 - 20, readCount(0));
        // The status byte's OUTPUT bit agrees, pulse by pulse, at the end of the high half.
        runToTick(1 + 4 * 1001 + 500);
        bus.out(0x43, 1, 0xE2);
        assertEquals(0x80, bus.in(0x40, 1) & 0x80, "the 501st pulse of the period is still high");
        runToTick(1 + 4 * 1001 + 501);
        bus.out(0x43, 1, 0xE2);
        assertEquals(0x00, bus.in(0x40, 1) & 0x80);
        runToTick(1 + 5 * 1001 - 1);
        bus.out(0x43, 1, 0xE2);
        assertEquals(0x00, bus.in(0x40, 1) & 0x80);
        runToTick(1 + 5 * 1001);
        bus.out(0x43, 1, 0xE2);
        assertEquals(0x80, bus.in(0x40, 1) & 0x80);
    }

    @Test
    void mode0InterruptOnTerminalCount() {
        runToTick(1000);
        bus.out(0x43, 1, 0x30); // counter 0, mode 0: OUT goes low at once
        assertEquals(List.of(new Edge(1000, false)), irq0);
        bus.out(0x40, 1, 100);
        bus.out(0x40, 1, 0);
        // Loaded on pulse 1001 (which does not count); OUT rises N + 1 pulses after the write.
        runToTick(1001);
        assertEquals(100, readCount(0));
        runToTick(1051);
        assertEquals(50, readCount(0));
        runToTick(1100);
        assertEquals(1, irq0.size(), "still low one pulse before the terminal count");
        runTo(2_000_000_000L);
        assertEquals(List.of(new Edge(1000, false), new Edge(1101, true)), irq0, "one rising edge only");
        // The CE wraps around after the terminal count and keeps counting.
        assertEquals(Math.floorMod(100 - (now() - 1001), 0x10000), readCount(0));
        runToTick(1102);
        assertEquals(List.of(new Edge(1000, false), new Edge(1101, true)), irq0.subList(0, 2));
    }

    @Test
    void mode0FirstByteOfANewCountStopsCountingAndDropsOut() {
        program(0x30, 100);
        runToTick(200); // past the terminal count: OUT high
        assertTrue(pit.out(0));
        bus.out(0x40, 1, 50); // LSB: counting stops, OUT low at once
        assertFalse(pit.out(0));
        int held = readCount(0);
        runToTick(300);
        assertEquals(held, readCount(0), "the CE does not count between the two bytes");
        bus.out(0x40, 1, 0); // MSB: the count 50 is loaded on the next pulse
        runToTick(300 + 1 + 50);
        assertEquals(List.of(new Edge(0, false), new Edge(101, true), new Edge(200, false),
                new Edge(351, true)), irq0);
    }

    @Test
    void mode4StrobesLowForOnePulse() {
        program(0x38, 20); // counter 0, mode 4: OUT stays high until the count runs out
        runToTick(1000);
        assertEquals(List.of(new Edge(21, false), new Edge(22, true)), irq0);
    }

    @Test
    void mode2NewCountTakesEffectAtTheEndOfThePeriod() {
        program(0x34, 1000);
        runToTick(301);
        bus.out(0x40, 1, 500 & 0xFF);
        bus.out(0x40, 1, 500 >> 8);
        runToTick(3000);
        assertEquals(List.of(1001L, 1501L, 2001L, 2501L), rises());
    }

    @Test
    void mode3NewCountTakesEffectAtTheEndOfTheHalfCycle() {
        program(0x36, 1000);
        runToTick(201); // in the high half
        bus.out(0x40, 1, 200 & 0xFF);
        bus.out(0x40, 1, 200 >> 8);
        runToTick(1001);
        // The high half of 1000 ends at pulse 501; the low half then is that of the new count
        // (100 pulses), and from then on the square wave has a period of 200.
        assertEquals(List.of(501L, 701L, 901L), falls());
        assertEquals(List.of(601L, 801L, 1001L), rises());
    }

    @Test
    void counterLatchFreezesTheValueWhileCountingContinues() {
        program(0x34, 50_000);
        runToTick(1 + 1000);
        bus.out(0x43, 1, 0x00); // latch counter 0
        runToTick(1 + 1000 + 5000);
        bus.out(0x43, 1, 0x00); // a second latch before the first is read is ignored
        assertEquals(49_000, readCount(0), "the value at the latch command");
        assertEquals(50_000 - 6000, readCount(0), "then the live count again");
    }

    @Test
    void readBackStatusByte() {
        bus.out(0x43, 1, 0x34);
        bus.out(0x43, 1, 0xE2); // read-back: status only, counter 0
        // OUTPUT 1 (mode 2 starts high), NULL COUNT 1 (no count yet), then RW/mode/BCD as written.
        assertEquals(0x80 | 0x40 | 0x34, bus.in(0x40, 1));
        bus.out(0x40, 1, 0xE8);
        bus.out(0x40, 1, 0x03);
        bus.out(0x43, 1, 0xE2);
        assertEquals(0xF4, bus.in(0x40, 1), "NULL COUNT until the count reaches the CE");
        runToTick(now() + 1);
        bus.out(0x43, 1, 0xE2);
        assertEquals(0xB4, bus.in(0x40, 1));

        // Mode 0: OUT low until the terminal count.
        program(0x70, 10); // counter 1
        bus.out(0x43, 1, 0xE4);
        assertEquals(0x40 | 0x30, bus.in(0x41, 1));
        runToTick(now() + 11);
        bus.out(0x43, 1, 0xE4);
        bus.out(0x43, 1, 0xE4); // ignored: the first status is still latched
        assertEquals(0x80 | 0x30, bus.in(0x41, 1));

        // Count and status together: the status comes first, then the count.
        program(0xB4, 0x1234); // counter 2, mode 2 (gate low: the count waits)
        runToTick(now() + 1);
        bus.out(0x43, 1, 0xC8);
        assertEquals(0x80 | 0x34, bus.in(0x42, 1));
        assertEquals(0x34, bus.in(0x42, 1));
        assertEquals(0x12, bus.in(0x42, 1));

        // Mode 6 is mode 2, and the status shows the bits as written.
        bus.out(0x43, 1, 0x3C);
        bus.out(0x43, 1, 0xE2);
        assertEquals(0x80 | 0x40 | 0x3C, bus.in(0x40, 1));
        irq0.clear();
        bus.out(0x40, 1, 10);
        bus.out(0x40, 1, 0);
        long written = now();
        runToTick(written + 31);
        assertEquals(List.of(written + 11, written + 21, written + 31), rises());
    }

    @Test
    void lsbOnlyAndMsbOnlyAccess() {
        program(0x50, 0x34); // counter 1, LSB only, mode 0
        long loaded = now() + 1;
        runToTick(loaded + 4);
        assertEquals(0x30, bus.in(0x41, 1));
        assertEquals(0x30, bus.in(0x41, 1), "no flip-flop: every read is the LSB");

        program(0x60, 0x1200); // counter 1, MSB only: writes 0x12 as the high byte
        loaded = now() + 1;
        runToTick(loaded + 0x100);
        assertEquals(0x11, bus.in(0x41, 1));
        assertEquals(0x11, bus.in(0x41, 1));

        // A latched count in MSB-only mode is one byte.
        bus.out(0x43, 1, 0x40);
        assertEquals(0x11, bus.in(0x41, 1));
        runToTick(loaded + 0x300);
        assertEquals(0x0F, bus.in(0x41, 1));
    }

    @Test
    void lsbThenMsbFlipFlopsAlternate() {
        program(0x70, 0xABCD); // counter 1, mode 0
        long loaded = now() + 1;
        runToTick(loaded);
        assertEquals(0xCD, bus.in(0x41, 1));
        runToTick(loaded + 0x100); // the MSB is read from the CE as it is now
        assertEquals(0xAA, bus.in(0x41, 1));
        assertEquals(0xCD, bus.in(0x41, 1));
        bus.out(0x43, 1, 0x70); // a control word resets the flip-flop
        assertEquals(0xCD, bus.in(0x41, 1));
    }

    @Test
    void bcdCounting() {
        program(0x31, 0x1000); // counter 0, mode 0, BCD: 1000 decimal
        long loaded = now() + 1;
        runToTick(loaded + 250);
        assertEquals(0x0750, readCount(0));
        runToTick(loaded + 1000);
        assertEquals(List.of(new Edge(0, false), new Edge(loaded + 1000, true)), irq0);
        runToTick(loaded + 1001);
        assertEquals(0x9999, readCount(0), "BCD wraps from 0000 to 9999");

        // A count of 0 in BCD is 10000.
        irq0.clear();
        program(0x35, 0x0000); // mode 2, BCD
        loaded = now() + 1;
        runToTick(loaded + 30_000);
        assertEquals(List.of(loaded + 10_000, loaded + 20_000, loaded + 30_000), rises());
    }

    @Test
    void binaryCountOfZeroIs65536() {
        program(0x34, 0);
        long loaded = now() + 1;
        runToTick(loaded + 2 * 65536);
        assertEquals(List.of(loaded + 65536, loaded + 2 * 65536), rises());
        assertEquals(0, readCount(0), "65536 reads as 0");
    }

    @Test
    void counter2IsGatedByPort61Bit0AndItsOutIsBit5() {
        program(0xB6, 100); // counter 2, mode 3 (the speaker tone set-up)
        long t = now();
        assertEquals(0x20, bus.in(0x61, 1) & 0x21, "gate low: no counting, OUT high");
        runToTick(t + 1000);
        assertEquals(0x20, bus.in(0x61, 1) & 0x21);

        bus.out(0x61, 1, 0x03); // gate and speaker on: a trigger, loaded on the next pulse
        long go = now() + 1;
        assertEquals(0x23, bus.in(0x61, 1) & 0x2F);
        runToTick(go + 49);
        assertEquals(0x20, bus.in(0x61, 1) & 0x20, "high half: 50 pulses");
        runToTick(go + 50);
        assertEquals(0x00, bus.in(0x61, 1) & 0x20, "low half");
        runToTick(go + 99);
        assertEquals(0x00, bus.in(0x61, 1) & 0x20);
        runToTick(go + 100);
        assertEquals(0x20, bus.in(0x61, 1) & 0x20);
        runToTick(go + 160);
        assertEquals(0x00, bus.in(0x61, 1) & 0x20);
        bus.out(0x61, 1, 0x00); // gate low while OUT is low: OUT goes high at once
        assertEquals(0x20, bus.in(0x61, 1) & 0x20);

        // Mode 0 on counter 2: a low gate holds the count.
        program(0xB0, 1000);
        runToTick(now() + 500);
        assertEquals(1000, readCount(2), "gate low: the count waits");
        bus.out(0x61, 1, 0x01);
        long start = now();
        runToTick(start + 100);
        assertEquals(900, readCount(2));
        bus.out(0x61, 1, 0x00);
        runToTick(start + 600);
        assertEquals(900, readCount(2), "paused");
        assertEquals(0x00, bus.in(0x61, 1) & 0x20);
        bus.out(0x61, 1, 0x01);
        long resumed = now();
        runToTick(resumed + 899);
        assertEquals(0x00, bus.in(0x61, 1) & 0x20);
        runToTick(resumed + 900);
        assertEquals(0x20, bus.in(0x61, 1) & 0x20, "terminal count: OUT high");
        assertTrue(irq0.isEmpty(), "counter 2 is not IRQ0");
    }

    @Test
    void counter2Mode1IsAOneShotTriggeredByTheGate() {
        program(0xB2, 10); // counter 2, mode 1
        runToTick(now() + 100);
        assertEquals(0x20, bus.in(0x61, 1) & 0x20, "nothing happens before a trigger");
        bus.out(0x61, 1, 0x01);
        long trigger = now();
        runToTick(trigger + 1);
        assertEquals(0x00, bus.in(0x61, 1) & 0x20, "OUT low from the pulse after the trigger");
        runToTick(trigger + 10);
        assertEquals(0x00, bus.in(0x61, 1) & 0x20);
        runToTick(trigger + 11);
        assertEquals(0x20, bus.in(0x61, 1) & 0x20, "high after N pulses");
        // The gate's level does not matter in mode 1; only its rising edge.
        bus.out(0x61, 1, 0x00);
        runToTick(now() + 100);
        assertEquals(0x20, bus.in(0x61, 1) & 0x20);
    }

    @Test
    void controlRegisterReadsAsFloatingBus() {
        assertEquals(0xFF, bus.in(0x43, 1));
    }

    @Test
    void snapshotShowsTheCounters() {
        program(0x34, 1193);
        runToTick(101);
        DeviceSnapshot s = pit.snapshot();
        assertEquals("2 binary, LSB then MSB", s.registers().get("counter 0 mode"));
        assertEquals("04A9", s.registers().get("counter 0 count register"));
        assertEquals(String.format("%04X", 1193 - 100), s.registers().get("counter 0 CE"));
        assertEquals("1", s.registers().get("counter 0 OUT"));
        assertEquals("0", s.registers().get("counter 2 GATE"));
    }
}
