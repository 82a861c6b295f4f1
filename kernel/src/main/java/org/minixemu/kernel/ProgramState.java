package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.MESSAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.NONE;

/**
 * The state of the program running in a process slot: what SYS_UPDATE moves from one slot to
 * the other (minix3-facts.md section 8: "all contents are exchanged except slot identity"). Its
 * registers and address space, its own IPC wait (a program blocked in SENDREC stays blocked in
 * it wherever it goes), its grant and SENDA tables (they lie in its memory), and its signal
 * state. What identifies the slot -- endpoint, privilege id, scheduling, the senders queued on
 * it, its pending notifications -- stays in {@link Process}.
 */
final class ProgramState {
    /** Runtime flags (Process.SENDING, ...): the program may run only when none is set. */
    int rtsFlags = Process.SLOT_FREE;
    /** Miscellaneous flags (Process.REPLY_PENDING). */
    int miscFlags;
    String label = "";

    // Saved user context.
    final int[] registers = new int[8];
    int eip;
    int eflags;
    final int[] selectors = new int[6];

    /** The page tables the program runs on (and the kernel copies through). */
    AddressSpace space;
    /** The space whose frames the kernel would release when it leaves (images without VM), or null. */
    AddressSpace ownedSpace;

    // Its own IPC wait.
    int sendTo = NONE;
    int getFrom = NONE;
    /** Where the message of a blocked RECEIVE goes, in its memory. */
    int receiveBuffer;
    /** The message a blocked SEND carries, captured when the send was made. */
    final byte[] outgoing = new byte[MESSAGE_SIZE];
    /** The IPC call that is sending {@link #outgoing} (SEND, SENDREC, SENDNB): the receiver's status. */
    int sendCall;
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

    // Tables in its memory.
    /** The grant table (SETGRANT): address and entries. */
    int grantTable;
    int grantEntries;
    /** Whether a SETGRANT was made (a table of 0 entries is still a table). */
    boolean hasGrantTable;
    /** The SENDA table: address and entries. */
    int sendaTable;
    int sendaCount;

    // Signals.
    /** Bit n set: signal n is pending for the manager to take with GETKSIG. */
    int pendingSignals;
    /** Signals taken by the manager (GETKSIG) and not yet ended (ENDKSIG). */
    boolean signalsInHand;
    /** The process its page faults go to (VMCTL_ENABLE_PAGING), or null: VM, or a signal. */
    Process pager;
    /** Console text not yet ended by a newline (printed with the label when it is). */
    final StringBuilder consoleLine = new StringBuilder();
}
