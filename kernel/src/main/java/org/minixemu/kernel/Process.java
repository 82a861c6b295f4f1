package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.MESSAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.NONE;

/**
 * One slot of the process table: identity, saved registers, address space, privileges,
 * scheduling state and IPC state. Kernel tasks (CLOCK, SYSTEM, HARDWARE...) have slots too, as
 * identities for notifications, but never run.
 */
final class Process {
    // Runtime flags: the process may run only when none is set.
    static final int SLOT_FREE = 0x1;
    static final int SENDING = 0x2;
    static final int RECEIVING = 0x4;
    /** A kernel task: an identity, never scheduled. */
    static final int KERNEL_TASK = 0x8;
    /** Stopped for good (exited or killed) but not yet cleared. */
    static final int DEAD = 0x10;

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

    AddressSpace space;
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
