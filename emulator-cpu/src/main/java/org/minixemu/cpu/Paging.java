package org.minixemu.cpu;

/**
 * The i386 paging unit: two-level page tables, 4 MiB pages under CR4.PSE, user/supervisor and
 * read/write protection with CR0.WP, accessed and dirty bits, and page faults with CR2 and the
 * error code.
 *
 * <p>Translations are cached in a flat software TLB with one int per 4 KiB linear page: the
 * physical frame in the upper 20 bits and what the cached walk allows in the low bits. A lookup is
 * one array load, one mask and one compare; everything else (a miss, a first write that must set
 * the dirty bit, a protection fault) goes to the walk. The write-permission bits are set only once
 * the dirty bit is set in memory, so no write can skip it. Flushes clear only the entries filled
 * since the last flush, which a side list remembers.
 *
 * <p>The TLB is kept per address space: up to {@link #CONTEXTS} of them, tagged by CR3's page
 * directory, so a process switch that loads another CR3 finds that process's translations still
 * there. That is only exact if no kept translation can be stale, so the walker remembers every
 * frame it read a directory or table entry from ({@link #tableFrames}); translations to such a
 * frame carry the {@link #TABLE} bit and not {@link #RAM}, so every write to a page table comes
 * through {@link #translateWrite}, which sees the bit. Such a write empties the other address
 * spaces at once and the current one when it is left (until then it may use the old entry, as
 * an i386 may until INVLPG or a CR3 load). A frame seen as a
 * table for the first time empties every address space, since an older translation may let
 * writes reach it unseen. Loading CR3 with the value it holds (the flush idiom), INVLPG, and
 * changes to CR0.PG, CR0.WP, CR4 or the A20 gate flush as the i386 does. Writes the host makes
 * to page tables without the CPU are not seen: the host flushes with {@link Cpu#flushTlb()}.
 */
final class Paging {
    /** How many address spaces keep their translations at once. */
    static final int CONTEXTS = 8;

    /** The entry holds a translation (present, accessed bits already set). */
    private static final int VALID = 1;
    /** Supervisor code may write (R/W or CR0.WP=0, and dirty already set). */
    private static final int SUPERVISOR_WRITE = 2;
    /** User code may read (U/S in both levels). */
    private static final int USER_READ = 4;
    /** User code may write (U/S and R/W in both levels, dirty already set). */
    private static final int USER_WRITE = 8;
    /** The frame is plain RAM in the memory's array, so {@link Cpu} may access it there directly. */
    static final int RAM = 16;
    /** The frame holds a page directory or table: a write through this entry is a table write. */
    private static final int TABLE = 32;
    /** The bits an entry needs for a direct RAM read or write, by privilege (see {@link Cpu#readLinear32}). */
    static final int RAM_READ_SUPERVISOR = VALID | RAM, RAM_READ_USER = VALID | USER_READ | RAM,
            RAM_WRITE_SUPERVISOR = VALID | SUPERVISOR_WRITE | RAM, RAM_WRITE_USER = VALID | USER_WRITE | RAM;

    private static final int PTE_PRESENT = 1, PTE_WRITABLE = 2, PTE_USER = 4, PTE_ACCESSED = 0x20,
            PTE_DIRTY = 0x40, PDE_LARGE = 0x80;
    private static final int CR0_WP = 1 << 16;
    private static final int CR4_PSE = 1 << 4;

    /** #PF error-code bits. */
    static final int ERROR_PROTECTION = 1, ERROR_WRITE = 2, ERROR_USER = 4;

    private final Cpu cpu;
    /** The current address space's TLB, one int per linear page (see the class comment). */
    int[] tlb;
    /** The linear pages filled in {@link #tlb} since it was last emptied. */
    private int[] filled;
    private int filledCount;
    private int current;

    /** Per address space: its TLB (made on first use), fill list, CR3 tag and last use. */
    private final int[][] tlbs = new int[CONTEXTS][];
    private final int[][] filledLists = new int[CONTEXTS][];
    private final int[] filledCounts = new int[CONTEXTS];
    private final int[] tags = new int[CONTEXTS];
    private final boolean[] tagged = new boolean[CONTEXTS];
    private final long[] lastUse = new long[CONTEXTS];
    private long useClock;

