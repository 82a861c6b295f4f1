package org.minixemu.kernel.inspect;

import java.util.List;

/**
 * One process slot at one moment, for the debugger: identity, run state in words, scheduling,
 * IPC and signal state, registers, and privileges. Endpoints that name other processes are
 * also given as labels, so nothing here needs the process table to be read.
 *
 * @param slot the slot (kernel tasks are negative)
 * @param endpoint the endpoint ({@code generation x 36558 + slot})
 * @param generation how many times the slot has been reused
 * @param label the boot.cfg label (or the label the process was given later)
 * @param kernelTask whether it is a kernel task (an identity that never runs)
 * @param running whether it is the process on the CPU (or the last one that ran)
 * @param runFlags the raw run-state flags (0: runnable)
 * @param state the run state in words, e.g. "runnable", "receiving from ANY", "sending to pong"
 * @param priority the scheduling queue (0 most urgent)
 * @param quantumNanos the full quantum in guest nanoseconds
 * @param quantumLeftNanos what is left of it
 * @param userTicks clock ticks billed to it
 * @param signalManager the signal manager's label, or "-" for none
 * @param pendingSignals bit n: signal n waits for the manager
 * @param pendingNotifications labels of the processes whose notifications wait
 * @param queuedSenders labels of the processes blocked sending to it, in queue order
 * @param registers EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI (the CPU's order)
 * @param eip the saved instruction pointer
 * @param eflags the saved flags
 * @param selectors ES, CS, SS, DS, FS, GS
 * @param grantTable the grant table's address in its memory
 * @param grantEntries the grant table's entries (0 without SETGRANT)
 * @param privilege its privileges, or null (a free or unprivileged slot)
 */
public record ProcessSnapshot(int slot, int endpoint, int generation, String label, boolean kernelTask,
        boolean running, int runFlags, String state, int priority, long quantumNanos, long quantumLeftNanos,
        long userTicks, String signalManager, int pendingSignals, List<String> pendingNotifications,
        List<String> queuedSenders, int[] registers, int eip, int eflags, int[] selectors, int grantTable,
        int grantEntries, PrivilegeSnapshot privilege) {
    public ProcessSnapshot {
        pendingNotifications = List.copyOf(pendingNotifications);
        queuedSenders = List.copyOf(queuedSenders);
        registers = registers.clone();
        selectors = selectors.clone();
    }

    /** The saved registers (a copy). */
    @Override
    public int[] registers() {
        return registers.clone();
    }

    /** The saved segment selectors (a copy). */
    @Override
    public int[] selectors() {
        return selectors.clone();
    }
}
