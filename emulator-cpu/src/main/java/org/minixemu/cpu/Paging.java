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
 */
final class Paging {
    /** The entry holds a translation (present, accessed bits already set). */
    private static final int VALID = 1;
    /** Supervisor code may write (R/W or CR0.WP=0, and dirty already set). */
    private static final int SUPERVISOR_WRITE = 2;
    /** User code may read (U/S in both levels). */
    private static final int USER_READ = 4;
    /** User code may write (U/S and R/W in both levels, dirty already set). */
    private static final int USER_WRITE = 8;

    private static final int PTE_PRESENT = 1, PTE_WRITABLE = 2, PTE_USER = 4, PTE_ACCESSED = 0x20,
            PTE_DIRTY = 0x40, PDE_LARGE = 0x80;
    private static final int CR0_WP = 1 << 16;
    private static final int CR4_PSE = 1 << 4;

    /** #PF error-code bits. */
    static final int ERROR_PROTECTION = 1, ERROR_WRITE = 2, ERROR_USER = 4;

    private final Cpu cpu;
    private final int[] tlb = new int[1 << 20];
    private int[] filled = new int[256];
    private int filledCount;

    Paging(Cpu cpu) {
        this.cpu = cpu;
    }

    /** Forgets every cached translation (CR3 load, paging switched on or off, CR4/CR0.WP change). */
    void flush() {
        for (int i = 0; i < filledCount; i++) {
            tlb[filled[i]] = 0;
        }
        filledCount = 0;
    }

    /** INVLPG: forgets the translation of one linear page. */
    void flushPage(int linear) {
        tlb[linear >>> 12] = 0;
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
        PhysicalMemory memory = cpu.memory;
        int a20 = cpu.a20Mask;
        int pdeAddress = ((cpu.cr3 & 0xFFFFF000) | ((linear >>> 22) << 2)) & a20;
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
        int bits = VALID;
        if ((updated & PTE_DIRTY) != 0) {
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
        remember(linear >>> 12, (frame & a20) | bits);
        return ((frame | (linear & 0xFFF)) & a20);
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
