package org.minixemu.kernel;

import static org.minixemu.cpu.Cpu.EAX;
import static org.minixemu.cpu.Cpu.ESP;
import static org.minixemu.kernel.abi.Abi.*;

import java.nio.charset.StandardCharsets;

/**
 * The process-management kernel calls of PM, RS, VM and schedulers: FORK, EXEC, CLEAR, UPDATE,
 * SCHEDCTL, SCHEDULE, RUNCTL, STATECTL and VMCTL.
 */
final class ProcessCalls {
    private final Kernel kernel;
    private final ProcessTable table;
    private final Scheduler scheduler;
    private final Ipc ipc;

    ProcessCalls(Kernel kernel, ProcessTable table, Scheduler scheduler, Ipc ipc) {
        this.kernel = kernel;
        this.table = table;
        this.scheduler = scheduler;
        this.ipc = ipc;
    }

    private Process target(Process caller, int endpoint) {
        Process p = table.lookup(caller, endpoint);
        return p == null || p.isKernelTask() ? null : p;
    }

    /**
     * FORK: a copy of the parent in a free slot with a new generation. A parent that forks
     * itself gets its reply before the copy, so the child sees it too. A child of a system
     * process has no privileges (NO_PRIV) until SET_SYS/SET_USER and ALLOW.
     */
    int fork(Process caller, Message m, int messageAddress) {
        Process parent = target(caller, m.getInt(M1_I1));
        if (parent == null) {
            return EINVAL;
        }
        int slot = m.getInt(M1_I2);
        Process child = null;
        if (slot == -1) {
            for (int s = 0; s < NR_PROCS && child == null; s++) {
                if (table.slot(s).isFree()) {
                    child = table.slot(s);
                }
            }
            if (child == null) {
                return EAGAIN;
            }
        } else if (slot < 0 || slot >= NR_PROCS) {
            return EINVAL;
        } else if (!table.slot(slot).isFree()) {
            return EBUSY;
        } else {
            child = table.slot(slot);
        }
        int endpoint = Endpoints.of(Endpoints.next(child.generation), child.slot);
        boolean vmBuildsMemory = kernel.vmProcess() != null;
        if (parent == caller) {
            // The reply goes into the parent's memory before the copy, so the child sees it too.
            m.setType(OK);
            m.putInt(M1_I1, endpoint);
            m.putInt(M_SOURCE_OFFSET, SYSTEM);
            parent.program.space.write(messageAddress, m.bytes, 0, MESSAGE_SIZE);
        }
        AddressSpace space;
        if (vmBuildsMemory) {
            // VM owns memory: the kernel clones the slot only. With PFF_VMINHIBIT the child
            // waits until VM has built its address space; without it the child runs on its
            // parent's page tables, as in MINIX.
            space = parent.program.space;
        } else {
            // No VM in the image (the kernel's own test images): the kernel still plays its
            // boot-time memory manager and copies the space.
            space = parent.program.space.copy();
            if (space == null) {
                return ENOMEM;
            }
            kernel.flushTlb(); // the copy wrote page-table entries word by word, unseen by the CPU
        }
        child.generation = Endpoints.generation(endpoint);
        child.endpoint = endpoint;
        child.priority = parent.priority;
        child.quantumNanos = parent.quantumNanos;
        child.quantumLeftNanos = 0;
        child.scheduler = parent.scheduler;
        child.pendingNotifications = 0;
        child.asyncPending = 0;
        child.userTicks = 0;
        child.systemTicks = 0;
        // The child's program: a fresh state with what a fork copies (registers, memory, the
        // grant table's place, the name); anything else starts empty, whatever the slot held.
        ProgramState from = parent.program;
        ProgramState to = new ProgramState();
        to.label = from.label;
        to.space = space;
        to.ownedSpace = vmBuildsMemory ? null : space;
        System.arraycopy(from.registers, 0, to.registers, 0, 8);
        System.arraycopy(from.selectors, 0, to.selectors, 0, 6);
        to.registers[EAX] = OK;
        to.eip = from.eip;
        to.eflags = from.eflags;
        to.grantTable = from.grantTable;
        to.grantEntries = from.grantEntries;
        to.hasGrantTable = from.hasGrantTable;
        int receiving = 0;
        if ((from.rtsFlags & (Process.RECEIVING | Process.SENDING)) == Process.RECEIVING) {
            // The parent waits for its manager's reply (fork() is a SENDREC to PM): the child
            // waits for its own, which makes fork() return 0 in it.
            receiving = Process.RECEIVING;
            to.getFrom = from.getFrom;
            to.receiveBuffer = from.receiveBuffer;
            to.miscFlags = from.miscFlags & Process.REPLY_PENDING;
        }
        child.program = to;
        int inhibit = (m.getInt(M1_I3) & PFF_VMINHIBIT) != 0 ? Process.VMINHIBIT : 0;
        if (parent.priv == table.userPrivilege()) {
            child.priv = parent.priv;
            to.rtsFlags = receiving | inhibit;
            kernel.makeReady(child);
        } else {
            child.priv = null;
            to.rtsFlags = Process.NO_PRIV | receiving | inhibit;
        }
        m.putInt(M1_I1, endpoint);
        return OK;
    }