    /** One bit per physical frame: the walker has read a directory or table entry from it. */
    private final long[] tableFrames = new long[1 << 14];
    /**
     * The words of {@link #tableFrames} that hold a bit, so that a flush clears those and not
     * all 128 KiB (a guest that reloads CR3 often flushes often); past its length, all of them.
     */
    private final int[] tableWords = new int[64];
    private int tableWordCount;
    /** Every TLB was emptied this many times, this many walks made, this many table writes seen (for tests). */
    private long globalFlushes;
    private long walks;
    private long tableWrites;
    /** The current address space's TLB may hold entries a page-table write made stale. */
    private boolean currentStale;
    /**
     * Every address space but the current one holds no entry: a table write then has nothing
     * to empty (a guest filling a page table writes it hundreds of times in a row).
     */
    private boolean othersEmpty;

    Paging(Cpu cpu) {
        this.cpu = cpu;
        tlbs[0] = new int[1 << 20];
        filledLists[0] = new int[256];
        tlb = tlbs[0];
        filled = filledLists[0];
    }

    /**
     * Forgets every cached translation of every address space (CR0.PG, CR0.WP, CR4 or A20
     * changed, a CR3 reload with the same value, or the host asked). With nothing cached, no
     * frame needs watching as a page table any more.
     */
    void flush() {
        emptyAll();
        forgetTables();
    }

    /** No frame is known as a table any more. */
    private void forgetTables() {
        if (tableWordCount > tableWords.length) {
            java.util.Arrays.fill(tableFrames, 0);
        } else {
            for (int i = 0; i < tableWordCount; i++) {
                tableFrames[tableWords[i]] = 0;
            }
        }
        tableWordCount = 0;
    }

    /** Empties every address space's TLB; the frames known as tables stay known. */
    private void emptyAll() {
        cpu.invalidateFetch();
        globalFlushes++;
        filledCounts[current] = filledCount;
        filledLists[current] = filled;
        for (int i = 0; i < CONTEXTS; i++) {
            if (tlbs[i] != null) {
                empty(i);
            }
        }
        filled = filledLists[current];
        filledCount = 0;
        currentStale = false;
        othersEmpty = true;
    }

    /**
     * A page table was written: the other address spaces forget everything now (their next use
     * follows a CR3 load, after which the i386 would see the edit); the current one may keep its
     * entries until INVLPG or a CR3 load, as an i386 TLB does, and is emptied when left.
     */
    private void tableWritten() {
        tableWrites++;
        if (othersEmpty) {
            currentStale = true;
            return;
        }
        filledCounts[current] = filledCount;
        filledLists[current] = filled;
        for (int i = 0; i < CONTEXTS; i++) {
            if (i != current && tlbs[i] != null) {
                empty(i);
            }
        }
        currentStale = true;
        othersEmpty = true;
    }

    private void empty(int context) {
        int[] t = tlbs[context];
        int[] list = filledLists[context];
        for (int i = 0, n = filledCounts[context]; i < n; i++) {
            t[list[i]] = 0;
        }
        filledCounts[context] = 0;
    }

    /**
     * CR3 was loaded: the same directory again flushes everything (as the i386 flushes its TLB);
     * another one switches to that address space's TLB, emptied first if it was not kept.
     */
    void loadCr3(int oldCr3, int newCr3) {
        int tag = newCr3 & 0xFFFFF000;
        if (tagged[current] && tags[current] == tag && (oldCr3 & 0xFFFFF000) == tag) {
            flush();
            return;
        }
        cpu.invalidateFetch();
        filledCounts[current] = filledCount;
        filledLists[current] = filled;
        if (currentStale) {
            empty(current);
            currentStale = false;
        }
        int slot = -1;
        for (int i = 0; i < CONTEXTS; i++) {
            if (tagged[i] && tags[i] == tag) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            slot = leastRecentlyUsed();
            if (tlbs[slot] == null) {
                tlbs[slot] = new int[1 << 20];
                filledLists[slot] = new int[256];
            } else {
                empty(slot);
            }
            tagged[slot] = true;
            tags[slot] = tag;
        }
        othersEmpty = othersEmpty && filledCounts[current] == 0; // the space left is an other now
        current = slot;
        lastUse[slot] = ++useClock;
        tlb = tlbs[slot];
        filled = filledLists[slot];
        filledCount = filledCounts[slot];
    }

