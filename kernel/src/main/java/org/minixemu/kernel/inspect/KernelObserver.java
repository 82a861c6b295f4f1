package org.minixemu.kernel.inspect;

import org.minixemu.cpu.Exit;

/**
 * What the kernel tells a debugger or a tracer as it works. Every method is called on the thread
 * that runs the machine, between instructions, so an observer may read the kernel's state
 * through {@link org.minixemu.kernel.KernelInspector} without locking. The defaults do nothing:
 * with {@link #NONE} attached (the default) the kernel's hot path costs one call the JIT
 * removes.
 *
 * <p>Processes are named by slot (-NR_TASKS .. NR_PROCS-1), endpoints as the guest sees them.
 */
public interface KernelObserver {
    /** Observes nothing. */
    KernelObserver NONE = new KernelObserver() {
    };

    /**
     * The process in {@code slot} is about to run for at most {@code budget} instructions. This is
     * the kernel's safe point: a debugger may block here while the machine is stopped (guest
     * time does not move), and may return a smaller budget to single-step.
     *
     * @return the budget to run with (at least 1)
     */
    default long beforeSlice(int slot, long budget) {
        return budget;
    }

    /**
     * The process in {@code slot} ran from {@code startNanos} to {@code endNanos} of guest time and
     * left the CPU with {@code exit}; its registers are saved in its slot.
     *
     * @return true if the observer has dealt with the exit itself (a debugger's breakpoint or
     *     single step): the kernel then ignores it, so the process is not signalled
     */
    default boolean afterSlice(int slot, long startNanos, long endNanos, Exit exit) {
        return false;
    }

    /**
     * A message was copied into the process in {@code receiverSlot}. {@code message} is the whole
     * message (m_source first); it is only valid during the call. {@code ipcStatus} is the call
     * that delivered it (SEND, SENDREC, NOTIFY, SENDA, with IPC_FLG_MSG_FROM_KERNEL when the
     * kernel sent it).
     */
    default void messageDelivered(int receiverSlot, byte[] message, int ipcStatus) {
    }

    /** The process in {@code slot} trapped into the kernel for a kernel call (its request is at EAX). */
    default void kernelCall(int slot) {
    }

    /** IRQ {@code irq} was acknowledged and is about to be handled. */
    default void interrupt(int irq) {
    }
}
