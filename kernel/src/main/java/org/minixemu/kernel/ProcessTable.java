package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.NR_PROCS;
import static org.minixemu.kernel.abi.Abi.NR_SYS_PROCS;
import static org.minixemu.kernel.abi.Abi.NR_TASKS;

/**
 * The process table (kernel tasks at negative slots, then NR_PROCS process slots) and the
 * privilege table, with endpoint validation.
 */
final class ProcessTable {
    private final Process[] slots = new Process[NR_TASKS + NR_PROCS];
    private final Privilege[] privileges = new Privilege[NR_SYS_PROCS];
    private Privilege userPrivilege;

    ProcessTable() {
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Process(i - NR_TASKS);
        }
    }

    /** The process in {@code slot} (-NR_TASKS .. NR_PROCS-1), whatever its state. */
    Process slot(int slot) {
        return slots[slot + NR_TASKS];
    }

    /** The live process that currently carries exactly {@code endpoint}, or null. */
    Process lookup(int endpoint) {
        int slot = Endpoints.slot(endpoint);
        if (slot < -NR_TASKS || slot >= NR_PROCS) {
            return null;
        }
        Process p = slots[slot + NR_TASKS];
        if (p.isFree() || p.endpoint != endpoint || (p.program.rtsFlags & Process.DEAD) != 0) {
            return null;
        }
        return p;
    }

    /**
     * The process a kernel call's endpoint argument names: {@code caller} for SELF, else the
     * live process with exactly that endpoint, or null.
     */
    Process lookup(Process caller, int endpoint) {
        return endpoint == org.minixemu.kernel.abi.Abi.SELF ? caller : lookup(endpoint);
    }

    /**
     * If {@code priv} may send to B, B may send back to it (unless B can only receive), so that
     * replies always get through (minix3-facts.md section 4: the mask is kept symmetric).
     */
    void makeIpcSymmetric(Privilege priv) {
        for (Privilege other : privileges) {
            if (other != null && priv.maySendTo(other)
                    && other.trapMask != (1 << org.minixemu.kernel.abi.Abi.RECEIVE)) {
                other.ipcTo |= 1L << priv.id;
            }
        }
    }

    /** Every slot, kernel tasks first. */
    Process[] all() {
        return slots;
    }

    /** The privilege with {@code id}, or null. */
    Privilege privilege(int id) {
        return id >= 0 && id < privileges.length ? privileges[id] : null;
    }

    /** Creates the privilege with a fixed id (boot processes and kernel tasks). */
    Privilege createPrivilege(int id) {
        if (privileges[id] != null) {
            throw new IllegalStateException("privilege id " + id + " is taken");
        }
        return privileges[id] = new Privilege(id);
    }

    /** Creates a privilege with the first free id at or above {@code from}, or null when none is left. */
    Privilege createPrivilegeFrom(int from) {
        for (int id = from; id < privileges.length; id++) {
            if (privileges[id] == null) {
                return privileges[id] = new Privilege(id);
            }
        }
        return null;
    }

    /**
     * The privilege all user processes share (SENDREC only, no kernel calls, ports or IRQs),
     * created on first use with the highest free id; null if none is left.
     */
    Privilege userPrivilege() {
        if (userPrivilege == null) {
            for (int id = privileges.length - 1; id >= 0 && userPrivilege == null; id--) {
                if (privileges[id] == null) {
                    userPrivilege = privileges[id] = new Privilege(id);
                }
            }
            if (userPrivilege != null) {
                userPrivilege.flags = org.minixemu.kernel.abi.Abi.BILLABLE | org.minixemu.kernel.abi.Abi.PREEMPTIBLE
                        | org.minixemu.kernel.abi.Abi.CHECK_IO_PORT | org.minixemu.kernel.abi.Abi.CHECK_IRQ;
                userPrivilege.trapMask = 1 << org.minixemu.kernel.abi.Abi.SENDREC;
                userPrivilege.signalManager = org.minixemu.kernel.abi.Abi.NONE;
                // Ours: a user program may register a grant table, so that it can hand a driver
                // or DS its buffer (until VFS makes magic grants for it). It can only ever grant
                // its own memory; every other kernel call stays out of reach.
                userPrivilege.allowCall("SETGRANT");
            }
        }
        return userPrivilege;
    }

    /** Frees a privilege slot (never the shared user privilege). */
    void releasePrivilege(Privilege priv) {
        if (priv != userPrivilege) {
            privileges[priv.id] = null;
            // Whoever takes this id next must not inherit the right to be called by the old
            // owner's correspondents.
            for (Privilege other : privileges) {
                if (other != null) {
                    other.ipcTo &= ~(1L << priv.id);
                }
            }
        }
    }

    /** Every privilege in use, by id. */
    Privilege[] privileges() {
        return privileges;
    }
}
