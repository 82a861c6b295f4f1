package org.minixemu.kernel;

/**
 * How a run of the kernel ended.
 *
 * @param outcome why it stopped
 * @param exitStatus the guest's status for {@link Outcome#POWER_OFF} and {@link Outcome#PANIC}
 * @param message a one-line explanation for the console
 */
public record KernelResult(Outcome outcome, int exitStatus, String message) {
    /** Why the kernel stopped. */
    public enum Outcome {
        /** A process called SYS_ABORT to halt (or a device port powered the machine off). */
        POWER_OFF,
        /**
         * A process called SYS_ABORT with RBT_REBOOT or RBT_RESET: the machine is to start again
         * from its image (the boot command does so, keeping the disk, network and console).
         */
        REBOOT,
        /** A process called SYS_ABORT with RBT_PANIC. */
        PANIC,
        /** No process can run and nothing (no timer, no host input) can ever wake one. */
        STUCK,
        /** The wall-clock limit passed. */
        TIMEOUT,
        /** The guest-time limit passed. */
        GUEST_TIME_LIMIT,
        /** A bug in the kernel itself (an exception escaped a handler); the message names it. */
        KERNEL_ERROR
    }
}
