package org.minixemu.devices;

/**
 * Guest time, in nanoseconds since the machine started. It advances only when the machine says
 * so: by retired instructions at a nominal rate while the CPU runs, and straight to the next
 * event while the CPU idles. Nothing here reads the host clock, so a run on the virtual clock is
 * repeatable bit for bit; {@link PcMachine} adds the wall-clock pacing of {@code --clock realtime}.
 */
public final class VirtualClock {
    /** The default nominal speed: 100 million instructions per second. */
    public static final long DEFAULT_INSTRUCTIONS_PER_SECOND = 100_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long instructionsPerSecond;
    private long nanos;
    /** Instruction-time not yet worth a whole nanosecond, in units of 1/instructionsPerSecond ns. */
    private long remainder;
    /**
     * Nanoseconds per instruction when that is a whole number (the default rate: 10), else 0.
     * Then the remainder stays 0 and advancing is one multiplication: the hosted kernel advances
     * the clock at every IPC trap, and the general path's 64-bit divisions were a tenth of a
     * round trip.
     */
    private final long nanosPerInstruction;

    public VirtualClock(long instructionsPerSecond) {
        // Up to 1e9 keeps every intermediate product below 2^63 (rest * ips < 1e18).
        if (instructionsPerSecond <= 0 || instructionsPerSecond > NANOS_PER_SECOND) {
            throw new IllegalArgumentException("instructions per second must be between 1 and 1000000000, not "
                    + instructionsPerSecond);
        }
        this.instructionsPerSecond = instructionsPerSecond;
        this.nanosPerInstruction = NANOS_PER_SECOND % instructionsPerSecond == 0
                ? NANOS_PER_SECOND / instructionsPerSecond : 0;
    }

    /** Now, in guest nanoseconds. */
    public long nanos() {
        return nanos;
    }

    public long instructionsPerSecond() {
        return instructionsPerSecond;
    }

    /** Advances time by {@code count} retired instructions, exactly (no rounding drift). */
    public void advanceInstructions(long count) {
        if (nanosPerInstruction != 0) {
            nanos += count * nanosPerInstruction;
            return;
        }
        // count * 1e9 / ips, carried in two parts so that neither overflows nor drifts.
        long whole = count / instructionsPerSecond;
        long part = count % instructionsPerSecond;
        nanos += whole * NANOS_PER_SECOND;
        long scaled = part * NANOS_PER_SECOND + remainder;
        nanos += scaled / instructionsPerSecond;
        remainder = scaled % instructionsPerSecond;
    }

    /** Jumps forward to {@code target} (idle fast-forward); never moves backwards. */
    public void advanceTo(long target) {
        if (target > nanos) {
            nanos = target;
            remainder = 0;
        }
    }

    /** How many instructions run before time reaches {@code deadline} (at least 1). */
    public long instructionsUntil(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long delta = deadline - nanos;
        if (delta <= 0) {
            return 1;
        }
        // ceil(delta * ips / 1e9), without overflow for any delta up to centuries.
        long seconds = delta / NANOS_PER_SECOND;
        long rest = delta % NANOS_PER_SECOND;
        long count = seconds * instructionsPerSecond
                + (rest * instructionsPerSecond - remainder + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
        return Math.max(1, count);
    }
}
