package org.minixemu.kernel.inspect;

import java.util.List;

/**
 * A privilege structure in words (minix3-facts.md section 4).
 *
 * @param id the privilege id
 * @param shared whether it is the one privilege all user processes share
 * @param flags the privilege flags by name (SYS_PROC, PREEMPTIBLE, ...)
 * @param ipcCalls the IPC primitives it may use (the trap mask), by name
 * @param ipcTargets labels of the processes it may send to
 * @param kernelCalls the kernel calls it may make, by name without SYS_
 * @param ioRanges port ranges as "0x3f8-0x3ff"
 * @param irqs the IRQ lines it may hook
 * @param memRanges memory ranges as "0x...-0x..."
 */
public record PrivilegeSnapshot(int id, boolean shared, List<String> flags, List<String> ipcCalls,
        List<String> ipcTargets, List<String> kernelCalls, List<String> ioRanges, List<Integer> irqs,
        List<String> memRanges) {
    public PrivilegeSnapshot {
        flags = List.copyOf(flags);
        ipcCalls = List.copyOf(ipcCalls);
        ipcTargets = List.copyOf(ipcTargets);
        kernelCalls = List.copyOf(kernelCalls);
        ioRanges = List.copyOf(ioRanges);
        irqs = List.copyOf(irqs);
        memRanges = List.copyOf(memRanges);
    }
}
