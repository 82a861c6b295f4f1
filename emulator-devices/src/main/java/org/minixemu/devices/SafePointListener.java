package org.minixemu.devices;

import org.minixemu.cpu.Exit;

/**
 * Told by {@link PcMachine#run} at its safe points, between two slices, on the machine's thread:
 * a debugger may stop the machine there (by not returning until it goes on), run requests from
 * its clients, or shorten the next slice to single-step. Between two slices nothing in the
 * machine is half way through a change, and while a listener holds the thread, guest time does
 * not move.
 *
 * <p>Without a listener the run loop calls nothing (one null check per slice).
 */
public interface SafePointListener {
    /**
     * A slice of at most {@code budget} instructions is about to start. Returns the budget to use
     * (1 to {@code budget}); may block while the debugger holds the machine stopped.
     */
    long beforeSlice(long budget);

    /**
     * The slice ended with {@code exit} (the CPU's reused object). Returns true when the exit was
     * the listener's own (its breakpoint's INT3, claimed with
     * {@link org.minixemu.cpu.Cpu#claimSoftwareInterrupt}): the run then goes on as after a
     * budget exit.
     */
    boolean afterSlice(Exit exit);
}
