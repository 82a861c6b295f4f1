package org.minixemu.kernel;

import java.util.BitSet;

/**
 * A privilege structure (minix3-facts.md section 4): what a process may do. Every system process
 * has its own; all user processes share one. Identified by a small id (0..NR_SYS_PROCS-1) that
 * indexes IPC-target masks and notification bitmaps, so those are single {@code long}s.
 */
final class Privilege {
    final int id;
    /** The owning process (for the shared user privilege: the first user process). */
    Process owner;
    int flags;
    /** Bit n set: IPC call n is allowed (SEND 1 ... SENDA 16). */
    int trapMask;
    /** Bit n set: this may send to the privilege with id n. */
    long ipcTo;
    /** Bit n set: kernel call KERNEL_CALL + n is allowed. */
    final BitSet kernelCalls = new BitSet();
    /** I/O port ranges as [first, last] pairs; consulted when CHECK_IO_PORT is set. */
    int[][] ioRanges = new int[0][];
    /** Bit n set: IRQ line n may be hooked; consulted when CHECK_IRQ is set. */
    int irqMask;
    /** The signal manager's endpoint, or NONE. */
    int signalManager;
    /**
     * Who gets a lethal signal of a process that manages itself (RS), or NONE: then the system
     * cannot go on and the kernel stops with a panic (minix3-facts.md section 9).
     */
    int backupSignalManager = org.minixemu.kernel.abi.Abi.NONE;

    /** Memory ranges as [first, last] pairs (QUERY_MEM). */
    int[][] memRanges = new int[0][];
    /** Kernel signals (SIGKSIG, ...) for this process as a manager, sent with SYSTEM's notification. */
    int kernelSignals;

    /** Bits (hook notify ids) of IRQs that fired since the last HARDWARE notification. */
    int pendingIrqs;
    /** The alarm's expiry in clock ticks, or -1 when none is set. */
    long alarmTick = -1;

    /**
     * The kernel calls every system process gets unless told NONE (minix3-facts.md section 4),
     * by name without the SYS_ prefix.
     */
    static final java.util.List<String> BASIC_CALLS = java.util.List.of("EXIT", "SAFECOPYFROM", "SAFECOPYTO",
            "VSAFECOPY", "GETINFO", "TIMES", "SETALARM", "SETGRANT", "SAFEMAP", "SAFEREVMAP", "SAFEUNMAP", "PROFBUF",
            "SYSCTL", "STATECTL");

    /**
     * Allows the kernel call named {@code name} (without SYS_); false if there is no such call.
     */
    boolean allowCall(String name) {
        Integer number = org.minixemu.kernel.abi.Abi.KERNEL_CALLS.get("SYS_" + name);
        if (number == null) {
            return false;
        }
        kernelCalls.set(number - org.minixemu.kernel.abi.Abi.KERNEL_CALL);
        return true;
    }

    /** Allows the basic kernel calls. */
    void allowBasicCalls() {
        for (String name : BASIC_CALLS) {
            allowCall(name);
        }
    }

    Privilege(int id) {
        this.id = id;
    }

    boolean mayCall(int ipcCall) {
        return (trapMask & (1 << ipcCall)) != 0;
    }

    boolean maySendTo(Privilege target) {
        return (ipcTo & (1L << target.id)) != 0;
    }

    /** Whether the port range [port, port + size) lies inside one allowed range. */
    boolean mayUsePorts(int port, int size) {
        if ((flags & org.minixemu.kernel.abi.Abi.CHECK_IO_PORT) == 0) {
            return true;
        }
        for (int[] range : ioRanges) {
            if (port >= range[0] && port + size - 1 <= range[1]) {
                return true;
            }
        }
        return false;
    }

    boolean mayUseIrq(int irq) {
        return (flags & org.minixemu.kernel.abi.Abi.CHECK_IRQ) == 0 || (irqMask & (1 << irq)) != 0;
    }
}
