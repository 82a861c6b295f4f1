package org.minixemu.kernel;

import static org.minixemu.cpu.Cpu.EAX;
import static org.minixemu.cpu.Cpu.EBX;
import static org.minixemu.cpu.Cpu.ECX;
import static org.minixemu.kernel.abi.Abi.AMF_DONE;
import static org.minixemu.kernel.abi.Abi.AMF_NOREPLY;
import static org.minixemu.kernel.abi.Abi.AMF_NOTIFY;
import static org.minixemu.kernel.abi.Abi.AMF_NOTIFY_ERR;
import static org.minixemu.kernel.abi.Abi.AMF_VALID;
import static org.minixemu.kernel.abi.Abi.ANY;
import static org.minixemu.kernel.abi.Abi.ASYNMSG_DST;
import static org.minixemu.kernel.abi.Abi.ASYNMSG_FLAGS;
import static org.minixemu.kernel.abi.Abi.ASYNMSG_MSG;
import static org.minixemu.kernel.abi.Abi.ASYNMSG_RESULT;
import static org.minixemu.kernel.abi.Abi.ASYNMSG_SIZE;
import static org.minixemu.kernel.abi.Abi.ECALLDENIED;
import static org.minixemu.kernel.abi.Abi.EDEADSRCDST;
import static org.minixemu.kernel.abi.Abi.EDOM;
import static org.minixemu.kernel.abi.Abi.EFAULT;
import static org.minixemu.kernel.abi.Abi.EINVAL;
import static org.minixemu.kernel.abi.Abi.ELOCKED;
import static org.minixemu.kernel.abi.Abi.ENOTREADY;
import static org.minixemu.kernel.abi.Abi.EPERM;
import static org.minixemu.kernel.abi.Abi.ETRAPDENIED;
import static org.minixemu.kernel.abi.Abi.HARDWARE;
import static org.minixemu.kernel.abi.Abi.MESSAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.M_SOURCE_OFFSET;
import static org.minixemu.kernel.abi.Abi.NONE;
import static org.minixemu.kernel.abi.Abi.NOTIFY;
import static org.minixemu.kernel.abi.Abi.NOTIFY_ARG_OFFSET;
import static org.minixemu.kernel.abi.Abi.NOTIFY_MESSAGE;
import static org.minixemu.kernel.abi.Abi.NOTIFY_TIMESTAMP_OFFSET;
import static org.minixemu.kernel.abi.Abi.OK;
import static org.minixemu.kernel.abi.Abi.RECEIVE;
import static org.minixemu.kernel.abi.Abi.SEND;
import static org.minixemu.kernel.abi.Abi.SENDA;
import static org.minixemu.kernel.abi.Abi.SENDA_MAX_ENTRIES;
import static org.minixemu.kernel.abi.Abi.SENDNB;
import static org.minixemu.kernel.abi.Abi.SENDREC;
import static org.minixemu.kernel.abi.Abi.SYS_PROC;

import java.util.function.LongSupplier;

/**
 * The IPC primitives of minix3-facts.md section 3: SEND, RECEIVE, SENDREC, NOTIFY, SENDNB and
 * SENDA, with the checks in the facts' order, rendezvous copying through the page tables,
 * notification bitmaps, asynchronous tables, and deadlock detection. Results go into the saved
 * registers of the processes involved; a caller that blocks gets its result when it is woken.
 */
final class Ipc {
    /** Result of an operation that blocked the caller: its EAX is written when it is woken. */
    static final int SUSPENDED = Integer.MIN_VALUE;
    /**
     * Result of an operation that waits for VM to make memory accessible ({@link MemoryRequests}):
     * nothing happened yet, and the trap runs again when VM has answered.
     */
    static final int VM_SUSPENDED = Integer.MIN_VALUE + 1;

    private static final int KNOWN_AMF = AMF_VALID | AMF_DONE | AMF_NOTIFY | AMF_NOREPLY | AMF_NOTIFY_ERR;

    private final ProcessTable table;
    private final Scheduler scheduler;
    private final LongSupplier uptimeTicks;
    private final Message scratch = new Message();
    private final byte[] entry = new byte[ASYNMSG_SIZE];
    /** Asks VM for memory a copy needs; set by the kernel once it exists. */
    private MemoryRequests memory;
    /** Told when a send that RUNCTL wanted to stop (RC_DELAY) completes: SIGSNDELAY. */
    private java.util.function.Consumer<Process> delayedSendDone = p -> { };
    /** Told of every delivered message (the debugger's {@code ipc}, the tracer's flows). */
    org.minixemu.kernel.inspect.KernelObserver observer = org.minixemu.kernel.inspect.KernelObserver.NONE;

