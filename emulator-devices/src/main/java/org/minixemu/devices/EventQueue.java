package org.minixemu.devices;

import java.util.ArrayList;
import java.util.List;

/**
 * The machine's single event queue: every device timer lives here, and the machine runs the due
 * ones between CPU slices. Timers due at the same time run in the order they were created, so
 * the sequence of events is a function of guest time alone. A machine has a handful of timers,
 * so a linear scan is both the simplest and the fastest structure.
 */
public final class EventQueue {
    private final VirtualClock clock;
    private final List<Timer> timers = new ArrayList<>();
    private Timer[] array = new Timer[0];
    private long next = Long.MAX_VALUE;
    private boolean dirty;

    public EventQueue(VirtualClock clock) {
        this.clock = clock;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** Creates a timer; {@code name} shows in the debugger's device view. */
    public Timer timer(String name, Runnable action) {
        Timer t = new Timer(this, name, action, timers.size());
        timers.add(t);
        array = timers.toArray(new Timer[0]);
        return t;
    }

    void changed() {
        dirty = true;
    }

    /** The earliest armed deadline, or {@link Long#MAX_VALUE} when nothing is armed. */
    public long nextDeadline() {
        if (dirty) {
            long earliest = Long.MAX_VALUE;
            for (Timer t : array) {
                earliest = Math.min(earliest, t.deadline);
            }
            next = earliest;
            dirty = false;
        }
        return next;
    }

    /** Runs every timer due at or before the clock's current time, earliest first. */
    public void runDue() {
        long now = clock.nanos();
        while (nextDeadline() <= now) {
            Timer due = null;
            for (Timer t : array) {
                if (t.deadline <= now && (due == null || t.deadline < due.deadline)) {
                    due = t;
                }
            }
            dirty = true;
            due.fire();
        }
    }

    /** Every timer, for the debugger. */
    public List<Timer> timers() {
        return List.copyOf(timers);
    }
}
