package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Register-level tests of the MC146818A model through ports 0x70/0x71, following the datasheet's
 * programming sequences (SET, write the time, clear SET; poll UIP; read C in the handler), on a
 * virtual clock the test advances by hand.
 */
class CmosRtcTest {
    /** 2023-11-14T22:13:20Z, a Tuesday. */
    private static final long START = 1_700_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
    private final EventQueue queue = new EventQueue(clock);
    private final IoBus bus = new IoBus();
    /** IRQ8 changes, at the guest nanosecond they happened. */
    private final List<long[]> irq8 = new ArrayList<>();
    private boolean irq8High;

    private CmosRtc rtc(long epochSeconds, long ramBytes) {
        CmosRtc rtc = new CmosRtc(queue, high -> {
            irq8High = high;
            irq8.add(new long[] {clock.nanos(), high ? 1 : 0});
        }, epochSeconds, ramBytes);
        rtc.attachTo(bus);
        return rtc;
    }

    private CmosRtc rtc() {
        return rtc(START, 32L << 20);
    }

    private int reg(int index) {
        bus.out(0x70, 1, index);
        return bus.in(0x71, 1);
    }

    private void set(int index, int value) {
        bus.out(0x70, 1, index);
        bus.out(0x71, 1, value);
    }

    /** Sets the clock as a driver does: SET, the registers, then B without SET. */
    private void setClock(int b, int... yearMonthDayDowHourMinuteSecondCentury) {
        int[] v = yearMonthDayDowHourMinuteSecondCentury;
        set(0x0B, b | CmosRtc.B_SET);
        set(0x09, v[0]);
        set(0x08, v[1]);
        set(0x07, v[2]);
        set(0x06, v[3]);
        set(0x04, v[4]);
        set(0x02, v[5]);
        set(0x00, v[6]);
        set(0x32, v[7]);
        set(0x0B, b);
    }

    /** Idle time passing: from event to event, as the machine does. */
    private void runTo(long nanos) {
        while (queue.nextDeadline() <= nanos) {
            clock.advanceTo(queue.nextDeadline());
            queue.runDue();
        }
        clock.advanceTo(nanos);
    }

    /** Like {@link #runTo}, with an interrupt handler that reads register C whenever IRQ8 is up. */
    private int runServicing(long nanos, int expectFlags) {
        int interrupts = 0;
        while (queue.nextDeadline() <= nanos) {
            clock.advanceTo(queue.nextDeadline());
            queue.runDue();
            if (irq8High) {
                interrupts++;
                int c = reg(0x0C);
                assertEquals(CmosRtc.C_IRQF, c & CmosRtc.C_IRQF, "IRQF set while IRQ8 is asserted");
                assertEquals(expectFlags, c & expectFlags, "flags at " + clock.nanos());
                assertFalse(irq8High, "reading C releases IRQ8");
            }
        }
        clock.advanceTo(nanos);
        return interrupts;
    }

    @Test
    void readsTheStartTimeInBcdWithTheBiosDefaults() {
        rtc();
        assertEquals(0x20, reg(0x00), "seconds");
        assertEquals(0x13, reg(0x02), "minutes");
        assertEquals(0x22, reg(0x04), "hours, 24-hour");
        assertEquals(0x03, reg(0x06), "day of week: Tuesday (Sunday = 1)");
        assertEquals(0x14, reg(0x07), "day of month");
        assertEquals(0x11, reg(0x08), "month");
        assertEquals(0x23, reg(0x09), "year");
        assertEquals(0x20, reg(0x32), "century");
        assertEquals(0x26, reg(0x0A), "A: 32.768 kHz, 1024 Hz rate, UIP clear");
        assertEquals(0x02, reg(0x0B), "B: BCD, 24-hour");
        assertEquals(0x00, reg(0x0C));
        assertEquals(0x80, reg(0x0D), "D: VRT");
        // Guest time, not host time: a minute later the clock shows a minute later.
        clock.advanceTo(61 * SECOND);
        assertEquals(0x21, reg(0x00));
        assertEquals(0x14, reg(0x02));
    }

