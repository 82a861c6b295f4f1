package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.*;

/**
 * PRIVCTL: how RS gives a new system process its privileges at run time (minix3-facts.md
 * section 4): a fork child starts with none (NO_PRIV) and cannot run; SET_SYS gives it a
 * privilege of its own (defaults, then the caller's description), SET_USER the shared user
 * privilege, ALLOW lets it run. ADD_IO, ADD_MEM and ADD_IRQ extend a system process's ranges;
 * UPDATE_SYS replaces them.
 */
final class PrivilegeCalls {
    private final Kernel kernel;
    private final ProcessTable table;
    private final Scheduler scheduler;
    private final byte[] spec = new byte[PRIV_SPEC_SIZE];
    private final byte[] range = new byte[PRIV_RANGE_SIZE];

    PrivilegeCalls(Kernel kernel, ProcessTable table, Scheduler scheduler) {
        this.kernel = kernel;
        this.table = table;
        this.scheduler = scheduler;
    }

    int privctl(Process caller, Message m) {
        int endpoint = m.getInt(M2_I1);
        Process target = table.lookup(caller, endpoint);
        if (target == null) {
            return EINVAL;
        }
        if (target.isKernelTask()) {
            return EPERM;
        }
        int arg = m.getInt(M2_P1);
        switch (m.getInt(M2_I2)) {
            case SYS_PRIV_ALLOW:
                if (target.priv == null) {
                    return EPERM;
                }
                target.program.rtsFlags &= ~Process.NO_PRIV;
                kernel.makeReady(target);
                return OK;
            case SYS_PRIV_DISALLOW:
                target.program.rtsFlags |= Process.NO_PRIV;
                scheduler.unready(target);
                return OK;
            case SYS_PRIV_SET_SYS:
                return setSystem(caller, target, arg);
            case SYS_PRIV_SET_USER:
                if ((target.program.rtsFlags & Process.NO_PRIV) == 0) {
                    return EPERM;
                }
                releaseOwn(target);
                target.priv = table.userPrivilege();
                return target.priv == null ? ENOSPC : OK;
            case SYS_PRIV_ADD_IO, SYS_PRIV_ADD_MEM:
                return addRange(caller, target, arg, m.getInt(M2_I2) == SYS_PRIV_ADD_IO);
            case SYS_PRIV_ADD_IRQ:
                return addIrq(caller, target, arg);
            case SYS_PRIV_QUERY_MEM:
                return queryMemory(target, m.getInt(M2_L1), m.getInt(M2_L2));
            case SYS_PRIV_UPDATE_SYS:
                if (!ownsSystemPrivilege(target)) {
                    return EPERM;
                }
                if (!caller.program.space.read(arg, spec, 0, PRIV_SPEC_SIZE)) {
                    return EFAULT;
                }
                return apply(target, target.priv);
            case SYS_PRIV_YIELD:
                return yieldTo(caller, target);
            default:
                return EINVAL;
        }
    }

    /**
     * YIELD (minix3-facts.md section 4: "let target run, block caller"): the target, which has
     * a privilege of its own but was not allowed to run yet, may run; the caller may not until
     * someone ALLOWs it again. A new RS taking over from the old one uses it.
     */
    private int yieldTo(Process caller, Process target) {
        if (target == caller || !ownsSystemPrivilege(target)) {
            return EPERM;
        }
        target.program.rtsFlags &= ~Process.NO_PRIV;
        kernel.makeReady(target);
        caller.program.rtsFlags |= Process.NO_PRIV;
        scheduler.unready(caller);
        return OK;
    }