    Ipc(ProcessTable table, Scheduler scheduler, LongSupplier uptimeTicks) {
        this.table = table;
        this.scheduler = scheduler;
        this.uptimeTicks = uptimeTicks;
    }

    void setMemoryRequests(MemoryRequests memory) {
        this.memory = memory;
    }

    void setDelayedSendDone(java.util.function.Consumer<Process> delayedSendDone) {
        this.delayedSendDone = delayedSendDone;
    }

    /** Handles {@code int $0x21} from {@code caller}, whose registers are saved in its slot. */
    void trap(Process caller) {
        int call = caller.program.registers[ECX];
        int peer = caller.program.registers[EAX];
        int address = caller.program.registers[EBX];
        int result = call(caller, call, peer, address);
        if (result == VM_SUSPENDED) {
            caller.program.redoTrap = org.minixemu.kernel.abi.Abi.IPC_VECTOR;
        } else if (result != SUSPENDED) {
            caller.program.registers[EAX] = result;
        } else {
            scheduler.unready(caller);
        }
    }

    /** OK when the caller's own range is accessible, else what {@link MemoryRequests} says. */
    private int ownMemory(Process caller, int address, int length, boolean write) {
        if (memory == null) {
            return (write ? caller.program.space.writable(address, length) : caller.program.space.readable(address, length)) ? OK : EFAULT;
        }
        return memory.check(caller, caller, address, length, write);
    }

    private int call(Process caller, int call, int peer, int address) {
        if (call != SEND && call != RECEIVE && call != SENDREC && call != NOTIFY && call != SENDNB
                && call != SENDA) {
            return ETRAPDENIED;
        }
        if (call == SENDA) {
            if (!caller.priv.mayCall(SENDA)) {
                return ETRAPDENIED;
            }
            return senda(caller, address, peer);
        }
        if (peer == ANY && call != RECEIVE) {
            return EINVAL;
        }
        Process target = null;
        if (peer != ANY) {
            target = table.lookup(peer);
            if (target == null) {
                return EDEADSRCDST;
            }
            if (call != RECEIVE && (target.priv == null || !caller.priv.maySendTo(target.priv))) {
                return ECALLDENIED;
            }
        }
        if (!caller.priv.mayCall(call)) {
            return ETRAPDENIED;
        }
        if (target != null && target.isKernelTask() && call != RECEIVE) {
            // Kernel tasks never run, so nothing could ever receive or answer (kernel calls
            // have their own trap since 3.1.7).
            return ETRAPDENIED;
        }
        switch (call) {
            case SEND, SENDNB -> {
                return send(caller, target, call, address);
            }
            case NOTIFY -> {
                notify(caller, target);
                return OK;
            }
            case RECEIVE -> {
                int r = ownMemory(caller, address, MESSAGE_SIZE, true);
                if (r != OK) {
                    return r;
                }
                return receive(caller, peer, address);
            }
            default -> {
                caller.program.miscFlags |= Process.REPLY_PENDING;
                int result = send(caller, target, SENDREC, address);
                if (result != OK && result != SUSPENDED) {
                    caller.program.miscFlags &= ~Process.REPLY_PENDING;
                    return result;
                }
                return receive(caller, peer, address);
            }
        }
    }

    // ---- SEND -----------------------------------------------------------------------------

