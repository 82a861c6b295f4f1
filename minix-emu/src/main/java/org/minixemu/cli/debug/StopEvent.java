package org.minixemu.cli.debug;

/**
 * Why and where the machine stopped.
 *
 * @param reason what stopped it
 * @param slot the process it stopped in (the one that hit the breakpoint or stepped, or the last
 *     one that ran), or {@link #NO_PROCESS}
 * @param address the process's EIP
 */
public record StopEvent(Reason reason, int slot, int address) {
    /** No process has run yet. */
    public static final int NO_PROCESS = Integer.MIN_VALUE;

    /** What stopped the machine. */
    public enum Reason {
        /** Someone asked ({@code stop}, GDB's ^C, the machine started stopped). */
        REQUESTED,
        /** A breakpoint was hit. */
        BREAKPOINT,
        /** A step finished. */
        STEP
    }
}
