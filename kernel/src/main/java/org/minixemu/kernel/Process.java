package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.MESSAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.NONE;

/**
 * One slot of the process table: identity, saved registers, address space, privileges,
 * scheduling state and IPC state. Kernel tasks (CLOCK, SYSTEM, HARDWARE...) have slots too, as
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

    final int slot;
    int endpoint;
    int generation;
    String label = "";
    int rtsFlags = SLOT_FREE;
    int miscFlags;

    // Saved user context.
    final int[] registers = new int[8];
    int eip;
    int eflags;
    final int[] selectors = new int[6];

    /** The page tables the process runs on (and the kernel copies through). */
    AddressSpace space;
    /** The space whose frames the process owns, released when it leaves (usually {@link #space}). */
    AddressSpace ownedSpace;
    Privilege priv;

    // Scheduling.
    int priority;
    long quantumNanos;
    long quantumLeftNanos;
    /** Next process in the same run queue. */
    Process nextReady;
    boolean queued;
    long userTicks;
    long systemTicks;

    // IPC.
    int sendTo = NONE;
    int getFrom = NONE;
    /** Where the message of a blocked RECEIVE goes, in this process's memory. */
    int receiveBuffer;
    /** The message a blocked SEND carries, captured when the send was made. */
    final byte[] outgoing = new byte[MESSAGE_SIZE];
    /** The IPC call that is sending {@link #outgoing} (SEND, SENDREC, SENDNB): the receiver's status. */
    int sendCall;
    /** Head of the FIFO of processes blocked sending to this one, and the link within it. */
    Process callerQueue;
    Process nextCaller;
    /** Bit n set: the process with privilege id n notified this one. */
    long pendingNotifications;
    /** Bit n set: the process with privilege id n has SENDA entries waiting for this one. */
    long asyncPending;

    // Signals.
    /** Bit n set: signal n is pending for the manager to take with GETKSIG. */
    int pendingSignals;
    /** Signals taken by the manager (GETKSIG) and not yet ended (ENDKSIG). */
    boolean signalsInHand;

    /** The grant table in this process's memory (SETGRANT): address and entries. */
    int grantTable;
    int grantEntries;
    /** Whether a SETGRANT was made (a table of 0 entries is still a table). */
    boolean hasGrantTable;

    /** The endpoint that schedules this process (SCHEDCTL), or NONE for the kernel. */
    int scheduler = NONE;
    /** The process its page faults go to (VMCTL_ENABLE_PAGING), or null: faults are signals. */
    Process pager;
    /** The trap (IPC_VECTOR or KERNEL_CALL_VECTOR) to run again once VM answered, or 0. */
    int redoTrap;
    /** Memory requests made for the operation in progress (reset when it completes). */
    int vmTries;
    /** A message delivered while its receive buffer needed VM: written when VM is done. */
    final byte[] pendingDelivery = new byte[MESSAGE_SIZE];
    /** The status word of {@link #pendingDelivery}, or 0 when there is none. */
    int pendingDeliveryStatus;
    /** RUNCTL asked to stop it when its send completes (RC_DELAY): SIGSNDELAY then. */
    boolean stopWhenSent;
    /** Console text not yet ended by a newline (printed with the label when it is). */
    final StringBuilder consoleLine = new StringBuilder();

    Process(int slot) {
        this.slot = slot;
    }

    boolean isRunnable() {
        return rtsFlags == 0;
    }

    boolean isFree() {
        return (rtsFlags & SLOT_FREE) != 0;
    }

    boolean isKernelTask() {
        return (rtsFlags & KERNEL_TASK) != 0;
    }

    /** Whether a message from {@code source} can be copied straight into this process. */
    boolean willReceiveFrom(int source) {
        return (rtsFlags & (RECEIVING | SENDING)) == RECEIVING
                && (getFrom == org.minixemu.kernel.abi.Abi.ANY || getFrom == source);
    }

    /** The endpoint this process waits for (sending to or receiving from), or NONE. */
    int blockedOn() {
        if ((rtsFlags & SENDING) != 0) {
            return sendTo;
        }
        if ((rtsFlags & RECEIVING) != 0) {
            return getFrom;
        }
        return NONE;
    }

    @Override
    public String toString() {
        return label + " (endpoint " + endpoint + ")";
    }
}
