package org.minixemu.cpu;

/**
 * MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS with every prefix. The address size picks SI/DI/CX or
 * their 32-bit forms; DF picks the direction. A repeated instruction runs at most
 * {@link #ITERATIONS_PER_STEP} iterations per step and then restarts itself, so interrupts and the
 * instruction budget are seen inside long copies, exactly where an i386 would take them.
 */
final class StringOps {
    static final int ITERATIONS_PER_STEP = 1024;

    private StringOps() {
    }

    private static int sourceSegment(Cpu c) {
        return c.segOverride >= 0 ? c.segOverride : Cpu.DS;
    }

    private static int index(Cpu c, int reg) {
        return c.addrSize32 ? c.regs[reg] : c.regs[reg] & 0xFFFF;
    }

    private static void advance(Cpu c, int reg, int size) {
        int delta = c.flags.isSet(Flags.DF) ? -size : size;
        if (c.addrSize32) {
            c.regs[reg] += delta;
        } else {
            c.setReg16(reg, c.regs[reg] + delta);
        }
    }

    private static int count(Cpu c) {
        return c.addrSize32 ? c.regs[Cpu.ECX] : c.regs[Cpu.ECX] & 0xFFFF;
    }

    private static void decrementCount(Cpu c) {
        if (c.addrSize32) {
            c.regs[Cpu.ECX]--;
        } else {
            c.setReg16(Cpu.ECX, c.regs[Cpu.ECX] - 1);
        }
    }

    /** Called when the iteration limit ran out with work left: run this instruction again. */
    private static void restartIfUnfinished(Cpu c) {
        if (count(c) != 0) {
            c.eip = c.startEip;
        }
    }

    private static int accumulator(Cpu c, int size) {
        return size == 1 ? c.reg8(Cpu.EAX) : size == 2 ? c.reg16(Cpu.EAX) : c.regs[Cpu.EAX];
    }

    private static void setAccumulator(Cpu c, int size, int value) {
        if (size == 1) {
            c.setReg8(Cpu.EAX, value);
        } else if (size == 2) {
            c.setReg16(Cpu.EAX, value);
        } else {
            c.regs[Cpu.EAX] = value;
        }
    }

    static void movs(Cpu c, int size) {
        int seg = sourceSegment(c);
        if (c.repPrefix == 0) {
            movsOnce(c, seg, size);
            return;
        }
        for (int i = 0; i < ITERATIONS_PER_STEP && count(c) != 0; i++) {
            movsOnce(c, seg, size);
            decrementCount(c);
        }
        restartIfUnfinished(c);
    }

    private static void movsOnce(Cpu c, int seg, int size) {
        int value = c.read(seg, index(c, Cpu.ESI), size);
        c.write(Cpu.ES, index(c, Cpu.EDI), size, value);
        advance(c, Cpu.ESI, size);
        advance(c, Cpu.EDI, size);
    }

    static void stos(Cpu c, int size) {
        if (c.repPrefix == 0) {
            stosOnce(c, size);
            return;
        }
        for (int i = 0; i < ITERATIONS_PER_STEP && count(c) != 0; i++) {
            stosOnce(c, size);
            decrementCount(c);
        }
        restartIfUnfinished(c);
    }

    private static void stosOnce(Cpu c, int size) {
        c.write(Cpu.ES, index(c, Cpu.EDI), size, accumulator(c, size));
        advance(c, Cpu.EDI, size);
    }

    static void lods(Cpu c, int size) {
        int seg = sourceSegment(c);
        if (c.repPrefix == 0) {
            lodsOnce(c, seg, size);
            return;
        }
        for (int i = 0; i < ITERATIONS_PER_STEP && count(c) != 0; i++) {
            lodsOnce(c, seg, size);
            decrementCount(c);
        }
        restartIfUnfinished(c);
    }

    private static void lodsOnce(Cpu c, int seg, int size) {
        setAccumulator(c, size, c.read(seg, index(c, Cpu.ESI), size));
        advance(c, Cpu.ESI, size);
    }

    /** CMPS compares [seg:eSI] with ES:[eDI], in that order. */
    static void cmps(Cpu c, int size) {
        int seg = sourceSegment(c);
        if (c.repPrefix == 0) {
            cmpsOnce(c, seg, size);
            return;
        }
        for (int i = 0; i < ITERATIONS_PER_STEP && count(c) != 0; i++) {
            cmpsOnce(c, seg, size);
            decrementCount(c);
            if (stopsRepeat(c)) {
                return;
            }
        }
        restartIfUnfinished(c);
    }

    private static void cmpsOnce(Cpu c, int seg, int size) {
        int a = c.read(seg, index(c, Cpu.ESI), size);
        int b = c.read(Cpu.ES, index(c, Cpu.EDI), size);
        AluOps.alu(c, AluOps.CMP, size, a, b);
        advance(c, Cpu.ESI, size);
        advance(c, Cpu.EDI, size);
    }

    static void scas(Cpu c, int size) {
        if (c.repPrefix == 0) {
            scasOnce(c, size);
            return;
        }
        for (int i = 0; i < ITERATIONS_PER_STEP && count(c) != 0; i++) {
            scasOnce(c, size);
            decrementCount(c);
            if (stopsRepeat(c)) {
                return;
            }
        }
        restartIfUnfinished(c);
    }

    private static void scasOnce(Cpu c, int size) {
        int b = c.read(Cpu.ES, index(c, Cpu.EDI), size);
        AluOps.alu(c, AluOps.CMP, size, accumulator(c, size), b);
        advance(c, Cpu.EDI, size);
    }

    /** REPE stops when ZF clears, REPNE when it sets. */
    private static boolean stopsRepeat(Cpu c) {
        return c.flags.zf() != (c.repPrefix == 0xF3);
    }

    static void ins(Cpu c, int size) {
        IoOps.checkPermission(c, c.regs[Cpu.EDX] & 0xFFFF, size);
        if (c.repPrefix == 0) {
            insOnce(c, size);
            return;
        }
        for (int i = 0; i < ITERATIONS_PER_STEP && count(c) != 0; i++) {
            insOnce(c, size);
            decrementCount(c);
        }
        restartIfUnfinished(c);
    }

    private static void insOnce(Cpu c, int size) {
        int value = c.io.in(c.regs[Cpu.EDX] & 0xFFFF, size);
        c.write(Cpu.ES, index(c, Cpu.EDI), size, value);
        advance(c, Cpu.EDI, size);
    }

    static void outs(Cpu c, int size) {
        IoOps.checkPermission(c, c.regs[Cpu.EDX] & 0xFFFF, size);
        int seg = sourceSegment(c);
        if (c.repPrefix == 0) {
            outsOnce(c, seg, size);
            return;
        }
        for (int i = 0; i < ITERATIONS_PER_STEP && count(c) != 0; i++) {
            outsOnce(c, seg, size);
            decrementCount(c);
        }
        restartIfUnfinished(c);
    }

    private static void outsOnce(Cpu c, int seg, int size) {
        int value = c.read(seg, index(c, Cpu.ESI), size);
        c.io.out(c.regs[Cpu.EDX] & 0xFFFF, size, value);
        advance(c, Cpu.ESI, size);
    }
}