    /** EXEC: a new stack pointer, program counter and name for a process. */
    int exec(Process caller, Message m) {
        Process p = target(caller, m.getInt(M1_I1));
        if (p == null) {
            return EINVAL;
        }
        String name = readName(caller, m.getInt(M1_P2));
        if (name == null) {
            return EFAULT;
        }
        p.program.registers[ESP] = m.getInt(M1_P1);
        p.program.eip = m.getInt(M1_P3);
        p.program.label = name;
        // The old program's grant table lay in memory that is gone: the new one registers its own.
        p.program.hasGrantTable = false;
        p.program.grantTable = 0;
        p.program.grantEntries = 0;
        endCallerWait(scheduler, caller, p);
        return OK;
    }

    /**
     * A process that waits in SENDREC for {@code manager} (exec, sigreturn) gets no reply: the
     * call ended by replacing its registers. Its wait ends here, and it runs from them.
     */
    static void endCallerWait(Scheduler scheduler, Process manager, Process p) {
        if ((p.program.rtsFlags & (Process.RECEIVING | Process.SENDING)) == Process.RECEIVING && p.program.getFrom == manager.endpoint) {
            p.program.rtsFlags &= ~Process.RECEIVING;
            p.program.miscFlags &= ~Process.REPLY_PENDING;
            p.program.getFrom = NONE;
            scheduler.ready(p);
        }
    }