    /**
     * Sends the message at {@code address}: straight into {@code target} if it is receiving from
     * the caller, else (SENDNB: ENOTREADY) the caller joins the target's sender queue. Returns OK
     * when delivered, SUSPENDED when queued; when the buffer is not readable (for SENDREC, whose
     * reply overwrites it: writable), what {@link #ownMemory} says, VM_SUSPENDED or EFAULT.
     */
    private int send(Process caller, Process target, int call, int address) {
        // The copy is the check: it walks each page once and moves nothing unless every byte can.
        AddressSpace space = caller.program.space;
        boolean copied = call == SENDREC ? space.readWritable(address, caller.program.outgoing, 0, MESSAGE_SIZE)
                : space.read(address, caller.program.outgoing, 0, MESSAGE_SIZE);
        if (!copied) {
            int r = ownMemory(caller, address, MESSAGE_SIZE, call == SENDREC);
            return r == OK ? EFAULT : r; // OK cannot be: the same walk just failed
        }
        Message.putInt(caller.program.outgoing, M_SOURCE_OFFSET, caller.endpoint);
        if (target.willReceiveFrom(caller.endpoint)) {
            deliver(target, caller.program.outgoing, call);
            return OK;
        }
        if (call == SENDNB) {
            return ENOTREADY;
        }
        if (deadlocked(caller, SEND, target.endpoint)) {
            return ELOCKED;
        }
        caller.program.rtsFlags |= Process.SENDING;
        caller.program.sendTo = target.endpoint;
        caller.program.sendCall = call;
        enqueue(caller, target);
        return SUSPENDED;
    }

    /**
     * A message the kernel sends to {@code target} on {@code source}'s behalf (a page fault for
     * its pager): {@code source} is already blocked for its own reason, so it waits in the sender
     * queue without being woken when the message is taken. The receiver's status carries
     * IPC_FLG_MSG_FROM_KERNEL, so the message cannot be forged by a process.
     */
    void sendFromKernel(Process source, Process target, byte[] message) {
        System.arraycopy(message, 0, source.program.outgoing, 0, MESSAGE_SIZE);
        Message.putInt(source.program.outgoing, M_SOURCE_OFFSET, source.endpoint);
        int status = SEND | org.minixemu.kernel.abi.Abi.IPC_FLG_MSG_FROM_KERNEL;
        if (target.willReceiveFrom(source.endpoint)) {
            deliver(target, source.program.outgoing, status);
            return;
        }
        source.program.rtsFlags |= Process.SENDING;
        source.program.sendTo = target.endpoint;
        source.program.sendCall = status;
        enqueue(source, target);
    }

    private static void enqueue(Process sender, Process target) {
        sender.nextCaller = null;
        if (target.callerQueue == null) {
            target.callerQueue = sender;
        } else {
            Process last = target.callerQueue;
            while (last.nextCaller != null) {
                last = last.nextCaller;
            }
            last.nextCaller = sender;
        }
    }

    // ---- RECEIVE --------------------------------------------------------------------------

    /**
     * Receives from {@code source} (ANY or an endpoint) into {@code address}: a pending
     * notification (not while a SENDREC reply is awaited), then a pending SENDA entry, then the
     * first matching queued sender; otherwise the caller blocks.
     */
    private int receive(Process caller, int source, int address) {
        caller.program.receiveBuffer = address;
        boolean awaitingReply = (caller.program.miscFlags & Process.REPLY_PENDING) != 0;
        if (!awaitingReply && takeNotification(caller, source)) {
            return OK;
        }
        if (caller.asyncPending != 0 && takeAsync(caller, source, awaitingReply)) {
            return OK;
        }
        Process prev = null;
        for (Process sender = caller.callerQueue; sender != null; prev = sender, sender = sender.nextCaller) {
            if (source == ANY || sender.endpoint == source) {
                if (prev == null) {
                    caller.callerQueue = sender.nextCaller;
                } else {
                    prev.nextCaller = sender.nextCaller;
                }
                sender.nextCaller = null;
                deliver(caller, sender.program.outgoing, sender.program.sendCall);
                sender.program.rtsFlags &= ~Process.SENDING;
                sender.program.sendTo = NONE;
                boolean fromKernel = (sender.program.sendCall & org.minixemu.kernel.abi.Abi.IPC_FLG_MSG_FROM_KERNEL) != 0;
                if ((sender.program.rtsFlags & Process.RECEIVING) == 0 && !fromKernel) {
                    sender.program.registers[EAX] = OK;
                }
                scheduler.ready(sender);
                if (sender.program.stopWhenSent) {
                    sender.program.stopWhenSent = false;
                    delayedSendDone.accept(sender);
                }
                return OK;
            }
        }
        if (source != ANY && deadlocked(caller, RECEIVE, source)) {
            caller.program.miscFlags &= ~Process.REPLY_PENDING;
            unlinkSender(caller);
            return ELOCKED;
        }
        caller.program.rtsFlags |= Process.RECEIVING;
        caller.program.getFrom = source;
        return SUSPENDED;
    }

