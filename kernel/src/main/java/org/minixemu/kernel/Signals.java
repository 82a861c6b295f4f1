package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.EINVAL;
import static org.minixemu.kernel.abi.Abi.EPERM;
import static org.minixemu.kernel.abi.Abi.NONE;
import static org.minixemu.kernel.abi.Abi.OK;
import static org.minixemu.kernel.abi.Abi.SIGKSIG;
import static org.minixemu.kernel.abi.Abi.SIGKSIGSM;
import static org.minixemu.kernel.abi.Abi.SYSTEM;

/**
 * Kernel signals and signal managers (minix3-facts.md section 9, the 2010-03 "new signal
 * handling" seed commit): a signal for a process goes to the process named as its manager in
 * its privilege. The process is held (SIGNALED) and the manager is told by a notification from
 * SYSTEM carrying SIGKSIG; the manager takes each signalled process with GETKSIG and lets it go
 * with ENDKSIG (or clears it). A process without a manager is reported and removed.
 */
final class Signals {
    private final Kernel kernel;
    private final ProcessTable table;
    private final Scheduler scheduler;
    private final Ipc ipc;

    Signals(Kernel kernel, ProcessTable table, Scheduler scheduler, Ipc ipc) {
        this.kernel = kernel;
        this.table = table;
        this.scheduler = scheduler;
        this.ipc = ipc;
    }

    /**
     * Raises {@code signal} on {@code p}. Without a live manager (or for a lethal signal on a
     * process that manages itself) {@code p} is removed, with {@code reason} on the console.
     */
    void raise(Process p, int signal, String reason) {
        int managerEndpoint = p.priv == null ? NONE : p.priv.signalManager;
        Process manager = managerEndpoint == NONE ? null : table.lookup(managerEndpoint);
        if (manager == p && lethal(signal)) {
            // A self-managed process (RS, PM) cannot handle a signal it will not survive: its
            // backup manager takes it; without one the system has lost a process it cannot
            // do without, and the kernel stops rather than go on silently without it.
            Process backup = p.priv.backupSignalManager == NONE ? null : table.lookup(p.priv.backupSignalManager);
            if (backup == null || backup == p) {
                kernel.panic(p.program.label + " " + reason + ", and it has no backup signal manager");
                return;
            }
            manager = backup;
        }
        if (manager == null) {
            kernel.removeProcess(p, reason);
            return;
        }
        if (manager == p) {
            // A process that manages itself gets the signal in its own kernel-signal set, with
            // SIGKSIGSM, and keeps running (its SEF signal handler sees it).
            p.priv.kernelSignals |= (1 << signal) | (1 << SIGKSIGSM);
            ipc.notify(table.slot(SYSTEM), p);
            return;
        }
        p.program.pendingSignals |= 1 << signal;
        if ((p.program.rtsFlags & Process.SIGNALED) == 0) {
            p.program.rtsFlags |= Process.SIGNALED;
            scheduler.unready(p);
            tellManager(manager);
        }
    }

    /** Whether {@code manager} handles {@code p}'s signals: its manager, or its backup for a lethal one. */
    private static boolean managedBy(Process p, Process manager) {
        return p.priv.signalManager == manager.endpoint
                || (p.priv.signalManager == p.endpoint && p.priv.backupSignalManager == manager.endpoint);
    }

    /** Signals a process cannot survive by ignoring them: it would run into the fault again. */
    private static boolean lethal(int signal) {
        return signal == org.minixemu.kernel.abi.Abi.SIGSEGV || signal == org.minixemu.kernel.abi.Abi.SIGILL
                || signal == org.minixemu.kernel.abi.Abi.SIGFPE || signal == org.minixemu.kernel.abi.Abi.SIGBUS
                || signal == org.minixemu.kernel.abi.Abi.SIGKILL || signal == org.minixemu.kernel.abi.Abi.SIGABRT
                || signal == org.minixemu.kernel.abi.Abi.SIGTRAP;
    }

    private void tellManager(Process manager) {
        manager.priv.kernelSignals |= 1 << SIGKSIG;
        ipc.notify(table.slot(SYSTEM), manager);
    }

    /**
     * GETKSIG: one process the caller manages that has signals pending, and its set (which the
     * caller now holds); NONE and 0 when there is none.
     */
    int getksig(Process caller, Message m) {
        for (Process p : table.all()) {
            if (p == caller || p.isFree() || p.isKernelTask() || (p.program.rtsFlags & Process.DEAD) != 0
                    || p.program.pendingSignals == 0 || p.priv == null || !managedBy(p, caller)) {
                continue;
            }
            m.putInt(org.minixemu.kernel.abi.Abi.M2_I1, p.endpoint);
            m.putInt(org.minixemu.kernel.abi.Abi.M2_L1, p.program.pendingSignals);
            p.program.pendingSignals = 0;
            p.program.signalsInHand = true;
            return OK;
        }
        m.putInt(org.minixemu.kernel.abi.Abi.M2_I1, NONE);
        m.putInt(org.minixemu.kernel.abi.Abi.M2_L1, 0);
        return OK;
    }

    /** ENDKSIG: the manager is done with {@code endpoint}; it runs again unless more signals came. */
    int endksig(Process caller, int endpoint) {
        Process p = table.lookup(endpoint);
        if (p == null || p.isKernelTask()) {
            return EINVAL;
        }
        if (p.priv == null || !managedBy(p, caller)) {
            return EPERM;
        }
        if ((p.program.rtsFlags & Process.SIGNALED) == 0 && p != caller) {
            return EINVAL;
        }
        p.program.signalsInHand = false;
        if (p.program.pendingSignals != 0 && p != caller) {
            tellManager(caller);
            return OK;
        }
        p.program.rtsFlags &= ~Process.SIGNALED;
        scheduler.ready(p);
        return OK;
    }
}