    @Test
    void binaryMode() {
        rtc();
        // DM = 1: the driver writes binary values, and the clock counts in binary.
        setClock(CmosRtc.B_DM | CmosRtc.B_24H, 99, 12, 31, 6, 23, 59, 58, 19);
        assertEquals(58, reg(0x00));
        clock.advanceTo(1 * SECOND);
        assertEquals(59, reg(0x00));
        assertEquals(59, reg(0x02));
        assertEquals(23, reg(0x04));
        clock.advanceTo(2 * SECOND);
        assertEquals(0, reg(0x00));
        assertEquals(0, reg(0x04));
        assertEquals(1, reg(0x07));
        assertEquals(1, reg(0x08));
        assertEquals(0, reg(0x09));
        assertEquals(20, reg(0x32), "the century in binary too");
        assertEquals(7, reg(0x06), "Friday -> Saturday");
    }

    @Test
    void changingDataModeDoesNotConvertTheRegisters() {
        rtc();
        set(0x0B, CmosRtc.B_DM | CmosRtc.B_24H);
        assertEquals(0x20, reg(0x00), "the BCD byte stays; the datasheet says to reinitialize");
    }

    @Test
    void twelveHourModeWithPmBit() {
        rtc();
        setClock(0, 0x23, 0x11, 0x14, 0x03, 0x11, 0x59, 0x59, 0x20); // 11:59:59 AM
        clock.advanceTo(1 * SECOND);
        assertEquals(0x92, reg(0x04), "12 PM: 12 with bit 7");
        assertEquals(0x00, reg(0x02));
        setClock(0, 0x23, 0x11, 0x14, 0x03, 0x91, 0x59, 0x59, 0x20); // 11:59:59 PM
        clock.advanceTo(2 * SECOND);
        assertEquals(0x12, reg(0x04), "12 AM: 12 without bit 7");
        assertEquals(0x15, reg(0x07), "a new day");
        assertEquals(0x04, reg(0x06));
        clock.advanceTo(2 * SECOND + 3600 * SECOND);
        assertEquals(0x01, reg(0x04), "1 AM");
        clock.advanceTo(2 * SECOND + 13 * 3600 * SECOND);
        assertEquals(0x81, reg(0x04), "1 PM");
    }

    @Test
    void updateCycleWithUipAndTheUpdateEndedInterrupt() {
        rtc();
        set(0x0B, CmosRtc.B_UIE | CmosRtc.B_24H);
        assertEquals(SECOND, queue.nextDeadline(), "the timer waits for the update at 1 s");

        // UIP goes up 244.14 us (8 cycles of 32.768 kHz) before the update.
        clock.advanceTo(SECOND - 245_000);
        assertEquals(0x00, reg(0x0A) & 0x80);
        clock.advanceTo(SECOND - 244_000);
        assertEquals(0x80, reg(0x0A) & 0x80, "UIP");
        assertEquals(0x20, reg(0x00), "the time has not changed yet");
        clock.advanceTo(SECOND - 1);
        assertEquals(0x80, reg(0x0A) & 0x80);
        assertTrue(irq8.isEmpty());

        runTo(SECOND);
        assertTrue(irq8High, "IRQ8 at the end of the update");
        assertEquals(SECOND, irq8.get(0)[0]);
        assertEquals(0x00, reg(0x0A) & 0x80, "UIP clear after the update");
        assertEquals(0x21, reg(0x00), "one guest second later");
        // (PF is set too: the periodic flag runs at register A's 1024 Hz whatever PIE says.)
        assertEquals(CmosRtc.C_IRQF | CmosRtc.C_PF | CmosRtc.C_UF, reg(0x0C));
        assertFalse(irq8High, "reading C lowers IRQ8");
        assertEquals(0x00, reg(0x0C), "and clears it");

        // Every second after that, as long as the handler reads C.
        assertEquals(4, runServicing(5 * SECOND, CmosRtc.C_UF));
        assertEquals(0x25, reg(0x00));
    }

    @Test
    void updateEndedFlagWithoutTheInterrupt() {
        rtc();
        runTo(3 * SECOND);
        assertTrue(irq8.isEmpty(), "UIE off: no interrupt");
        assertEquals(Long.MAX_VALUE, queue.nextDeadline(), "and no timer: the idle machine is not woken");
        assertEquals(CmosRtc.C_PF | CmosRtc.C_UF, reg(0x0C), "but UF (and PF) are set, without IRQF");
        assertEquals(0x00, reg(0x0C));
        set(0x0A, 0x20); // periodic rate 0: no PF
        clock.advanceTo(3 * SECOND + SECOND / 2);
        assertEquals(0x00, reg(0x0C), "no update in the last half second");
        clock.advanceTo(4 * SECOND);
        assertEquals(CmosRtc.C_UF, reg(0x0C));
    }