    /**
     * GETINFO GET_PRIV: {@code target}'s privilege as a {@code priv_spec}, the form SET_SYS takes,
     * so RS can give a restarted service what the old one had. IPC targets are named by the
     * current endpoint of each privilege's owner (at most PRIV_MAX_IPC_TO; E2BIG beyond).
     */
    int describe(Process target, byte[] out) {
        Privilege priv = target.priv;
        if (priv == null) {
            return EINVAL;
        }
        java.util.Arrays.fill(out, (byte) 0);
        Message.putInt(out, PRIV_SPEC_FLAGS, priv.flags);
        Message.putInt(out, PRIV_SPEC_TRAP_MASK, priv.trapMask);
        for (int n = 0; n < NR_SYS_CALLS; n++) {
            if (priv.kernelCalls.get(n)) {
                int at = PRIV_SPEC_CALL_MASK + 4 * (n >>> 5);
                Message.putInt(out, at, Message.getInt(out, at) | (1 << (n & 31)));
            }
        }
        Message.putInt(out, PRIV_SPEC_SIG_MGR, priv.signalManager);
        int targets = 0;
        for (Privilege other : table.privileges()) {
            if (other != null && other.owner != null && (priv.ipcTo & (1L << other.id)) != 0) {
                if (targets == PRIV_MAX_IPC_TO) {
                    return E2BIG;
                }
                Message.putInt(out, PRIV_SPEC_IPC_TO + 4 * targets++, other.owner.endpoint);
            }
        }
        Message.putInt(out, PRIV_SPEC_NR_IPC_TO, targets);
        int[][] io = priv.ioRanges == null ? new int[0][] : priv.ioRanges;
        int ioCount = Math.min(io.length, PRIV_MAX_IO);
        Message.putInt(out, PRIV_SPEC_NR_IO, (priv.flags & CHECK_IO_PORT) == 0 ? 0 : ioCount);
        for (int i = 0; i < ioCount; i++) {
            Message.putInt(out, PRIV_SPEC_IO + 8 * i, io[i][0]);
            Message.putInt(out, PRIV_SPEC_IO + 8 * i + 4, io[i][1]);
        }
        int irqs = 0;
        for (int irq = 0; irq < NR_IRQ_VECTORS && irqs < PRIV_MAX_IRQ; irq++) {
            if ((priv.irqMask & (1 << irq)) != 0) {
                Message.putInt(out, PRIV_SPEC_IRQ + 4 * irqs++, irq);
            }
        }
        Message.putInt(out, PRIV_SPEC_NR_IRQ, irqs);
        int[][] mem = priv.memRanges == null ? new int[0][] : priv.memRanges;
        int memCount = Math.min(mem.length, PRIV_MAX_MEM);
        Message.putInt(out, PRIV_SPEC_NR_MEM, memCount);
        for (int i = 0; i < memCount; i++) {
            Message.putInt(out, PRIV_SPEC_MEM + 8 * i, mem[i][0]);
            Message.putInt(out, PRIV_SPEC_MEM + 8 * i + 4, mem[i][1]);
        }
        return OK;
    }

    private static boolean ownsSystemPrivilege(Process p) {
        return p.priv != null && p.priv.owner == p && (p.priv.flags & SYS_PROC) != 0;
    }

    /** SET_SYS: a privilege of the target's own, with defaults and then the description at {@code arg}. */
    private int setSystem(Process caller, Process target, int arg) {
        if ((target.program.rtsFlags & Process.NO_PRIV) == 0) {
            return EPERM;
        }
        if (arg != 0 && !caller.program.space.read(arg, spec, 0, PRIV_SPEC_SIZE)) {
            return EFAULT;
        }
        Privilege priv = target.priv != null && target.priv.owner == target ? target.priv
                : table.createPrivilegeFrom(NR_TASKS);
        if (priv == null) {
            return ENOSPC;
        }
        priv.owner = target;
        priv.flags = SYS_PROC | PREEMPTIBLE | DYN_PRIV_ID | CHECK_IO_PORT | CHECK_IRQ;
        priv.trapMask = BootLoader.ALL_IPC_CALLS;
        priv.kernelCalls.clear();
        priv.allowBasicCalls();
        priv.ipcTo = 0;
        for (Privilege other : table.privileges()) {
            if (other != null && (other.flags & SYS_PROC) != 0) {
                priv.ipcTo |= 1L << other.id;
            }
        }
        priv.ioRanges = new int[0][];
        priv.irqMask = 0;
        priv.memRanges = new int[0][];
        priv.signalManager = caller.endpoint;
        target.priv = priv;
        int r = arg == 0 ? OK : apply(target, priv);
        table.makeIpcSymmetric(priv);
        return r;
    }

