package org.minixemu.cpu;

import static org.minixemu.cpu.Cpu.RAM16;
import static org.minixemu.cpu.Cpu.RAM32;

import java.util.Arrays;

/**
 * MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS with every prefix. The address size picks SI/DI/CX or
 * their 32-bit forms; DF picks the direction. A repeated instruction runs at most
 * {@link #ITERATIONS_PER_STEP} iterations per step and then restarts itself, so interrupts and the
 * instruction budget are seen inside long copies, exactly where an i386 would take them.
 *
 * <p>Repeated MOVS, STOS, CMPS and SCAS with 32-bit addresses and DF clear run in bulk where
 * they can: the elements up to the next page end of either address, when that whole range is
 * RAM the access may reach without a walk ({@link Cpu#ramRange}), go straight through the RAM
 * array. The result is the element-by-element one (overlapping copies included); only the
 * host work per element changes. Wherever the bulk path does not apply, one element goes the
 * general way (walking, faulting or splitting), and the next may be bulk again.
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
        int left = ITERATIONS_PER_STEP;
        while (left > 0 && count(c) != 0) {
            int n = movsInRam(c, seg, size, left);
            if (n == 0) {
                movsOnce(c, seg, size);
                decrementCount(c);
                n = 1;
            }
            left -= n;
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
        int left = ITERATIONS_PER_STEP;
        while (left > 0 && count(c) != 0) {
            int n = stosInRam(c, size, left);
            if (n == 0) {
                stosOnce(c, size);
                decrementCount(c);
                n = 1;
            }
            left -= n;
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
        int left = ITERATIONS_PER_STEP;
        while (left > 0 && count(c) != 0) {
            int n = comparesInRam(c, seg, size, left, false);
            if (n == 0) {
                cmpsOnce(c, seg, size);
                decrementCount(c);
                n = 1;
            }
            left -= n;
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
        int left = ITERATIONS_PER_STEP;
        while (left > 0 && count(c) != 0) {
            int n = comparesInRam(c, Cpu.ES, size, left, true);
            if (n == 0) {
                scasOnce(c, size);
                decrementCount(c);
                n = 1;
            }
            left -= n;
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

    // ---- the bulk path ---------------------------------------------------------------------

    /** How many of the next {@code limit} elements may go in bulk: 0 unless 32-bit and forward. */
    private static int bulkElements(Cpu c, int limit) {
        if (!c.addrSize32 || c.flags.isSet(Flags.DF)) {
            return 0;
        }
        int count = c.regs[Cpu.ECX];
        return Integer.compareUnsigned(count, limit) < 0 ? count : limit;
    }

    /** {@code n}, cut to the elements at seg:offset before the page of the first one ends. */
    private static int inPage(Cpu c, int seg, int offset, int size, int n) {
        return Math.min(n, (0x1000 - ((c.segBase[seg] + offset) & 0xFFF)) / size);
    }

    private static int ramRead(byte[] ram, int at, int size) {
        return size == 1 ? ram[at] & 0xFF : size == 2 ? (short) RAM16.get(ram, at) & 0xFFFF : (int) RAM32.get(ram, at);
    }

    private static void ramWrite(byte[] ram, int at, int size, int value) {
        if (size == 1) {
            ram[at] = (byte) value;
        } else if (size == 2) {
            RAM16.set(ram, at, (short) value);
        } else {
            RAM32.set(ram, at, value);
        }
    }

    /** Copies the elements it can in bulk; returns how many (0: none). */
    private static int movsInRam(Cpu c, int seg, int size, int limit) {
        int si = c.regs[Cpu.ESI];
        int di = c.regs[Cpu.EDI];
        int n = inPage(c, Cpu.ES, di, size, inPage(c, seg, si, size, bulkElements(c, limit)));
        if (n == 0) {
            return 0;
        }
        int bytes = n * size;
        int from = c.ramRange(seg, si, bytes, false);
        int to = from < 0 ? -1 : c.ramRange(Cpu.ES, di, bytes, true);
        if (to < 0) {
            return 0;
        }
        byte[] ram = c.ram();
        if (to > from && to < from + bytes) {
            // A forward copy onto its own tail repeats what it has just written, element by
            // element, as the processor does; arraycopy would move the original bytes instead.
            for (int i = 0; i < bytes; i += size) {
                ramWrite(ram, to + i, size, ramRead(ram, from + i, size));
            }
        } else {
            System.arraycopy(ram, from, ram, to, bytes);
        }
        c.regs[Cpu.ESI] = si + bytes;
        c.regs[Cpu.EDI] = di + bytes;
        c.regs[Cpu.ECX] -= n;
        return n;
    }

    /** Stores the elements it can in bulk; returns how many (0: none). */
    private static int stosInRam(Cpu c, int size, int limit) {
        int di = c.regs[Cpu.EDI];
        int n = inPage(c, Cpu.ES, di, size, bulkElements(c, limit));
        if (n == 0) {
            return 0;
        }
        int bytes = n * size;
        int to = c.ramRange(Cpu.ES, di, bytes, true);
        if (to < 0) {
            return 0;
        }
        byte[] ram = c.ram();
        int value = accumulator(c, size);
        if (size == 1) {
            Arrays.fill(ram, to, to + bytes, (byte) value);
        } else {
            for (int i = 0; i < bytes; i += size) {
                ramWrite(ram, to + i, size, value);
            }
        }
        c.regs[Cpu.EDI] = di + bytes;
        c.regs[Cpu.ECX] -= n;
        return n;
    }

    /**
     * Compares the elements it can in bulk, up to and including the one that ends the repeat;
     * sets the flags from the last comparison and returns how many it did (0: none). CMPS
     * compares [seg:eSI] with ES:[eDI]; SCAS ({@code scan}) the accumulator with ES:[eDI].
     */
    private static int comparesInRam(Cpu c, int seg, int size, int limit, boolean scan) {
        int si = c.regs[Cpu.ESI];
        int di = c.regs[Cpu.EDI];
        int n = inPage(c, Cpu.ES, di, size, bulkElements(c, limit));
        if (!scan) {
            n = inPage(c, seg, si, size, n);
        }
        if (n == 0) {
            return 0;
        }
        int bytes = n * size;
        int left = scan ? 0 : c.ramRange(seg, si, bytes, false);
        int right = left < 0 ? -1 : c.ramRange(Cpu.ES, di, bytes, false);
        if (right < 0) {
            return 0;
        }
        byte[] ram = c.ram();
        boolean whileEqual = c.repPrefix == 0xF3;
        int accumulator = accumulator(c, size);
        int a = 0;
        int b = 0;
        int done = 0;
        while (done < n) {
            a = scan ? accumulator : ramRead(ram, left + done * size, size);
            b = ramRead(ram, right + done * size, size);
            done++;
            if ((a == b) != whileEqual) {
                break;
            }
        }
        AluOps.alu(c, AluOps.CMP, size, a, b);
        if (!scan) {
            c.regs[Cpu.ESI] = si + done * size;
        }
        c.regs[Cpu.EDI] = di + done * size;
        c.regs[Cpu.ECX] -= done;
        return done;
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
