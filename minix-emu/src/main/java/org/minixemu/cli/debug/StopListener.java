package org.minixemu.cli.debug;

/**
 * Told when the machine stops and when it ends. Called on the machine's thread: an implementation
 * must hand the news to its own thread and return at once, never block.
 */
public interface StopListener {
    /** The machine stopped. */
    void stopped(StopEvent event);

    /** The machine ended: powered off with {@code status}, or stopped for another reason (described). */
    void ended(int status, String description);
}