    @Test
    void periodicInterruptAt1024Hz() {
        rtc();
        set(0x0B, CmosRtc.B_PIE | CmosRtc.B_24H); // rate 6 (register A's default): 1024 Hz
        assertEquals(1024, runServicing(SECOND, CmosRtc.C_PF));
        assertEquals(CmosRtc.nanosAt(32 * 1024), irq8.get(irq8.size() - 2)[0], "the last one at 1 s exactly");

        set(0x0A, 0x2F); // rate 15: 2 Hz
        assertEquals(2, runServicing(2 * SECOND, CmosRtc.C_PF));
        set(0x0A, 0x23); // rate 3: 8192 Hz
        assertEquals(8192, runServicing(3 * SECOND, CmosRtc.C_PF));
        set(0x0A, 0x21); // rate 1 repeats rate 8 with a 32.768 kHz time base: 256 Hz
        assertEquals(256, runServicing(4 * SECOND, CmosRtc.C_PF));
        set(0x0A, 0x20); // rate 0: none
        assertEquals(0, runServicing(5 * SECOND, CmosRtc.C_PF));
    }

    @Test
    void periodicFlagIsSetEvenWithPieOff() {
        rtc();
        clock.advanceTo(SECOND / 2048); // half a period
        assertEquals(0, reg(0x0C));
        clock.advanceTo(SECOND / 1024 + 1);
        assertEquals(CmosRtc.C_PF, reg(0x0C));
        assertTrue(irq8.isEmpty());
        // Enabling PIE with PF pending asserts IRQ8 at once (IRQF = PF.PIE + ...).
        clock.advanceTo(SECOND / 512 + 1);
        set(0x0B, CmosRtc.B_PIE | CmosRtc.B_24H);
        assertTrue(irq8High);
    }

    @Test
    void alarmAtASetTime() {
        rtc();
        set(0x01, 0x25); // 22:13:25, five seconds after the start
        set(0x03, 0x13);
        set(0x05, 0x22);
        set(0x0B, CmosRtc.B_AIE | CmosRtc.B_24H);
        assertEquals(1, runServicing(10 * SECOND, CmosRtc.C_AF));
        assertEquals(5 * SECOND, irq8.get(0)[0]);
    }

    @Test
    void alarmDontCareValues() {
        rtc();
        set(0x01, 0x30); // every minute, at :30
        set(0x03, 0xC0);
        set(0x05, 0xFF);
        set(0x0B, CmosRtc.B_AIE | CmosRtc.B_24H);
        assertEquals(3, runServicing(189 * SECOND, CmosRtc.C_AF)); // 22:13:30, 22:14:30, 22:15:30
        assertEquals(10 * SECOND, irq8.get(0)[0], "22:13:30");
        set(0x01, 0xC0); // every second
        assertEquals(6, runServicing(195 * SECOND, CmosRtc.C_AF));
    }

    @Test
    void setBitStopsUpdates() {
        rtc();
        set(0x0B, CmosRtc.B_SET | CmosRtc.B_UIE | CmosRtc.B_24H);
        assertEquals(CmosRtc.B_SET | CmosRtc.B_24H, reg(0x0B), "setting SET clears UIE");
        clock.advanceTo(5 * SECOND - 100_000);
        assertEquals(0x00, reg(0x0A) & 0x80, "no UIP while SET");
        clock.advanceTo(5 * SECOND + 500_000_000);
        assertEquals(0x20, reg(0x00), "the clock stood still");
        assertEquals(0x00, reg(0x0C) & CmosRtc.C_UF);
        set(0x00, 0x40);
        set(0x0B, CmosRtc.B_24H);
        // Counting resumes at the divider's next update instant, without catching up.
        clock.advanceTo(6 * SECOND - 1);
        assertEquals(0x40, reg(0x00));
        clock.advanceTo(6 * SECOND);
        assertEquals(0x41, reg(0x00));
    }