    /**
     * CR3 loaded by the host, which may have edited page tables behind the CPU's back: everything
     * is forgotten and the current TLB now belongs to {@code newCr3}'s address space.
     */
    void loadCr3Flushing(int newCr3) {
        flush();
        java.util.Arrays.fill(tagged, false);
        tagged[current] = true;
        tags[current] = newCr3 & 0xFFFFF000;
        lastUse[current] = ++useClock;
    }

    /**
     * The host wrote physical memory without the CPU (a hosted kernel's copy): if any frame of the
     * range is one the walker read a table entry from, a kept translation may be stale, so
     * everything is flushed; any other write cannot make a translation stale (one bit test per
     * page, so a 4 KiB copy costs two).
     */
    void hostWrote(int physical, int length) {
        int last = (int) Math.min((Integer.toUnsignedLong(physical) + Math.max(length, 1) - 1) >>> 12, 0xFFFFF);
        for (int frame = physical >>> 12; frame <= last; frame++) {
            if ((tableFrames[frame >>> 6] & (1L << frame)) != 0) {
                flush();
                return;
            }
        }
    }

    /** A slot that holds no address space yet, else the one used longest ago. */
    private int leastRecentlyUsed() {
        int best = 0;
        for (int i = 0; i < CONTEXTS; i++) {
            if (!tagged[i]) {
                return i;
            }
            if (lastUse[i] < lastUse[best]) {
                best = i;
            }
        }
        return best;
    }

    /** RESET: every address space is forgotten, tags included. */
    void reset() {
        flush();
        java.util.Arrays.fill(tagged, false);
    }

    /** INVLPG: forgets the translation of one linear page, in every address space. */
    void flushPage(int linear) {
        cpu.invalidateFetch();
        int page = linear >>> 12;
        for (int[] t : tlbs) {
            if (t != null) {
                t[page] = 0;
            }
        }
    }

    /** How many times every TLB was emptied; tests use it to see a page-table write noticed. */
    long globalFlushes() {
        return globalFlushes;
    }

    /** How many guest writes to page tables were noticed. */
    long tableWrites() {
        return tableWrites;
    }

    /** How many page walks were made; tests use it to see a translation kept across CR3 loads. */
    long walks() {
        return walks;
    }

    /** Physical address for a read; {@code user} says whether the access has user privilege. */
    int translateRead(int linear, boolean user) {
        int e = tlb[linear >>> 12];
        int need = user ? VALID | USER_READ : VALID;
        if ((e & need) == need) {
            return (e & 0xFFFFF000) | (linear & 0xFFF);
        }
        return walk(linear, false, user);
    }

    int translateWrite(int linear, boolean user) {
        int e = tlb[linear >>> 12];
        int need = user ? VALID | USER_WRITE : VALID | SUPERVISOR_WRITE;
        if ((e & need) == need) {
            if ((e & TABLE) != 0) {
                tableWritten();
            }
            return (e & 0xFFFFF000) | (linear & 0xFFF);
        }
        return walk(linear, true, user);
    }

    /**
     * The physical address {@code linear} maps to, or -1 if it is not mapped: a walk for a
     * debugger that changes nothing (no accessed or dirty bits, no TLB entry, no fault).
     */
    long peek(int linear) {
        PhysicalMemory memory = cpu.memory;
        int a20 = cpu.a20Mask;
        int pdeAddress = ((cpu.cr3 & 0xFFFFF000) | ((linear >>> 22) << 2)) & a20;
        int pde = memory.read32(pdeAddress);
        if ((pde & PTE_PRESENT) == 0) {
            return -1;
        }
        if ((pde & PDE_LARGE) != 0 && (cpu.cr4 & CR4_PSE) != 0) {
            return Integer.toUnsignedLong(((pde & 0xFFC00000) | (linear & 0x003FFFFF)) & a20);
        }
        int pte = memory.read32(((pde & 0xFFFFF000) | (((linear >>> 12) & 0x3FF) << 2)) & a20);
        if ((pte & PTE_PRESENT) == 0) {
            return -1;
        }
        return Integer.toUnsignedLong(((pte & 0xFFFFF000) | (linear & 0xFFF)) & a20);
    }

