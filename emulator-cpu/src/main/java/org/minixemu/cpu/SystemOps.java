package org.minixemu.cpu;

/**
 * System instructions that real mode allows (HLT, descriptor-table registers, MSW, control and
 * debug registers, cache control, CPUID, RDTSC) and the coprocessor escapes. Protected-mode checks
 * beyond CPL 0 arrive with the protected-mode work.
 */
final class SystemOps {
    private static final int CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3;
    private static final int CR0_PE = 1, CR0_PG = 1 << 31;
    private static final int CR0_NW = 1 << 29, CR0_CD = 1 << 30;
    /** CR0 bits software can change on this processor (PE MP EM TS ET NE WP AM NW CD PG). */
    private static final int CR0_WRITABLE = 0xE005003F;
    private static final int CR4_TSD = 1 << 2, CR4_DE = 1 << 3;
    /** CR4 bits we implement: TSD, DE, PSE. Setting any other bit raises #GP(0). */
    private static final int CR4_SUPPORTED = 0x1C;

    private SystemOps() {
    }

    private static void requireCpl0(Cpu c) {
        if (c.cpl() != 0) {
            c.raise(Cpu.GP, 0);
        }
    }

    static void hlt(Cpu c) {
        requireCpl0(c);
        c.halt();
    }

    /** WAIT: with no coprocessor there is nothing to wait for, unless CR0 asks for #NM. */
    static void fwait(Cpu c) {
        if ((c.cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS)) {
            c.raise(Cpu.NM, -1);
        }
    }

    /**
     * ESC (D8-DF): there is no coprocessor. With CR0.EM or CR0.TS set the instruction raises #NM so
     * an emulator in the guest can take over; otherwise it decodes its operand and does nothing,
     * as an i386 without a 387 attached does.
     */
    static void escape(Cpu c) {
        if ((c.cr0 & (CR0_EM | CR0_TS)) != 0) {
            c.raise(Cpu.NM, -1);
        }
    }

    /** SGDT, SIDT: a 16-bit limit and the full 32-bit base. */
    static void storeDescriptorTable(Cpu c, boolean idt) {
        c.requireMemoryOperand();
        int offsetBase = c.addrSize32 ? c.eaOffset + 2 : (c.eaOffset + 2) & 0xFFFF;
        c.write16(c.eaSeg, c.eaOffset, idt ? c.idtLimit : c.gdtLimit);
        c.write32(c.eaSeg, offsetBase, idt ? c.idtBase : c.gdtBase);
    }

    /** LGDT, LIDT: with a 16-bit operand only 24 bits of the base are loaded. */
    static void loadDescriptorTable(Cpu c, boolean idt) {
        c.requireMemoryOperand();
        requireCpl0(c);
        int limit = c.readMemoryOperand(0, 2);
        int base = c.readMemoryOperand(2, 4);
        if (!c.opSize32) {
            base &= 0x00FFFFFF;
        }
        if (idt) {
            c.idtLimit = limit;
            c.idtBase = base;
        } else {
            c.gdtLimit = limit;
            c.gdtBase = base;
        }
    }

    /** SMSW: a register destination of 32 bits receives all of CR0. */
    static void smsw(Cpu c) {
        if (c.rmIsRegister()) {
            c.setRegV(c.rm, c.cr0);
        } else {
            c.writeEw(c.cr0);
        }
    }

    /** LMSW loads PE, MP, EM and TS; it can set PE but never clear it. */
    static void lmsw(Cpu c) {
        requireCpl0(c);
        int value = c.readEw() & 0xF;
        c.writeCr0((c.cr0 & ~0xE) | (value & 0xE) | (c.cr0 & CR0_PE) | (value & CR0_PE));
    }

    static void invlpg(Cpu c) {
        c.requireMemoryOperand();
        requireCpl0(c);
        c.paging.flushPage(c.segBase[c.eaSeg] + c.eaOffset);
    }

    static void clts(Cpu c) {
        requireCpl0(c);
        c.cr0 &= ~CR0_TS;
    }

    /** INVD, WBINVD: no caches are modelled, so only the privilege check remains. */
    static void invalidateCaches(Cpu c) {
        requireCpl0(c);
    }

    static void movFromControl(Cpu c) {
        requireCpl0(c);
        c.regs[c.rm] = switch (c.reg) {
            case 0 -> c.cr0;
            case 2 -> c.cr2;
            case 3 -> c.cr3;
            case 4 -> c.cr4;
            default -> {
                c.raise(Cpu.UD, -1);
                yield 0;
            }
        };
    }

    static void movToControl(Cpu c) {
        requireCpl0(c);
        int value = c.regs[c.rm];
        switch (c.reg) {
            case 0 -> {
                // Invalid combinations: PG without PE, NW (write-through off) without CD.
                if ((value & CR0_PG) != 0 && (value & CR0_PE) == 0
                        || (value & CR0_NW) != 0 && (value & CR0_CD) == 0) {
                    c.raise(Cpu.GP, 0);
                }
                c.writeCr0(value & CR0_WRITABLE);
            }
            case 2 -> c.cr2 = value;
            case 3 -> c.writeCr3(value & 0xFFFFF018);
            case 4 -> {
                if ((value & ~CR4_SUPPORTED) != 0) {
                    c.raise(Cpu.GP, 0);
                }
                c.writeCr4(value);
            }
            default -> c.raise(Cpu.UD, -1);
        }
    }

    /** DR4 and DR5 are aliases of DR6 and DR7 unless CR4.DE is set, when they raise #UD. */
    private static int debugRegister(Cpu c, int n) {
        if (n == 4 || n == 5) {
            if ((c.cr4 & CR4_DE) != 0) {
                c.raise(Cpu.UD, -1);
            }
            return n + 2;
        }
        return n;
    }

    static void movFromDebug(Cpu c) {
        requireCpl0(c);
        c.regs[c.rm] = c.dr[debugRegister(c, c.reg)];
    }

    static void movToDebug(Cpu c) {
        requireCpl0(c);
        int n = debugRegister(c, c.reg);
        int value = c.regs[c.rm];
        c.dr[n] = switch (n) {
            case 6 -> (value & 0x0000E00F) | 0xFFFF0FF0;
            case 7 -> (value & 0xFFFF2BFF) | 0x00000400;
            default -> value;
        };
    }

    static void rdtsc(Cpu c) {
        if ((c.cr4 & CR4_TSD) != 0 && c.cpl() != 0) {
            c.raise(Cpu.GP, 0);
        }
        long tsc = c.readTimeStampCounter();
        c.regs[Cpu.EAX] = (int) tsc;
        c.regs[Cpu.EDX] = (int) (tsc >>> 32);
    }

    static void cpuid(Cpu c) {
        CpuIdentity.execute(c.regs);
    }
}