    @Test
    void dividerResetHoldsTimeAndTheFirstUpdateComesHalfASecondAfterRelease() {
        rtc();
        set(0x0A, 0x70); // divider in reset
        clock.advanceTo(3 * SECOND + 250_000_000);
        assertEquals(0x20, reg(0x00));
        set(0x0A, 0x26); // release at 3.25 s
        clock.advanceTo(3 * SECOND + 750_000_000 - 1);
        assertEquals(0x20, reg(0x00));
        clock.advanceTo(3 * SECOND + 750_000_000);
        assertEquals(0x21, reg(0x00));
        clock.advanceTo(4 * SECOND + 750_000_000);
        assertEquals(0x22, reg(0x00));
    }

    @Test
    void leapYearRollover() {
        rtc();
        setClock(CmosRtc.B_24H, 0x00, 0x02, 0x28, 0x02, 0x23, 0x59, 0x59, 0x20); // Mon 2000-02-28
        clock.advanceTo(SECOND);
        assertEquals(0x29, reg(0x07), "2000 is a leap year");
        assertEquals(0x02, reg(0x08));
        assertEquals(0x03, reg(0x06), "Tuesday");
        assertEquals(0x00, reg(0x04));
        setClock(CmosRtc.B_24H, 0x00, 0x02, 0x29, 0x03, 0x23, 0x59, 0x59, 0x20);
        clock.advanceTo(2 * SECOND);
        assertEquals(0x01, reg(0x07));
        assertEquals(0x03, reg(0x08));

        setClock(CmosRtc.B_24H, 0x01, 0x02, 0x28, 0x04, 0x23, 0x59, 0x59, 0x20); // 2001
        clock.advanceTo(3 * SECOND);
        assertEquals(0x01, reg(0x07), "2001 is not");
        assertEquals(0x03, reg(0x08));
        setClock(CmosRtc.B_24H, 0x00, 0x02, 0x28, 0x04, 0x23, 0x59, 0x59, 0x19); // 1900
        clock.advanceTo(4 * SECOND);
        assertEquals(0x01, reg(0x07), "nor is 1900");
        setClock(CmosRtc.B_24H, 0x01, 0x04, 0x30, 0x02, 0x23, 0x59, 0x59, 0x20);
        clock.advanceTo(5 * SECOND);
        assertEquals(0x01, reg(0x07), "April has 30 days");
        assertEquals(0x05, reg(0x08));
    }

    @Test
    void centuryRollover() {
        rtc();
        setClock(CmosRtc.B_24H, 0x99, 0x12, 0x31, 0x06, 0x23, 0x59, 0x59, 0x19); // Fri 1999-12-31
        clock.advanceTo(SECOND);
        assertEquals(0x00, reg(0x00));
        assertEquals(0x00, reg(0x02));
        assertEquals(0x00, reg(0x04));
        assertEquals(0x07, reg(0x06), "Saturday");
        assertEquals(0x01, reg(0x07));
        assertEquals(0x01, reg(0x08));
        assertEquals(0x00, reg(0x09));
        assertEquals(0x20, reg(0x32));
    }

    @Test
    void daylightSavingsSteps() {
        rtc();
        // Sunday 2001-04-29, the last Sunday of April: 01:59:59 -> 03:00:00.
        setClock(CmosRtc.B_24H | CmosRtc.B_DSE, 0x01, 0x04, 0x29, 0x01, 0x01, 0x59, 0x59, 0x20);
        clock.advanceTo(SECOND);
        assertEquals(0x03, reg(0x04));
        // Sunday 2001-10-28: 01:59:59 -> 01:00:00 the first time, -> 02:00:00 the second.
        setClock(CmosRtc.B_24H | CmosRtc.B_DSE, 0x01, 0x10, 0x28, 0x01, 0x01, 0x59, 0x59, 0x20);
        clock.advanceTo(2 * SECOND);
        assertEquals(0x01, reg(0x04));
        assertEquals(0x00, reg(0x02));
        clock.advanceTo(2 * SECOND + 3600 * SECOND);
        assertEquals(0x02, reg(0x04));
        // Not on another Sunday.
        setClock(CmosRtc.B_24H | CmosRtc.B_DSE, 0x01, 0x04, 0x22, 0x01, 0x01, 0x59, 0x59, 0x20);
        clock.advanceTo(3 * SECOND + 3600 * SECOND);
        assertEquals(0x02, reg(0x04));
    }