    /**
     * Copies {@code message} into {@code receiver}'s receive buffer and wakes it with status
     * {@code call} (the primitive that delivered it).
     */
    private void deliver(Process receiver, byte[] message, int call) {
        boolean copied = receiver.program.space.write(receiver.program.receiveBuffer, message, 0, MESSAGE_SIZE);
        observer.messageDelivered(receiver.slot, message, call);
        receiver.program.rtsFlags &= ~Process.RECEIVING;
        receiver.program.getFrom = NONE;
        receiver.program.miscFlags &= ~Process.REPLY_PENDING;
        if (!copied && memory != null) {
            // The buffer went copy-on-write (or away) while the receiver waited: the message is
            // delivered all the same, and written once VM has made the page writable.
            System.arraycopy(message, 0, receiver.program.pendingDelivery, 0, MESSAGE_SIZE);
            receiver.program.pendingDeliveryStatus = call;
            receiver.program.vmTries = 0;
            if (memory.check(receiver, receiver, receiver.program.receiveBuffer, MESSAGE_SIZE, true) == VM_SUSPENDED) {
                return;
            }
            receiver.program.pendingDeliveryStatus = 0;
        }
        receiver.program.registers[EAX] = copied ? OK : EFAULT;
        receiver.program.registers[EBX] = call;
        scheduler.ready(receiver);
    }

    /** VM answered for {@code p}: a message held for it is written into its buffer now. */
    void finishPendingDelivery(Process p) {
        if (p.program.pendingDeliveryStatus == 0) {
            return;
        }
        boolean copied = p.program.space.write(p.program.receiveBuffer, p.program.pendingDelivery, 0, MESSAGE_SIZE);
        p.program.registers[EAX] = copied ? OK : EFAULT;
        p.program.registers[EBX] = p.program.pendingDeliveryStatus;
        p.program.pendingDeliveryStatus = 0;
        p.program.vmTries = 0;
    }

    // ---- NOTIFY ---------------------------------------------------------------------------

    /**
     * A notification from {@code source} (a process or a kernel task): delivered at once if the
     * target is receiving from it and not awaiting a reply, else one bit in its pending bitmap.
     */
    void notify(Process source, Process target) {
        if (target.willReceiveFrom(source.endpoint) && (target.program.miscFlags & Process.REPLY_PENDING) == 0) {
            buildNotification(source, target);
            deliver(target, scratch.bytes, NOTIFY);
            return;
        }
        target.pendingNotifications |= 1L << source.priv.id;
    }

    private boolean takeNotification(Process caller, int source) {
        long pending = caller.pendingNotifications;
        while (pending != 0) {
            int id = Long.numberOfTrailingZeros(pending);
            pending &= pending - 1;
            Privilege priv = table.privilege(id);
            if (priv == null || priv.owner == null) {
                caller.pendingNotifications &= ~(1L << id); // its sender is gone
                continue;
            }
            if (source == ANY || priv.owner.endpoint == source) {
                caller.pendingNotifications &= ~(1L << id);
                buildNotification(priv.owner, caller);
                deliver(caller, scratch.bytes, NOTIFY);
                return true;
            }
        }
        return false;
    }

    /** The message a notification turns into, in {@link #scratch}. */
    private void buildNotification(Process source, Process target) {
        scratch.clear();
        scratch.putInt(M_SOURCE_OFFSET, source.endpoint);
        scratch.setType(NOTIFY_MESSAGE);
        int argument = 0;
        if (source.endpoint == HARDWARE) {
            argument = target.priv.pendingIrqs;
            target.priv.pendingIrqs = 0;
        } else if (source.endpoint == org.minixemu.kernel.abi.Abi.SYSTEM) {
            argument = target.priv.kernelSignals;
            target.priv.kernelSignals = 0;
        }
        scratch.putInt(NOTIFY_ARG_OFFSET, argument);
        scratch.putInt(NOTIFY_TIMESTAMP_OFFSET, (int) uptimeTicks.getAsLong());
    }

    // ---- SENDA ----------------------------------------------------------------------------

