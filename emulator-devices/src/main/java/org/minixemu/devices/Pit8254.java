package org.minixemu.devices;

/**
 * The Intel 8254 programmable interval timer at ports 0x40-0x43, written from the datasheet
 * (order number 231164): three {@link PitCounter}s clocked at 1.193182 MHz, the control word
 * (counter select, RW, modes 0-5 with 6 and 7 as aliases of 2 and 3, BCD), the counter latch
 * command and the read-back command.
 *
 * <p>Wiring on the PC: counter 0's OUT drives IRQ0 and its GATE is tied high; counter 1 (once the
 * DRAM refresh timer) has its GATE high and its OUT unconnected; counter 2's GATE is bit 0 of
 * port 0x61 and its OUT is read back as bit 5 of that port ({@link SystemControlPort}).
 *
 * <p>The clock input is derived from guest nanoseconds, exactly: pulse {@code k} happens at
 * {@code ceil(k * 1e9 / 1193182)} ns, so nothing drifts however long the machine runs. Counters
 * are computed from time, never ticked, and the one event timer is armed only for the next OUT
 * change of counter 0 -- the only thing that can interrupt -- so an idle machine fast-forwards
 * from tick to tick.
 */
public final class Pit8254 implements IoDevice, Inspectable {
    /** The first of the four ports. */
    public static final int BASE = 0x40;
    /** The input clock: 14.31818 MHz / 12. */
    public static final long CLOCK_HZ = 1_193_182L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final VirtualClock clock;
    private final PitCounter[] counters = new PitCounter[3];
    private final Timer timer;

    /**
     * @param queue the machine's event queue (and through it the virtual clock)
     * @param irq0 the interrupt input counter 0's OUT drives
     */
    public Pit8254(EventQueue queue, IrqLine irq0) {
        this.clock = queue.clock();
        counters[0] = new PitCounter(0, irq0, true);
        counters[1] = new PitCounter(1, null, true);
        counters[2] = new PitCounter(2, null, false);
        this.timer = queue.timer("PIT counter 0 OUT", this::timerFired);
    }

    /** Claims ports 0x40-0x43 (byte access; wider accesses are split by the bus). */
    public void attachTo(IoBus bus) {
        bus.claim("PIT 8254", BASE, 4, IoBus.BYTE, this);
    }

    /** Input-clock pulses from guest time 0 to {@code nanos}: floor(nanos * 1193182 / 1e9). */
    public static long ticksAt(long nanos) {
        // Split into whole seconds and the rest so that no product overflows.
        return nanos / NANOS_PER_SECOND * CLOCK_HZ + nanos % NANOS_PER_SECOND * CLOCK_HZ / NANOS_PER_SECOND;
    }

    /** The guest time of pulse {@code tick}: the first nanosecond at which {@link #ticksAt} reaches it. */
    public static long nanosAtTick(long tick) {
        return tick / CLOCK_HZ * NANOS_PER_SECOND + (tick % CLOCK_HZ * NANOS_PER_SECOND + CLOCK_HZ - 1) / CLOCK_HZ;
    }

    /** Input-clock pulses since power-on. */
    public long ticks() {
        return ticksAt(clock.nanos());
    }

    @Override
    public int read(int port, int size) {
        int n = port - BASE;
        if (n == 3) {
            return 0xFF; // the control word register cannot be read: the bus floats
        }
        int value = counters[n].readData(ticks());
        rearm();
        return value;
    }

    @Override
    public void write(int port, int size, int value) {
        int n = port - BASE;
        long t = ticks();
        value &= 0xFF;
        if (n < 3) {
            counters[n].writeData(value, t);
        } else if ((value & 0xC0) == 0xC0) {
            // Read-back: D5 = 0 latches the count, D4 = 0 the status, of each counter whose
            // bit is set in D3-D1.
            for (int i = 0; i < 3; i++) {
                if ((value & (2 << i)) != 0) {
                    if ((value & 0x20) == 0) {
                        counters[i].latchCount(t);
                    }
                    if ((value & 0x10) == 0) {
                        counters[i].latchStatus(t);
                    }
                }
            }
        } else if ((value & 0x30) == 0) {
            counters[value >> 6].latchCount(t);
        } else {
            counters[value >> 6].writeControl(value, t);
        }
        rearm();
    }

    /** Counter 2's GATE (port 0x61 bit 0). */
    void setGate2(boolean high) {
        counters[2].setGate(high, ticks());
    }

    /** Counter {@code n}'s OUT now. */
    public boolean out(int n) {
        long t = ticks();
        counters[n].advance(t);
        boolean out = counters[n].outAt(t);
        if (n == 0) {
            rearm();
        }
        return out;
    }

    private void timerFired() {
        counters[0].advance(ticks());
        rearm();
    }

    /** Arms the timer for counter 0's next event, or disarms it when there is none. */
    private void rearm() {
        long next = counters[0].nextEvent();
        if (next == PitCounter.NEVER) {
            if (timer.armed()) {
                timer.cancel();
            }
        } else {
            long at = nanosAtTick(next);
            if (timer.deadline() != at) {
                timer.at(at);
            }
        }
    }

    @Override
    public DeviceSnapshot snapshot() {
        long t = ticks();
        DeviceSnapshot.Builder b = DeviceSnapshot.of("PIT 8254").value("input ticks", t);
        for (PitCounter c : counters) {
            c.describe(b, t);
        }
        return b.value("timer", timer).build();
    }
}
