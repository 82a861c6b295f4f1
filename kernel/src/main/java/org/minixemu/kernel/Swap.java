package org.minixemu.kernel;

/**
 * The exchange behind SYS_UPDATE (minix3-facts.md section 8): two slots swap the programs
 * running in them -- one {@link ProgramState} each, so no field can be forgotten -- and keep
 * what identifies the slot (the fields of {@link Process}: endpoint, privilege id, scheduling,
 * sender queue, pending notifications and SENDA bits; and, in the privilege, pending IRQs and
 * the alarm).
 */
final class Swap {
    private Swap() {
    }

    /**
     * {@code source}'s program goes to {@code destination}'s slot and back: the two
     * {@link ProgramState}s change places, and so do the privileges' contents (the ids stay).
     * The destination first gets the source's IPC targets, so the program that will answer at
     * the source's endpoint can still reach everyone the old one could.
     */
    static void exchange(Process source, Process destination) {
        destination.priv.ipcTo |= source.priv.ipcTo;
        ProgramState program = source.program;
        source.program = destination.program;
        destination.program = program;
        swapPrivileges(source.priv, destination.priv);
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

}