    /**
     * Walks the page tables for one access, setting accessed and dirty bits, faulting with #PF
     * when the access is not allowed, and caching the result.
     */
    private int walk(int linear, boolean write, boolean user) {
        walks++;
        PhysicalMemory memory = cpu.memory;
        int a20 = cpu.a20Mask;
        int pdeAddress = ((cpu.cr3 & 0xFFFFF000) | ((linear >>> 22) << 2)) & a20;
        noteTable(pdeAddress);
        int pde = memory.read32(pdeAddress);
        if ((pde & PTE_PRESENT) == 0) {
            fault(linear, 0, write, user);
        }
        boolean large = (pde & PDE_LARGE) != 0 && (cpu.cr4 & CR4_PSE) != 0;
        int entryAddress;
        int entry;
        int combined;
        if (large) {
            entryAddress = pdeAddress;
            entry = pde;
            combined = pde;
        } else {
            int pteAddress = ((pde & 0xFFFFF000) | (((linear >>> 12) & 0x3FF) << 2)) & a20;
            noteTable(pteAddress);
            int pte = memory.read32(pteAddress);
            if ((pte & PTE_PRESENT) == 0) {
                fault(linear, 0, write, user);
            }
            entryAddress = pteAddress;
            entry = pte;
            // Protection is the stricter of the two levels.
            combined = pte & (pde | ~(PTE_WRITABLE | PTE_USER));
        }
        boolean userOk = (combined & PTE_USER) != 0;
        boolean writableOk = (combined & PTE_WRITABLE) != 0;
        boolean supervisorWriteOk = writableOk || (cpu.cr0 & CR0_WP) == 0;
        if (user && !userOk) {
            fault(linear, ERROR_PROTECTION, write, user);
        }
        if (write && !(user ? writableOk : supervisorWriteOk)) {
            fault(linear, ERROR_PROTECTION, write, user);
        }
        // The access is allowed: set the accessed bits, and the dirty bit on a write.
        if (!large && (pde & PTE_ACCESSED) == 0) {
            memory.write32(pdeAddress, pde | PTE_ACCESSED);
        }
        int updated = entry | PTE_ACCESSED | (write ? PTE_DIRTY : 0);
        if (updated != entry) {
            memory.write32(entryAddress, updated);
        }
        int frame = large
                ? (entry & 0xFFC00000) | (linear & 0x003FF000)
                : entry & 0xFFFFF000;
        int physical = (frame | (linear & 0xFFF)) & a20;
        boolean grantWrite = (updated & PTE_DIRTY) != 0;
        boolean table = isTable(physical);
        if (table && write) {
            tableWritten();
        }
        int bits = table ? VALID | TABLE : VALID;
        if (grantWrite) {
            if (supervisorWriteOk) {
                bits |= SUPERVISOR_WRITE;
            }
            if (userOk && writableOk) {
                bits |= USER_WRITE;
            }
        }
        if (userOk) {
            bits |= USER_READ;
        }
        if (!table && memory.isRamPage(frame & a20 & 0xFFFFF000)) {
            bits |= RAM; // not for a table: every write to it must come through translateWrite
        }
        remember(linear >>> 12, (frame & a20) | bits);
        return physical;
    }

    private boolean isTable(int physical) {
        int frame = physical >>> 12;
        return (tableFrames[frame >>> 6] & (1L << frame)) != 0;
    }

    /**
     * The walker reads an entry at {@code physical}: its frame is a table from now on. The first
     * time, every TLB is emptied, since a cached translation may grant writes to the frame.
     */
    private void noteTable(int physical) {
        int frame = physical >>> 12;
        long bit = 1L << frame;
        if ((tableFrames[frame >>> 6] & bit) == 0) {
            if (tableFrames[frame >>> 6] == 0 && tableWordCount++ < tableWords.length) {
                tableWords[tableWordCount - 1] = frame >>> 6;
            }
            tableFrames[frame >>> 6] |= bit;
            emptyAll();
        }
    }

    private void remember(int page, int entry) {
        if (tlb[page] == 0) {
            if (filledCount == filled.length) {
                if (filledCount >= tlb.length / 4) {
                    // A flush that touches this many entries is cheaper done whole.
                    java.util.Arrays.fill(tlb, 0);
                    filledCount = 0;
                } else {
                    filled = java.util.Arrays.copyOf(filled, filled.length * 2);
                }
            }
            filled[filledCount++] = page;
        }
        tlb[page] = entry;
    }

    private void fault(int linear, int code, boolean write, boolean user) {
        cpu.cr2 = linear;
        cpu.raise(Cpu.PF, code | (write ? ERROR_WRITE : 0) | (user ? ERROR_USER : 0));
    }
}