    /** A NUL-terminated name of at most 15 characters from {@code p}'s memory, or null. */
    private static String readName(Process p, int address) {
        byte[] b = new byte[16];
        int n = 0;
        byte[] one = new byte[1];
        while (n < 15) {
            if (!p.program.space.read(address + n, one, 0, 1)) {
                return n == 0 ? null : new String(b, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (one[0] == 0) {
                break;
            }
            b[n++] = one[0];
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** CLEAR: PM frees the slot of a process that has exited. */
    int clear(Process caller, Message m) {
        if (m.getInt(M1_I1) == SELF) {
            return EPERM;
        }
        Process p = table.lookup(m.getInt(M1_I1));
        if (p == null) {
            return EINVAL;
        }
        if (p == caller || p.isKernelTask()) {
            return EPERM;
        }
        kernel.removeProcess(p, null);
        return OK;
    }

    /**
     * UPDATE: two system processes exchange everything but their slot identity (slot, endpoint,
     * privilege id, sender queue, pending notifications, alarm), so each slot now runs the other
     * program. Both must be swappable: without privileges to run, held for a signal, or blocked
     * receiving (a plain RECEIVE or the reply half of a SENDREC), never sending.
     */
    int update(Process caller, Message m) {
        Process a = target(caller, m.getInt(M1_I1));
        Process b = target(caller, m.getInt(M1_I2));
        if (a == null || b == null) {
            return EINVAL;
        }
        if (!system(a) || !system(b)) {
            return EPERM;
        }
        if (a == b) {
            return OK;
        }
        if (!swappable(a) || !swappable(b)) {
            return EBUSY;
        }
        scheduler.unready(a);
        scheduler.unready(b);
        Swap.exchange(a, b);
        kernel.makeReady(a);
        kernel.makeReady(b);
        return OK;
    }

    private static boolean system(Process p) {
        return p.priv != null && p.priv.owner == p && (p.priv.flags & SYS_PROC) != 0;
    }

    private static boolean swappable(Process p) {
        if ((p.program.rtsFlags & Process.SENDING) != 0) {
            return false; // its message waits in a queue that belongs to its slot
        }
        if ((p.program.rtsFlags & (Process.NO_PRIV | Process.SIGNALED)) != 0) {
            return true;
        }
        // Receiving, in a plain RECEIVE or in SENDREC's receive half: the old version of a
        // service is blocked in SENDREC to RS when it is updated (minix3-facts.md section 8).
        return p.program.rtsFlags == Process.RECEIVING;
    }

    /** SCHEDCTL: the caller (or, with SCHEDCTL_FLAG_KERNEL, the kernel) schedules a process. */
    int schedctl(Process caller, Message m) {
        Process p = target(caller, m.getInt(M9_L2));
        if (p == null) {
            return EINVAL;
        }
        p.scheduler = (m.getInt(M9_L1) & SCHEDCTL_FLAG_KERNEL) != 0 ? NONE : caller.endpoint;
        return OK;
    }

    /** SCHEDULE: a process's scheduler sets its priority and quantum. */
    int schedule(Process caller, Message m) {
        Process p = target(caller, m.getInt(M9_L1));
        if (p == null) {
            return EINVAL;
        }
        if (p.scheduler != caller.endpoint) {
            return EPERM;
        }
        int priority = m.getShort(M9_S1);
        int quantumMs = m.getInt(M9_L2);
        if (priority < 0 || priority >= Scheduler.QUEUES || quantumMs < 1) {
            return EINVAL;
        }
        scheduler.unready(p);
        p.priority = priority;
        p.quantumNanos = quantumMs * 1_000_000L;
        p.quantumLeftNanos = Math.min(p.quantumLeftNanos, p.quantumNanos);
        kernel.makeReady(p);
        return OK;
    }

    /** RUNCTL: stop or resume a process; with RC_DELAY, a process in the middle of a send is EBUSY. */
    int runctl(Process caller, Message m) {
        Process p = target(caller, m.getInt(M1_I1));
        if (p == null) {
            return EINVAL;
        }
        switch (m.getInt(M1_I2)) {
            case RC_STOP:
                if ((m.getInt(M1_I3) & RC_DELAY) != 0 && (p.program.rtsFlags & Process.SENDING) != 0) {
                    // Its message is queued; stopping it now would strand the receiver. The
                    // manager hears SIGSNDELAY when the send completes and asks again.
                    p.program.stopWhenSent = true;
                    return EBUSY;
                }
                p.program.rtsFlags |= Process.STOPPED;
                scheduler.unready(p);
                return OK;
            case RC_RESUME:
                p.program.rtsFlags &= ~Process.STOPPED;
                kernel.makeReady(p);
                return OK;
            default:
                return EINVAL;
        }
    }

    /** STATECTL CLEAR_IPC_REFS: a restarted driver releases everyone still waiting on it. */
    int statectl(Process caller, Message m) {
        if (m.getInt(M2_I2) != SYS_STATE_CLEAR_IPC_REFS) {
            return EINVAL;
        }
        ipc.releaseWaiters(caller);
        return OK;
    }

    /**
     * VMCTL: ENABLE_PAGING makes the caller the pager of a process (its page faults come to the
     * caller as VM_PAGEFAULT messages), CLEAR_PAGEFAULT resumes it at the faulting instruction,
     * SETADDRSPACE runs it on page tables the caller built.
     */
    int vmctl(Process caller, Message m) {
        Process p = target(caller, m.getInt(M1_I1));
        if (p == null) {
            return EINVAL;
        }
        switch (m.getInt(M1_I2)) {
            case VMCTL_ENABLE_PAGING:
                p.program.pager = caller;
                return OK;
            case VMCTL_CLEAR_PAGEFAULT:
                if ((p.program.rtsFlags & Process.PAGEFAULT) == 0) {
                    return EINVAL;
                }
                ipc.unlinkSender(p);
                p.program.rtsFlags &= ~Process.PAGEFAULT;
                kernel.makeReady(p);
                return OK;
            case VMCTL_SETADDRSPACE: {
                int directory = m.getInt(M1_I3);
                if ((directory & 0xFFF) != 0 || !kernel.machine().memory().isRam(Integer.toUnsignedLong(directory),
                        FrameAllocator.PAGE)) {
                    return EINVAL;
                }
                if (p.program.ownedSpace != null && kernel.frames().isClosed()) {
                    return EPERM; // frames the kernel would release; never after the hand-over
                }
                p.program.space = AddressSpace.foreign(kernel.machine().memory(), kernel.frames(), directory);
                kernel.flushTlb();
                return OK;
            }
            case VMCTL_FLUSHTLB:
                kernel.flushTlb();
                return OK;
            case VMCTL_VMINHIBIT_SET:
                p.program.rtsFlags |= Process.VMINHIBIT;
                scheduler.unready(p);
                return OK;
            case VMCTL_VMINHIBIT_CLEAR:
                p.program.rtsFlags &= ~Process.VMINHIBIT;
                kernel.makeReady(p);
                return OK;
            case VMCTL_MEMREQ_GET:
                return kernel.memoryRequests().get(m);
            case VMCTL_MEMREQ_REPLY:
                return kernel.memoryRequests().reply(p, m.getInt(M1_I3));
            default:
                return EINVAL;
        }
    }
}