    /**
     * Registers {@code count} entries at {@code address} as the caller's asynchronous table
     * (replacing any earlier one) and tries each entry now.
     */
    private int senda(Process caller, int address, int count) {
        if ((caller.priv.flags & SYS_PROC) == 0) {
            return EPERM;
        }
        if (count < 0 || count > SENDA_MAX_ENTRIES) {
            return EDOM;
        }
        if (count > 0) {
            int r = ownMemory(caller, address, count * ASYNMSG_SIZE, true);
            if (r != OK) {
                return r;
            }
        }
        caller.program.sendaTable = address;
        caller.program.sendaCount = count;
        for (int i = 0; i < count; i++) {
            trySendaEntry(caller, i, null, false);
        }
        return OK;
    }

    /**
     * Tries entry {@code index} of {@code sender}'s table. With {@code only} set (a RECEIVE
     * scanning for itself), only an entry for that process is delivered. Returns true if this call
     * delivered a message to {@code only}.
     */
    private boolean trySendaEntry(Process sender, int index, Process only, boolean awaitingReply) {
        int at = sender.program.sendaTable + index * ASYNMSG_SIZE;
        if (!sender.program.space.read(at, entry, 0, ASYNMSG_SIZE)) {
            return false;
        }
        int flags = Message.getInt(entry, ASYNMSG_FLAGS);
        if ((flags & AMF_VALID) == 0 || (flags & AMF_DONE) != 0) {
            return false;
        }
        int dst = Message.getInt(entry, ASYNMSG_DST);
        int result;
        Process target = table.lookup(dst);
        if ((flags & ~KNOWN_AMF) != 0) {
            result = EINVAL;
        } else if (target == null) {
            result = EDEADSRCDST;
        } else if (target.isKernelTask() || target.priv == null || !sender.priv.maySendTo(target.priv)) {
            result = ECALLDENIED;
        } else if (only != null && target != only) {
            return false;
        } else if (only != null ? !(awaitingReply && (flags & AMF_NOREPLY) != 0)
                : target.willReceiveFrom(sender.endpoint)
                        && !((target.program.miscFlags & Process.REPLY_PENDING) != 0 && (flags & AMF_NOREPLY) != 0)) {
            System.arraycopy(entry, ASYNMSG_MSG, scratch.bytes, 0, MESSAGE_SIZE);
            scratch.putInt(M_SOURCE_OFFSET, sender.endpoint);
            deliver(target, scratch.bytes, SENDA);
            result = OK;
        } else {
            target.asyncPending |= 1L << sender.priv.id;
            return false;
        }
        Message.putInt(entry, ASYNMSG_FLAGS, flags | AMF_DONE);
        Message.putInt(entry, ASYNMSG_RESULT, result);
        sender.program.space.write(at + ASYNMSG_FLAGS, entry, ASYNMSG_FLAGS, 4);
        sender.program.space.write(at + ASYNMSG_RESULT, entry, ASYNMSG_RESULT, 4);
        if ((flags & AMF_NOTIFY) != 0 || (result != OK && (flags & AMF_NOTIFY_ERR) != 0)) {
            // The sender asked to hear when the entry is done (or failed): ASYNCM tells it.
            notify(table.slot(org.minixemu.kernel.abi.Abi.ASYNCM), sender);
        }
        return result == OK && target == only;
    }