    /** Applies the privilege description in {@link #spec} to {@code priv}. */
    private int apply(Process target, Privilege priv) {
        int ipcCount = Message.getInt(spec, PRIV_SPEC_NR_IPC_TO);
        int ioCount = Message.getInt(spec, PRIV_SPEC_NR_IO);
        int irqCount = Message.getInt(spec, PRIV_SPEC_NR_IRQ);
        int memCount = Message.getInt(spec, PRIV_SPEC_NR_MEM);
        if (ipcCount < 0 || ipcCount > PRIV_MAX_IPC_TO || ioCount < 0 || ioCount > PRIV_MAX_IO || irqCount < 0
                || irqCount > PRIV_MAX_IRQ || memCount < 0 || memCount > PRIV_MAX_MEM) {
            return EINVAL;
        }
        long ipcTo = 0;
        for (int i = 0; i < ipcCount; i++) {
            int endpoint = Message.getInt(spec, PRIV_SPEC_IPC_TO + 4 * i);
            Process other = endpoint == SELF ? target : table.lookup(endpoint);
            if (other == null || other.priv == null) {
                return EINVAL;
            }
            ipcTo |= 1L << other.priv.id;
        }
        int[][] io = ranges(PRIV_SPEC_IO, ioCount, 0xFFFF);
        int[][] mem = ranges(PRIV_SPEC_MEM, memCount, -1);
        if (io == null || mem == null) {
            return EINVAL;
        }
        int irqMask = 0;
        for (int i = 0; i < irqCount; i++) {
            int irq = Message.getInt(spec, PRIV_SPEC_IRQ + 4 * i);
            if (irq < 0 || irq >= NR_IRQ_VECTORS) {
                return EINVAL;
            }
            irqMask |= 1 << irq;
        }
        int manager = Message.getInt(spec, PRIV_SPEC_SIG_MGR);
        priv.flags = Message.getInt(spec, PRIV_SPEC_FLAGS) | SYS_PROC | CHECK_IO_PORT | CHECK_IRQ;
        priv.trapMask = Message.getInt(spec, PRIV_SPEC_TRAP_MASK);
        priv.kernelCalls.clear();
        for (int n = 0; n < NR_SYS_CALLS; n++) {
            if ((Message.getInt(spec, PRIV_SPEC_CALL_MASK + 4 * (n >>> 5)) & (1 << (n & 31))) != 0) {
                priv.kernelCalls.set(n);
            }
        }
        priv.signalManager = manager == SELF ? target.endpoint : manager;
        priv.ipcTo = ipcTo;
        priv.ioRanges = io;
        priv.memRanges = mem;
        priv.irqMask = irqMask;
        table.makeIpcSymmetric(priv);
        return OK;
    }

    /** {base, last} pairs from the description; null if one is reversed or above {@code max}. */
    private int[][] ranges(int offset, int count, int max) {
        int[][] out = new int[count][];
        for (int i = 0; i < count; i++) {
            int base = Message.getInt(spec, offset + 8 * i);
            int last = Message.getInt(spec, offset + 8 * i + 4);
            if (Integer.compareUnsigned(base, last) > 0 || (max >= 0 && Integer.compareUnsigned(last, max) > 0)) {
                return null;
            }
            out[i] = new int[] {base, last};
        }
        return out;
    }

    private void releaseOwn(Process target) {
        if (target.priv != null && target.priv.owner == target) {
            table.releasePrivilege(target.priv);
        }
    }

    private int addRange(Process caller, Process target, int arg, boolean ports) {
        if (!ownsSystemPrivilege(target)) {
            return EPERM;
        }
        if (!caller.program.space.read(arg, range, 0, PRIV_RANGE_SIZE)) {
            return EFAULT;
        }
        int base = Message.getInt(range, PRIV_RANGE_BASE);
        int last = Message.getInt(range, PRIV_RANGE_LAST);
        int[][] old = ports ? target.priv.ioRanges : target.priv.memRanges;
        if (Integer.compareUnsigned(base, last) > 0 || (ports && Integer.compareUnsigned(last, 0xFFFF) > 0)
                || old.length >= (ports ? PRIV_MAX_IO : PRIV_MAX_MEM)) {
            return EINVAL;
        }
        int[][] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = new int[] {base, last};
        if (ports) {
            target.priv.ioRanges = grown;
            target.priv.flags |= CHECK_IO_PORT;
        } else {
            target.priv.memRanges = grown;
            target.priv.flags |= CHECK_MEM;
        }
        return OK;
    }

    private int addIrq(Process caller, Process target, int arg) {
        if (!ownsSystemPrivilege(target)) {
            return EPERM;
        }
        if (!caller.program.space.read(arg, range, 0, 4)) {
            return EFAULT;
        }
        int irq = Message.getInt(range, 0);
        if (irq < 0 || irq >= NR_IRQ_VECTORS || Integer.bitCount(target.priv.irqMask) >= PRIV_MAX_IRQ) {
            return EINVAL;
        }
        target.priv.irqMask |= 1 << irq;
        target.priv.flags |= CHECK_IRQ;
        return OK;
    }

    private static int queryMemory(Process target, int base, int size) {
        if (target.priv == null) {
            return EPERM;
        }
        long first = Integer.toUnsignedLong(base);
        long end = first + Integer.toUnsignedLong(size);
        for (int[] r : target.priv.memRanges) {
            if (first >= Integer.toUnsignedLong(r[0]) && end - 1 <= Integer.toUnsignedLong(r[1]) && end > first) {
                return OK;
            }
        }
        return EPERM;
    }
}
