package org.minixemu.kernel;

/**
 * The exchange behind SYS_UPDATE (minix3-facts.md section 8): two slots swap everything that
 * makes up the program running in them, and keep what identifies the slot -- slot number,
 * endpoint, generation, privilege id, sender queue, pending notifications and SENDA bits, pending
 * IRQs, alarm and SENDA table.
 */
final class Swap {
    private Swap() {
    }

    static void exchange(Process a, Process b) {
        swapArrays(a.registers, b.registers);
        swapArrays(a.selectors, b.selectors);
        int i;
        i = a.eip; a.eip = b.eip; b.eip = i;
        i = a.eflags; a.eflags = b.eflags; b.eflags = i;
        AddressSpace s;
        s = a.space; a.space = b.space; b.space = s;
        s = a.ownedSpace; a.ownedSpace = b.ownedSpace; b.ownedSpace = s;
        String l = a.label; a.label = b.label; b.label = l;
        i = a.priority; a.priority = b.priority; b.priority = i;
        long q;
        q = a.quantumNanos; a.quantumNanos = b.quantumNanos; b.quantumNanos = q;
        q = a.quantumLeftNanos; a.quantumLeftNanos = b.quantumLeftNanos; b.quantumLeftNanos = q;
        q = a.userTicks; a.userTicks = b.userTicks; b.userTicks = q;
        q = a.systemTicks; a.systemTicks = b.systemTicks; b.systemTicks = q;
        i = a.rtsFlags; a.rtsFlags = b.rtsFlags; b.rtsFlags = i;
        i = a.miscFlags; a.miscFlags = b.miscFlags; b.miscFlags = i;
        i = a.getFrom; a.getFrom = b.getFrom; b.getFrom = i;
        i = a.receiveBuffer; a.receiveBuffer = b.receiveBuffer; b.receiveBuffer = i;
        i = a.pendingSignals; a.pendingSignals = b.pendingSignals; b.pendingSignals = i;
        boolean h = a.signalsInHand; a.signalsInHand = b.signalsInHand; b.signalsInHand = h;
        i = a.scheduler; a.scheduler = b.scheduler; b.scheduler = i;
        Process p = a.pager; a.pager = b.pager; b.pager = p;
        i = a.grantTable; a.grantTable = b.grantTable; b.grantTable = i;
        i = a.grantEntries; a.grantEntries = b.grantEntries; b.grantEntries = i;
        h = a.hasGrantTable; a.hasGrantTable = b.hasGrantTable; b.hasGrantTable = h;
        String line = a.consoleLine.toString();
        a.consoleLine.setLength(0);
        a.consoleLine.append(b.consoleLine);
        b.consoleLine.setLength(0);
        b.consoleLine.append(line);
        swapPrivileges(a.priv, b.priv);
    }

    /** The privileges' contents move with the program; the ids (and what hangs on them) stay. */
    private static void swapPrivileges(Privilege a, Privilege b) {
        int i;
        i = a.flags; a.flags = b.flags; b.flags = i;
        i = a.trapMask; a.trapMask = b.trapMask; b.trapMask = i;
        long m = a.ipcTo; a.ipcTo = b.ipcTo; b.ipcTo = m;
        java.util.BitSet calls = (java.util.BitSet) a.kernelCalls.clone();
        a.kernelCalls.clear();
        a.kernelCalls.or(b.kernelCalls);
        b.kernelCalls.clear();
        b.kernelCalls.or(calls);
        int[][] r = a.ioRanges; a.ioRanges = b.ioRanges; b.ioRanges = r;
        r = a.memRanges; a.memRanges = b.memRanges; b.memRanges = r;
        i = a.irqMask; a.irqMask = b.irqMask; b.irqMask = i;
        i = a.signalManager; a.signalManager = b.signalManager; b.signalManager = i;
    }

    private static void swapArrays(int[] a, int[] b) {
        for (int k = 0; k < a.length; k++) {
            int t = a[k];
            a[k] = b[k];
            b[k] = t;
        }
    }
}
