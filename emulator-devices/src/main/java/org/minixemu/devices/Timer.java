package org.minixemu.devices;

/**
 * One event source of a device, created once and re-armed as often as needed, so that devices
 * schedule work without allocating. Its action runs when guest time reaches its deadline.
 */
public final class Timer {
    private final EventQueue queue;
    private final String name;
    private final Runnable action;
    /** Registration order: breaks ties between timers due at the same nanosecond, repeatably. */
    final int order;
    long deadline = Long.MAX_VALUE;
    private long lastDue = Long.MIN_VALUE;

    Timer(EventQueue queue, String name, Runnable action, int order) {
        this.queue = queue;
        this.name = name;
        this.action = action;
        this.order = order;
    }

    /** Arms the timer for an absolute guest time (replacing any earlier deadline). */
    public void at(long nanos) {
        deadline = nanos;
        queue.changed();
    }

    /**
     * Arms the timer {@code nanos} after now. A periodic device re-arms with
     * {@code at(lastDue() + period)} instead, so that a late run does not shift later periods.
     */
    public void after(long nanos) {
        at(queue.clock().nanos() + Math.max(0, nanos));
    }

    public void cancel() {
        deadline = Long.MAX_VALUE;
        queue.changed();
    }

    public boolean armed() {
        return deadline != Long.MAX_VALUE;
    }

    /** The deadline, or {@link Long#MAX_VALUE} when not armed. */
    public long deadline() {
        return deadline;
    }

    /** The deadline of the last run, even if the run came later than that (between slices). */
    public long lastDue() {
        return lastDue;
    }

    void fire() {
        lastDue = deadline;
        deadline = Long.MAX_VALUE;
        action.run();
    }

    @Override
    public String toString() {
        return name + (armed() ? " at " + deadline + " ns" : " (idle)");
    }
}