    @Test
    void longIdleCatchesUpExactly() {
        rtc();
        clock.advanceTo(400L * 86_400 * SECOND + 3 * SECOND); // 400 days and 3 s later
        Instant expected = Instant.ofEpochSecond(START + 400L * 86_400 + 3); // 2024-12-18T22:13:23Z
        assertEquals(expected.toString(), String.format("20%02X-%02X-%02XT%02X:%02X:%02XZ", reg(0x09),
                reg(0x08), reg(0x07), reg(0x04), reg(0x02), reg(0x00)));
        assertEquals(0x04, reg(0x06), "Wednesday");
    }

    @Test
    void memorySizeBytesAndChecksum() {
        rtc(START, 32L << 20);
        assertEquals(0x280, reg(0x15) | reg(0x16) << 8, "640 KiB base memory");
        assertEquals(31 * 1024, reg(0x17) | reg(0x18) << 8, "KiB above 1 MiB");
        assertEquals(31 * 1024, reg(0x30) | reg(0x31) << 8);
        assertEquals(256, reg(0x34) | reg(0x35) << 8, "64 KiB blocks above 16 MiB");
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) {
            sum += reg(i);
        }
        assertEquals(0x80 + 0x02 + 0x00 + 0x7C, sum);
        assertEquals(sum, reg(0x2E) << 8 | reg(0x2F), "checksum, high byte first");
    }

    @Test
    void memorySizeCaps() {
        rtc(START, 4L << 30);
        assertEquals(0xFFFF, reg(0x17) | reg(0x18) << 8, "capped");
        assertEquals(0xFFFF, reg(0x30) | reg(0x31) << 8);
        assertEquals((4 << 14) - 256, reg(0x34) | reg(0x35) << 8);
    }

    @Test
    void smallMemoryAndConfigBytes() {
        CmosRtc rtc = rtc(START, 512L << 10);
        assertEquals(512, reg(0x15) | reg(0x16) << 8);
        assertEquals(0, reg(0x17) | reg(0x18) << 8);
        rtc.setConfigByte(0x12, 0xF0);
        assertEquals(0x00 + 0x02 + 0xF0, reg(0x2E) << 8 | reg(0x2F));
    }

    @Test
    void indexPortNmiBitAndReadOnlyRegisters() {
        CmosRtc rtc = rtc();
        bus.out(0x70, 1, 0x80 | 0x0D);
        assertTrue(rtc.nmiDisabled());
        assertEquals(0x80, bus.in(0x71, 1), "bit 7 is not part of the index");
        assertEquals(0xFF, bus.in(0x70, 1), "the index port is write-only");
        bus.out(0x70, 1, 0x0D);
        assertFalse(rtc.nmiDisabled());
        bus.out(0x71, 1, 0x00);
        assertEquals(0x80, reg(0x0D), "D is read only");
        set(0x0A, 0xA6);
        assertEquals(0x26, reg(0x0A), "UIP is read only");
        clock.advanceTo(SECOND / 512);
        set(0x0C, 0x00);
        assertEquals(CmosRtc.C_PF, reg(0x0C), "C is read only");
        set(0x7F, 0x5A);
        assertEquals(0x5A, reg(0x7F), "all 128 bytes");
    }

    @Test
    void startTimeFractionSetsThePhaseOfTheUpdates() {
        CmosRtc rtc = new CmosRtc(queue, IrqLine.NONE, Instant.parse("2000-01-01T00:00:00.750Z"), 1 << 20);
        IoBus other = new IoBus();
        rtc.attachTo(other);
        other.out(0x70, 1, 0x00);
        assertEquals(0x00, other.in(0x71, 1));
        clock.advanceTo(250_000_000L - 100_000);
        assertEquals(0x00, other.in(0x71, 1));
        clock.advanceTo(250_000_000L);
        assertEquals(0x01, other.in(0x71, 1), "a quarter of a second later the seconds change");
    }

    @Test
    void snapshotShowsTheRegisters() {
        CmosRtc rtc = rtc();
        DeviceSnapshot s = rtc.snapshot();
        assertEquals("2023-11-14 22:13:20 dow 03", s.registers().get("time registers"));
        assertEquals("26", s.registers().get("A"));
        assertEquals("80", s.registers().get("D"));
    }
}
