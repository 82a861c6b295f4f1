package org.minixemu.kernel;

import java.util.function.BiConsumer;
import org.minixemu.cpu.IoPorts;

/**
 * The clock: programs PIT channel 0 to interrupt HZ times a second, counts the ticks (uptime),
 * bills each tick to the process that was running, and fires alarms (one per privilege) as
 * notifications from CLOCK.
 */
final class ClockTask {
    /** The PIT's input clock, in Hz. */
    static final long PIT_HZ = 1_193_182L;

    private final int hz;
    private final ProcessTable table;
    private final BiConsumer<Process, Process> notifier;
    private long ticks;

    ClockTask(int hz, ProcessTable table, BiConsumer<Process, Process> notifier) {
        this.hz = hz;
        this.table = table;
        this.notifier = notifier;
    }

    /** Rate generator (mode 2) on channel 0 with the divisor nearest to HZ. */
    void start(IoPorts io) {
        int divisor = (int) Math.max(1, Math.min(0x10000, Math.round((double) PIT_HZ / hz)));
        io.out(0x43, 1, 0x34);
        io.out(0x40, 1, divisor & 0xFF);
        io.out(0x40, 1, (divisor >>> 8) & 0xFF);
    }

    int hz() {
        return hz;
    }

    /** Clock ticks since boot. */
    long uptime() {
        return ticks;
    }

    /** One IRQ 0: count it, bill it to {@code running} (null when idle), fire due alarms. */
    void tick(Process running) {
        ticks++;
        if (running != null) {
            running.userTicks++;
        }
        Process clock = table.slot(org.minixemu.kernel.abi.Abi.CLOCK);
        for (Privilege priv : table.privileges()) {
            if (priv != null && priv.alarmTick >= 0 && priv.alarmTick <= ticks && priv.owner != null) {
                priv.alarmTick = -1;
                notifier.accept(clock, priv.owner);
            }
        }
    }

    /** Whether any privilege has an alarm set (something the clock will wake). */
    boolean anyAlarm() {
        for (Privilege priv : table.privileges()) {
            if (priv != null && priv.alarmTick >= 0 && priv.owner != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets (or with 0, cancels) {@code priv}'s alarm; {@code absolute} means {@code when} is an
     * uptime, else a number of ticks from now. Returns the ticks that were left on the previous
     * alarm (0 if none).
     */
    long setAlarm(Privilege priv, long when, boolean absolute) {
        long left = priv.alarmTick < 0 ? 0 : Math.max(0, priv.alarmTick - ticks);
        if (when == 0) {
            priv.alarmTick = -1;
        } else {
            priv.alarmTick = absolute ? when : ticks + when;
        }
        return left;
    }
}