    /** A RECEIVE looks through the tables of the senders that have entries for it. */
    private boolean takeAsync(Process caller, int source, boolean awaitingReply) {
        long pending = caller.asyncPending;
        while (pending != 0) {
            int id = Long.numberOfTrailingZeros(pending);
            pending &= pending - 1;
            Privilege priv = table.privilege(id);
            Process sender = priv == null ? null : priv.owner;
            if (sender == null || sender.priv != priv) {
                caller.asyncPending &= ~(1L << id);
                continue;
            }
            if (source != ANY && sender.endpoint != source) {
                continue;
            }
            caller.asyncPending &= ~(1L << id);
            for (int i = 0; i < sender.program.sendaCount; i++) {
                // The bit is set again by trySendaEntry for entries that must still wait.
                if (trySendaEntry(sender, i, caller, awaitingReply)) {
                    if (hasEntryFor(sender, caller, i + 1)) {
                        caller.asyncPending |= 1L << id; // the next RECEIVE takes the next one
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code sender}'s table has a live entry for {@code receiver} at or after {@code from}. */
    private boolean hasEntryFor(Process sender, Process receiver, int from) {
        for (int i = from; i < sender.program.sendaCount; i++) {
            int at = sender.program.sendaTable + i * ASYNMSG_SIZE;
            if (!sender.program.space.read(at, entry, 0, ASYNMSG_SIZE)) {
                return false;
            }
            int flags = Message.getInt(entry, ASYNMSG_FLAGS);
            if ((flags & AMF_VALID) != 0 && (flags & AMF_DONE) == 0
                    && table.lookup(Message.getInt(entry, ASYNMSG_DST)) == receiver) {
                return true;
            }
        }
        return false;
    }

    // ---- deadlock, teardown -----------------------------------------------------------------

    /**
     * Whether blocking {@code caller} on {@code peer} (SEND: sending to it; RECEIVE: receiving
     * from it) would close a cycle of blocked processes. A two-party cycle of one sender and one
     * receiver is fine (the message will match). Waiting on oneself is a cycle of one.
     */
    private boolean deadlocked(Process caller, int function, int peer) {
        if (peer == caller.endpoint) {
            return true;
        }
        int groupSize = 1;
        int next = peer;
        while (next != ANY) {
            Process xp = table.lookup(next);
            if (xp == null || xp.isKernelTask()) {
                return false;
            }
            groupSize++;
            next = xp.blockedOn();
            if (next == NONE) {
                return false;
            }
            if (next == caller.endpoint) {
                if (groupSize == 2) {
                    boolean peerSends = (xp.program.rtsFlags & Process.SENDING) != 0;
                    if (peerSends != (function == SEND)) {
                        return false;
                    }
                }
                return true;
            }
            if (groupSize > table.all().length) {
                return false; // a cycle not through the caller: not ours to report
            }
        }
        return false;
    }

    /** Takes {@code p} out of the sender queue it is in, if any (its send is abandoned). */
    void unlinkSender(Process p) {
        if ((p.program.rtsFlags & Process.SENDING) == 0) {
            return;
        }
        Process target = table.lookup(p.program.sendTo);
        if (target != null) {
            Process prev = null;
            for (Process x = target.callerQueue; x != null; prev = x, x = x.nextCaller) {
                if (x == p) {
                    if (prev == null) {
                        target.callerQueue = x.nextCaller;
                    } else {
                        prev.nextCaller = x.nextCaller;
                    }
                    break;
                }
            }
        }
        p.nextCaller = null;
        p.program.rtsFlags &= ~Process.SENDING;
        p.program.sendTo = NONE;
    }

    /**
     * {@code dead} is leaving the table: everyone blocked sending to or receiving from it is woken
     * with EDEADSRCDST, its own pending send is withdrawn, and its notification and SENDA bits
     * are dropped everywhere.
     */
    void processGone(Process dead) {
        unlinkSender(dead);
        releaseWaiters(dead);
        long bit = dead.priv != null && dead.priv.owner == dead ? 1L << dead.priv.id : 0;
        for (Process p : table.all()) {
            if (p != dead && !p.isFree()) {
                p.pendingNotifications &= ~bit;
                p.asyncPending &= ~bit;
            }
        }
    }

    /** Everyone blocked sending to or receiving from {@code p} is woken with EDEADSRCDST. */
    void releaseWaiters(Process dead) {
        for (Process sender = dead.callerQueue; sender != null; ) {
            Process next = sender.nextCaller;
            sender.nextCaller = null;
            sender.program.rtsFlags &= ~Process.SENDING;
            sender.program.sendTo = NONE;
            if ((sender.program.sendCall & org.minixemu.kernel.abi.Abi.IPC_FLG_MSG_FROM_KERNEL) == 0) {
                sender.program.rtsFlags &= ~Process.RECEIVING;
                sender.program.miscFlags &= ~Process.REPLY_PENDING;
                sender.program.getFrom = NONE;
                sender.program.registers[EAX] = EDEADSRCDST;
            }
            scheduler.ready(sender);
            sender = next;
        }
        dead.callerQueue = null;
        for (Process p : table.all()) {
            if (p != dead && !p.isFree() && (p.program.rtsFlags & Process.RECEIVING) != 0
                    && (p.program.rtsFlags & Process.SENDING) == 0 && p.program.getFrom == dead.endpoint) {
                p.program.rtsFlags &= ~Process.RECEIVING;
                p.program.miscFlags &= ~Process.REPLY_PENDING;
                p.program.getFrom = NONE;
                p.program.registers[EAX] = EDEADSRCDST;
                scheduler.ready(p);
            }
        }
    }
}
