package org.minixemu.devices;

import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.IoPorts;
import org.minixemu.cpu.TimeStampCounter;

/**
 * Keeps the virtual clock in step with the CPU. The clock is brought up to the current
 * instruction whenever a device can observe time (every IN and OUT, and RDTSC), so a device that
 * computes its state from the time (a PIT counter, the RTC's update-in-progress bit) sees it
 * exactly; between I/O accesses the clock is advanced once per slice. A port access that arms an
 * event earlier than the end of the current slice ends the slice, so the event runs on time.
 */
final class MachineClock implements IoPorts, TimeStampCounter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Cpu cpu;
    private final VirtualClock clock;
    private final EventQueue events;
    private final IoPorts bus;
    private long retiredAtSync;
    private long sliceEnd = Long.MAX_VALUE;

    MachineClock(Cpu cpu, VirtualClock clock, EventQueue events, IoPorts bus) {
        this.cpu = cpu;
        this.clock = clock;
        this.events = events;
        this.bus = bus;
        this.retiredAtSync = cpu.instructionsRetired();
    }

    /** Advances the clock by the instructions retired since the last call. */
    void sync() {
        long now = cpu.instructionsRetired();
        clock.advanceInstructions(now - retiredAtSync);
        retiredAtSync = now;
    }

    /** Records where the slice about to run ends, in guest nanoseconds. */
    void startSlice(long endNanos) {
        sliceEnd = endNanos;
    }

    /** The idle fast-forward: nothing runs until {@code deadline}. */
    void idleUntil(long deadline) {
        sync();
        clock.advanceTo(deadline);
    }

    private void afterAccess() {
        if (events.nextDeadline() < sliceEnd) {
            cpu.endSlice();
        }
    }

    @Override
    public int in(int port, int size) {
        sync();
        int value = bus.in(port, size);
        afterAccess();
        return value;
    }

    @Override
    public void out(int port, int size, int value) {
        sync();
        bus.out(port, size, value);
        afterAccess();
    }

    /** RDTSC: one cycle per nominal instruction time, including idle time. */
    @Override
    public long read() {
        sync();
        long nanos = clock.nanos();
        long ips = clock.instructionsPerSecond();
        return nanos / NANOS_PER_SECOND * ips + nanos % NANOS_PER_SECOND * ips / NANOS_PER_SECOND;
    }
}
