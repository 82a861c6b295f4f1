package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.MESSAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.NONE;

/**
 * One slot of the process table, in two parts (issue 13): the slot's own state -- identity,
 * endpoint, privilege id, scheduling, the queue of senders, pending notifications -- and the
 * {@link ProgramState} of the program running in it. Kernel tasks (CLOCK, SYSTEM, HARDWARE...) have slots too, as
 * identities for notifications, but never run.
 */
final class Process {
    // Runtime flags: the process may run only when none is set. The ones a guest can see
    // (GET_PROC) are the ABI's PROC_* values.
    static final int SLOT_FREE = org.minixemu.kernel.abi.Abi.PROC_FREE;
    static final int SENDING = org.minixemu.kernel.abi.Abi.PROC_SENDING;
    static final int RECEIVING = org.minixemu.kernel.abi.Abi.PROC_RECEIVING;
    /** A kernel task: an identity, never scheduled. */
    static final int KERNEL_TASK = org.minixemu.kernel.abi.Abi.PROC_KERNEL_TASK;
    /** Has signals its manager has not finished with (GETKSIG ... ENDKSIG). */
    static final int SIGNALED = org.minixemu.kernel.abi.Abi.PROC_SIGNALED;
    /** Has no privileges yet (a fork child) or was disallowed. */
    static final int NO_PRIV = org.minixemu.kernel.abi.Abi.PROC_NO_PRIV;
    /** Waits for its pager to resolve a page fault. */
    static final int PAGEFAULT = org.minixemu.kernel.abi.Abi.PROC_PAGEFAULT;
    /** Stopped by RUNCTL. */
    static final int STOPPED = org.minixemu.kernel.abi.Abi.PROC_STOPPED;
    /** Forked with PFF_VMINHIBIT: VM has not built its address space yet. */
    static final int VMINHIBIT = org.minixemu.kernel.abi.Abi.PROC_VMINHIBIT;
    /** A kernel copy for it waits for VM to make memory accessible ({@link MemoryRequests}). */
    static final int VMREQUEST = org.minixemu.kernel.abi.Abi.PROC_VMREQUEST;
    /** Stopped for good (exited or killed) but not yet cleared; internal. */
    static final int DEAD = 0x10000;

    // Miscellaneous flags.
    /** In a SENDREC: the receive half may only be satisfied by the peer's message. */
    static final int REPLY_PENDING = 0x1;

    // ---- the slot: what identifies it and stays with it on SYS_UPDATE ----------------------

    final int slot;
    int endpoint;
    int generation;
    /** The privilege (its id stays with the slot; UPDATE exchanges the privileges' contents). */
    Privilege priv;

    // Scheduling stays with the slot.
    int priority;
    long quantumNanos;
    long quantumLeftNanos;
    /** Next process in the same run queue. */
    Process nextReady;
    boolean queued;
    long userTicks;
    long systemTicks;
    /** The endpoint that schedules this process (SCHEDCTL), or NONE for the kernel. */
    int scheduler = NONE;

    // IPC aimed at the endpoint stays with the slot.
    /** Head of the FIFO of processes blocked sending to this one. */
    Process callerQueue;
    /** The link within the sender queue this process waits in (it is never swapped while sending). */
    Process nextCaller;
    /** Bit n set: the process with privilege id n notified this one. */
    long pendingNotifications;
    /** Bit n set: the process with privilege id n has SENDA entries waiting for this one. */
    long asyncPending;

    /**
     * The program running in the slot: registers, memory, its own IPC wait, grant and SENDA
     * tables, signal state. SYS_UPDATE exchanges this one object between two slots, so nothing
     * that belongs to a program can be left behind (see {@link ProgramState}).
     */
    ProgramState program = new ProgramState();

    Process(int slot) {
        this.slot = slot;
    }

    boolean isRunnable() {
        return program.rtsFlags == 0;
    }

    boolean isFree() {
        return (program.rtsFlags & SLOT_FREE) != 0;
    }

    boolean isKernelTask() {
        return (program.rtsFlags & KERNEL_TASK) != 0;
    }

    /** Whether a message from {@code source} can be copied straight into this process. */
    boolean willReceiveFrom(int source) {
        return (program.rtsFlags & (RECEIVING | SENDING)) == RECEIVING
                && (program.getFrom == org.minixemu.kernel.abi.Abi.ANY || program.getFrom == source);
    }

    /** The endpoint this process waits for (sending to or receiving from), or NONE. */
    int blockedOn() {
        if ((program.rtsFlags & SENDING) != 0) {
            return program.sendTo;
        }
        if ((program.rtsFlags & RECEIVING) != 0) {
            return program.getFrom;
        }
        return NONE;
    }

    @Override
    public String toString() {
        return program.label + " (endpoint " + endpoint + ")";
    }
}
