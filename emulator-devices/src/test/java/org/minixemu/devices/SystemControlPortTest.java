package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Port 0x61: the bits the guest writes, the refresh toggle, and counter 2's GATE and OUT. */
class SystemControlPortTest {
    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
    private final EventQueue queue = new EventQueue(clock);
    private final IoBus bus = new IoBus();
    private final Pit8254 pit = new Pit8254(queue, IrqLine.NONE);
    private final SystemControlPort port = new SystemControlPort(pit);

    SystemControlPortTest() {
        pit.attachTo(bus);
        port.attachTo(bus);
    }

    @Test
    void bitsZeroToThreeReadBackAndTheRestAreStatus() {
        clock.advanceTo(Pit8254.nanosAtTick(1)); // refresh bit 0, counter 2 OUT high (power-on)
        bus.out(0x61, 1, 0xFF);
        assertEquals(0x0F | 0x20, bus.in(0x61, 1), "bits 4-7 are not writable");
        assertTrue(port.speakerData());
        bus.out(0x61, 1, 0x01);
        assertEquals(0x01 | 0x20, bus.in(0x61, 1));
        assertFalse(port.speakerData());
    }

    @Test
    void refreshBitTogglesEvery18PitPulses() {
        // 18 pulses of 1.193182 MHz = 15.0857 us, the AT's DRAM refresh interval.
        int toggles = 0;
        int last = bus.in(0x61, 1) & 0x10;
        assertEquals(0, last);
        for (long tick = 1; tick <= 1193; tick++) { // one millisecond, pulse by pulse
            clock.advanceTo(Pit8254.nanosAtTick(tick));
            int bit = bus.in(0x61, 1) & 0x10;
            if (bit != last) {
                assertEquals(0, tick % 18, "toggles only on multiples of 18 pulses");
                toggles++;
                last = bit;
            }
        }
        assertEquals(1193 / 18, toggles);
        clock.advanceTo(Pit8254.nanosAtTick(18 * 1001) - 1);
        assertEquals(0x00, bus.in(0x61, 1) & 0x10, "1000 toggles so far: even");
        clock.advanceTo(Pit8254.nanosAtTick(18 * 1001));
        assertEquals(0x10, bus.in(0x61, 1) & 0x10);
    }

    @Test
    void gateBitStartsCounter2() {
        bus.out(0x43, 1, 0xB0); // counter 2, mode 0
        bus.out(0x42, 1, 10);
        bus.out(0x42, 1, 0);
        clock.advanceTo(Pit8254.nanosAtTick(100));
        assertEquals(0, bus.in(0x61, 1) & 0x20, "gate low: the count never runs out");
        bus.out(0x61, 1, 0x01); // the count (loaded on pulse 1) decrements from pulse 101 on
        clock.advanceTo(Pit8254.nanosAtTick(109));
        assertEquals(0, bus.in(0x61, 1) & 0x20);
        clock.advanceTo(Pit8254.nanosAtTick(110));
        assertEquals(0x20, bus.in(0x61, 1) & 0x20);
    }
}
