package org.minixemu.cpu;

/**
 * Handles, inside {@link Cpu#run}, the {@code INT n} of a vector the host claimed
 * ({@link Cpu#claimSoftwareInterrupt}) in hosted mode, so that a trap the host can finish at
 * once -- an IPC that hands the CPU straight to the receiver, say -- costs no exit from the loop.
 * Without a handler, or when it declines, the INT ends the run with a SOFTWARE_INTERRUPT exit
 * as before.
 */
@FunctionalInterface
public interface HostTrapHandler {
    /** Returned by {@link #trap}: not handled, nothing changed; the run ends with the exit. */
    long DECLINE = -1;

    /**
     * Called with EIP past the INT and the INT counted in {@link Cpu#instructionsRetired()}, as
     * a host would see it after the exit. The handler may change any CPU state with the setters
     * a host uses between runs (registers, EIP, EFLAGS, segments, the address space): the next
     * instruction is fetched from the state it leaves.
     *
     * @return {@link #DECLINE} to leave the loop with the SOFTWARE_INTERRUPT exit (the handler
     *     must then have changed nothing); otherwise the trap is handled and the run goes on for
     *     at most this many more instructions (0: it ends now with a BUDGET exit). The count
     *     replaces the run's budget, including any {@link Cpu#endSlice} made while the handler
     *     ran; a shutdown requested meanwhile still ends the run.
     */
    long trap(int vector);
}
