package org.minixemu.cli.fuzz;

import static org.minixemu.cli.fuzz.FuzzProgram.AF;
import static org.minixemu.cli.fuzz.FuzzProgram.ARITH_FLAGS;
import static org.minixemu.cli.fuzz.FuzzProgram.CF;
import static org.minixemu.cli.fuzz.FuzzProgram.DF;
import static org.minixemu.cli.fuzz.FuzzProgram.OF;
import static org.minixemu.cli.fuzz.FuzzProgram.PF;
import static org.minixemu.cli.fuzz.FuzzProgram.SCRATCH_BASE;
import static org.minixemu.cli.fuzz.FuzzProgram.SCRATCH_SIZE;
import static org.minixemu.cli.fuzz.FuzzProgram.SF;
import static org.minixemu.cli.fuzz.FuzzProgram.ZF;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes random records for the fuzz kernel, from an explicit seed: the same seed always gives
 * the same program (java.util.Random, so on every JVM).
 *
 * <p>What it covers: the 32-bit integer instruction set without control flow or system
 * instructions -- the ALU operations in every form (82 too), INC/DEC/NOT/NEG, TEST, every shift
 * and rotate (SAL's /6 too) with every count (1, CL, Ib; 0 and beyond the width), SHLD/SHRD,
 * MUL/IMUL (all three forms), DIV/IDIV, BT/BTS/BTR/BTC (register and immediate offsets, register
 * offsets that reach outside the addressed dword, negative ones too), BSF/BSR (zero sources too),
 * SETcc, CMOVcc, XADD, CMPXCHG, CMPXCHG8B, BSWAP, MOVZX/MOVSX, XCHG, MOV (the moffs forms too),
 * MOV from a segment register, LEA, CBW/CWDE/CWD/CDQ, DAA/DAS/AAA/AAS/AAM/AAD, LAHF/SAHF,
 * CLC/STC/CMC/CLD/STD, NOP, XLAT, BOUND, the string instructions (MOVS CMPS STOS LODS SCAS) with
 * and without REP/REPE/REPNE in both directions, PUSH/POP in every form (POP into an
 * ESP-based memory operand too), PUSH of a segment register, PUSHA/POPA, ENTER/LEAVE. Each with
 * the operand-size prefix where it means something, the address-size prefix (16-bit addressing;
 * the scratch area is below 64 KiB), segment overrides (all segments are flat; CS only on
 * instructions that do not write memory), LOCK on lockable memory destinations, and sometimes
 * redundant prefixes up to the 15-byte limit.
 *
 * <p>Memory operands: every ModR/M and SIB form (mod 0/1/2, every rm, every scale, index and
 * base, disp8/disp16/disp32, and the 16-bit forms) is chosen at random, and then one of the
 * registers in the address (or the displacement) is solved for so that every byte the instruction
 * touches lies in the scratch area. ESP is not solved for: it is chosen first, inside the scratch
 * area, so that PUSH and POP work there. A quarter of memory operands get an edge value (0, -1,
 * 0x80000000, ...) patched in instead of the seeded random bytes.
 *
 * <p>Flags: each record carries the mask of flags the Intel manual (SDM vol. 2, "Flags
 * Affected") leaves defined after the instruction with its actual operands; flags an instruction
 * does not touch count as defined (they must be preserved). BSF/BSR of a zero source also mark the
 * destination register undefined. Three records in ten put one or two flag-only instructions
 * (CMP, TEST, BT on registers; CLC, STC, CMC, SAHF) before the instruction, so that it meets flags
 * left by an earlier instruction and not only flags loaded by POPF (both emulators compute flags
 * lazily); the mask then follows which flags those leave defined, and an instruction that reads a
 * flag they leave undefined (ADC after TEST's AF, say) gets no flag setters.
 *
 * <p>Faults: the generator avoids them (no division by zero or overflow, no memory outside the
 * scratch area), except for a few deliberate ones ({@link #deliberateFaults}): an occasional DIV or
 * IDIV whose quotient does not fit and AAM 0 (#DE), LOCK on a register operand of an ALU
 * operation (#UD), an instruction of 16 bytes (#GP), and BOUND, whose range check fails (#BR)
 * about half the time. The kernel prints {@code record N exception V} for those, which both
 * emulators must agree on.
 *
 * <p>Left out on purpose, because QEMU 7.2 departs from the Intel manual there (see
 * docs/cpu-fuzzing.md): LOCK on MOV, BT, register XCHG/XADD, XOR r,r (QEMU raises no #UD);
 * LOCK on register BTS/BTR/BTC (QEMU aborts); writes through a CS override (QEMU raises no
 * #GP); C6/C7/8F with a nonzero reg field (QEMU ignores it); F6/F7 /1 (undocumented; QEMU
 * raises #UD where Intel parts run TEST). Left out because the manual leaves the result
 * undefined: 16-bit SHLD/SHRD by more than 16, BSWAP of a 16-bit register, MOV Sreg to a 32-bit
 * register and 32-bit PUSH Sreg (upper half implementation-dependent).
 */
public final class InstructionGenerator {
    private static final int ALL = ARITH_FLAGS;
    /** The six status flags: CF PF AF ZF SF OF. */
    private static final int STATUS = ALL & ~DF;
    private static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    /** Segment override prefixes: ES CS SS DS FS GS. */
    private static final int[] SEGMENT_PREFIX = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
    private static final int CS = 1;
    private static final int LOCK = 0xF0, REPNE = 0xF2, REP = 0xF3, OPSIZE = 0x66, ADDRSIZE = 0x67;
    private static final int SCRATCH_END = SCRATCH_BASE + SCRATCH_SIZE;

    private static final int[] SPECIAL = {0, 1, 2, 7, 8, 9, 0x0F, 0x10, 0x1F, 0x20, 0x7F, 0x80, 0x81, 0xFF,
        0x100, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF,
        0xFFFFFFFE, 0xFFFFFF80, 0xFFFF8000, 0x99, 0x9999, 0x0909, 0x55555555, 0xAAAAAAAA};

    private final Random rnd;
    private boolean deliberateFaults = true;
    private String lastFamily;
    private boolean lastMayFault;
    private final List<Family> families = new ArrayList<>();
    private int totalWeight;

    /** A generator whose output is fixed by {@code seed}. */
    public InstructionGenerator(long seed) {
        this.rnd = new Random(seed);
        defineFamilies();
    }

    /** Whether a few deliberate faults are generated (default on); see the class comment. */
    public InstructionGenerator deliberateFaults(boolean on) {
        deliberateFaults = on;
        return this;
    }

    /** The next {@code count} records. */
    public List<FuzzProgram.Record> generate(int count) {
        List<FuzzProgram.Record> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(next());
        }
        return list;
    }

    /** The family of the last record {@link #next} returned ("alu", "shift", ...). */
    public String lastFamily() {
        return lastFamily;
    }

    /** Whether the last record was built to fault on purpose (or may: BOUND). */
    public boolean lastMayFault() {
        return lastMayFault;
    }

    /** The next record. */
    public FuzzProgram.Record next() {
        for (int attempt = 0; ; attempt++) {
            Family f = pick();
            Build b = new Build();
            if (f.template.build(b)) {
                FuzzProgram.Record r = b.record();
                lastFamily = f.name;
                lastMayFault = b.mayFault;
                return r;
            }
            if (attempt > 10_000) {
                throw new IllegalStateException("the generator keeps failing to build " + f.name);
            }
        }
    }

    private Family pick() {
        int n = rnd.nextInt(totalWeight);
        for (Family f : families) {
            n -= f.weight;
            if (n < 0) {
                return f;
            }
        }
        throw new AssertionError();
    }

    // ---- the instruction families -------------------------------------------------------------

    private interface Template {
        /** Builds one instruction into {@code b}; false to start over with a fresh state. */
        boolean build(Build b);
    }

    private record Family(String name, int weight, Template template) {
    }

    private void family(String name, int weight, Template t) {
        families.add(new Family(name, weight, t));
        totalWeight += weight;
    }

    private static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;
    /** The flags condition codes 0-15 test, by pairs: O, B, Z, BE, S, P, L, LE. */
    private static final int[] CONDITION_FLAGS = {OF, CF, ZF, CF | ZF, SF, PF, SF | OF, ZF | SF | OF};

    private void defineFamilies() {
        family("alu", 24, b -> alu(b, rnd.nextInt(8), rnd.nextInt(10)));
        family("test", 4, this::test);
        family("inc/dec", 4, this::incDec);
        family("not/neg", 3, this::notNeg);
        family("shift", 14, this::shift);
        family("shld/shrd", 4, this::shldShrd);
        family("mul", 4, this::mul);
        family("imul", 4, this::imul);
        family("div", 5, this::div);
        family("bt", 6, this::bt);
        family("bsf/bsr", 3, this::bsfBsr);
        family("setcc", 3, this::setcc);
        family("cmovcc", 3, this::cmovcc);
        family("xadd", 2, this::xadd);
        family("cmpxchg", 3, this::cmpxchg);
        family("cmpxchg8b", 1, this::cmpxchg8b);
        family("bswap", 1, this::bswap);
        family("movzx/movsx", 3, this::movx);
        family("xchg", 3, this::xchg);
        family("mov", 5, this::mov);
        family("segment", 1, this::segmentRegisters);
        family("lea", 4, this::lea);
        family("convert", 2, this::convert);
        family("bcd", 5, this::bcd);
        family("aam/aad", 2, this::aamAad);
        family("flags", 2, this::flagOps);
        family("xlat", 1, this::xlat);
        family("bound", 1, this::bound);
        family("string", 10, this::string);
        family("push/pop", 6, this::pushPop);
        family("pusha/popa", 1, this::pushaPopa);
        family("enter/leave", 2, this::enterLeave);
    }

    private boolean alu(Build b, int op, int form) {
        boolean logic = op == AND || op == OR || op == XOR;
        b.mask = logic ? ALL & ~AF : ALL;
        b.writes = STATUS;
        b.reads = op == ADC || op == SBB ? CF : 0;
        boolean eIsDest = form <= 1 || form >= 6;
        boolean writesMem = eIsDest && op != CMP;
        switch (form) {
            case 0, 1, 2, 3 -> {
                int w = (form & 1) == 0 ? 1 : b.sizeV();
                if (!b.chooseE(w, true, true, writesMem, 0)) {
                    return false;
                }
                int g = b.rnd(8);
                if (eIsDest && op != CMP) {
                    if (op == XOR && !b.eIsMem && b.eReg == g) {
                        // Not LOCK XOR r,r: QEMU 7.2 translates XOR of a register with itself as
                        // "clear the register" before its LOCK check, so it raises no #UD.
                        b.maybeLock();
                    } else {
                        b.maybeLockOrUd();
                    }
                }
                b.emitModrm(g, (op << 3) + form);
            }
            case 4 -> b.emit(op << 3 | 4, b.imm(1));
            case 5 -> {
                int w = b.sizeV();
                b.emit(op << 3 | 5, b.imm(w));
            }
            default -> {
                int opcode = 0x80 + form - 6;
                int w = opcode == 0x80 || opcode == 0x82 ? 1 : b.sizeV();
                if (!b.chooseE(w, true, true, writesMem, 0)) {
                    return false;
                }
                if (op != CMP) {
                    b.maybeLockOrUd();
                }
                b.emitModrm(op, opcode, b.imm(opcode == 0x81 ? w : 1));
            }
        }
        return true;
    }

    private boolean test(Build b) {
        b.mask = ALL & ~AF;
        b.writes = STATUS;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                int w = rnd.nextBoolean() ? 1 : b.sizeV();
                if (!b.chooseE(w, true, true, false, 0)) {
                    return false;
                }
                b.emitModrm(b.rnd(8), w == 1 ? 0x84 : 0x85);
            }
            case 1 -> {
                int w = rnd.nextBoolean() ? 1 : b.sizeV();
                b.emit(w == 1 ? 0xA8 : 0xA9, b.imm(w));
            }
            default -> {
                // F6/F7 /0. Not /1: Intel processors run it as TEST too, but the manual leaves it
                // blank, and QEMU (7.2) raises #UD for it.
                int w = rnd.nextBoolean() ? 1 : b.sizeV();
                if (!b.chooseE(w, true, true, false, 0)) {
                    return false;
                }
                b.emitModrm(0, w == 1 ? 0xF6 : 0xF7, b.imm(w));
            }
        }
        return true;
    }

    private boolean incDec(Build b) {
        b.mask = ALL;
        b.writes = STATUS & ~CF;
        int dec = rnd.nextInt(2);
        if (rnd.nextInt(3) == 0) {
            b.sizeV();
            b.emit(0x40 + dec * 8 + rnd.nextInt(8));
            return true;
        }
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, true, 0)) {
            return false;
        }
        b.maybeLockOrUd();
        b.emitModrm(dec, w == 1 ? 0xFE : 0xFF);
        return true;
    }

    private boolean notNeg(Build b) {
        b.mask = ALL;
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, true, 0)) {
            return false;
        }
        b.maybeLockOrUd();
        int op = 2 + rnd.nextInt(2);
        b.writes = op == 3 ? STATUS : 0;        // NEG writes them all, NOT none
        b.emitModrm(op, w == 1 ? 0xF6 : 0xF7);
        return true;
    }

    /** The group 2 shifts and rotates: ROL ROR RCL RCR SHL SHR SAL(=SHL) SAR, by 1, CL or Ib. */
    private boolean shift(Build b) {
        int op = rnd.nextInt(8);
        int form = rnd.nextInt(3);          // 0: by 1, 1: by CL, 2: by Ib
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, true, 0)) {
            return false;
        }
        int count;
        byte[] imm = new byte[0];
        if (form == 0) {
            count = 1;
        } else if (form == 1) {
            b.setReg8IfFree(ECX, shiftCount(w));
            count = b.regs[ECX] & 0xFF;
        } else {
            count = shiftCount(w);
            imm = new byte[] {(byte) count};
        }
        int m = count & 31;
        int bits = w * 8;
        if (m == 0) {
            b.mask = ALL;
        } else if (op <= 3) {
            // Rotates: CF (and OF on a 1-bit rotate) only; SF ZF AF PF are not affected.
            b.mask = m == 1 ? ALL : ALL & ~OF;
            b.writes = CF | OF;
            b.reads = op >= 2 ? CF : 0;
        } else {
            b.writes = STATUS;
            boolean sar = op == 7;
            b.mask = ALL & ~AF;
            if (m != 1) {
                b.mask &= ~OF;
            }
            if (!sar && m >= bits) {
                b.mask &= ~CF;     // "undefined for SHL and SHR where the count >= the operand size"
            }
        }
        int opcode = form == 0 ? 0xD0 : form == 1 ? 0xD2 : 0xC0;
        b.emitModrm(op, opcode + (w == 1 ? 0 : 1), imm);
        return true;
    }

    /** A shift count: mostly 0-31 with the edges weighted, sometimes any byte (the CPU masks it). */
    private int shiftCount(int w) {
        int bits = w * 8;
        return switch (rnd.nextInt(6)) {
            case 0 -> new int[] {0, 1, bits - 1, bits, bits + 1, 31, 32, 33, 9, 17}[rnd.nextInt(10)];
            case 1 -> rnd.nextInt(256);
            case 2 -> rnd.nextInt(bits) + 1;
            default -> rnd.nextInt(32);
        };
    }

    private boolean shldShrd(Build b) {
        boolean right = rnd.nextBoolean();
        boolean byCl = rnd.nextBoolean();
        int w = b.sizeV();
        if (!b.chooseE(w, true, true, true, 0)) {
            return false;
        }
        int count;
        byte[] imm = new byte[0];
        if (byCl) {
            b.setReg8IfFree(ECX, shiftCount(w));
            count = b.regs[ECX] & 0xFF;
        } else {
            count = shiftCount(w);
            imm = new byte[] {(byte) count};
        }
        int m = count & 31;
        if (w == 2 && m > 16) {
            return false;   // "If the count is greater than the operand size, the result is undefined"
        }
        b.mask = m == 0 ? ALL : m == 1 ? ALL & ~AF : ALL & ~AF & ~OF;
        b.writes = m == 0 ? 0 : STATUS;
        int opcode = 0x1A4 + (right ? 8 : 0) + (byCl ? 1 : 0);
        b.emitModrm(b.rnd(8), opcode, imm);
        return true;
    }

    private boolean mul(Build b) {
        // MUL (F6/F7 /4) and one-operand IMUL (/5): CF and OF defined; SF ZF AF PF undefined.
        b.mask = CF | OF | DF;
        b.writes = STATUS;
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, false, 0)) {
            return false;
        }
        b.emitModrm(4 + rnd.nextInt(2), w == 1 ? 0xF6 : 0xF7);
        return true;
    }

    private boolean imul(Build b) {
        // IMUL Gv,Ev (0F AF), Gv,Ev,Iz (69), Gv,Ev,Ib (6B): CF and OF defined.
        b.mask = CF | OF | DF;
        b.writes = STATUS;
        int w = b.sizeV();
        if (!b.chooseE(w, true, true, false, 0)) {
            return false;
        }
        switch (rnd.nextInt(3)) {
            case 0 -> b.emitModrm(b.rnd(8), 0x1AF);
            case 1 -> b.emitModrm(b.rnd(8), 0x69, b.imm(w));
            default -> b.emitModrm(b.rnd(8), 0x6B, b.imm(1));
        }
        return true;
    }

    /** DIV and IDIV: the dividend is chosen so that the quotient fits, unless a fault is wanted. */
    private boolean div(Build b) {
        b.mask = DF;        // all six arithmetic flags are undefined
        b.writes = STATUS;
        boolean signed = rnd.nextBoolean();
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, false, 0)) {
            return false;
        }
        boolean wantFault = deliberateFaults && rnd.nextInt(60) == 0;
        b.mayFault = wantFault;
        if (!wantFault) {
            if (b.readE(w) == 0 && !b.writeE(w, b.nonZero(w))) {
                return false;
            }
            long d = signed ? signExtend(b.readE(w), w) : b.readE(w);
            setDividend(b, w, signed, d);
            if (divFaults(b, w, signed)) {
                return false;
            }
        }
        b.emitModrm(signed ? 7 : 6, w == 1 ? 0xF6 : 0xF7);
        return true;
    }

    /** Sets AX, DX:AX or EDX:EAX (where free) to q * d + r for a random quotient q that fits. */
    private void setDividend(Build b, int w, boolean signed, long d) {
        int bits = w * 8;
        long q;
        if (signed) {
            long lo = -(1L << (bits - 1)), hi = (1L << (bits - 1)) - 1;
            q = rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? lo : hi) : lo + (long) (rnd.nextDouble() * (hi - lo));
            if (rnd.nextInt(3) == 0) {
                q = rnd.nextInt(201) - 100;
            }
        } else {
            long hi = (1L << bits) - 1;
            q = rnd.nextInt(4) == 0 ? hi : (long) (rnd.nextDouble() * hi);
            if (rnd.nextInt(3) == 0) {
                q = rnd.nextInt(100);
            }
        }
        long absD = Math.abs(d);
        long r = absD <= 1 ? 0 : (long) (rnd.nextDouble() * absD);
        java.math.BigInteger dividend = java.math.BigInteger.valueOf(q).multiply(java.math.BigInteger.valueOf(d));
        if (signed && dividend.signum() < 0) {
            r = -r;
        }
        dividend = dividend.add(java.math.BigInteger.valueOf(r));
        long v = dividend.longValue();     // two's complement, low 64 bits
        if (w == 1) {
            b.setRegIfFree(EAX, (b.regs[EAX] & 0xFFFF0000) | (int) (v & 0xFFFF));
        } else if (w == 2) {
            b.setRegIfFree(EAX, (b.regs[EAX] & 0xFFFF0000) | (int) (v & 0xFFFF));
            b.setRegIfFree(EDX, (b.regs[EDX] & 0xFFFF0000) | (int) ((v >> 16) & 0xFFFF));
        } else {
            b.setRegIfFree(EAX, (int) v);
            b.setRegIfFree(EDX, (int) (v >> 32));
        }
    }

    /** Whether DIV/IDIV of the E operand would raise #DE with the registers as they are. */
    private static boolean divFaults(Build b, int w, boolean signed) {
        long divisor = b.readE(w);
        if (divisor == 0) {
            return true;
        }
        java.math.BigInteger dividend;
        int bits = w * 8;
        if (w == 1) {
            long ax = b.regs[EAX] & 0xFFFF;
            dividend = java.math.BigInteger.valueOf(signed ? (short) ax : ax);
        } else if (w == 2) {
            long v = ((b.regs[EDX] & 0xFFFFL) << 16) | (b.regs[EAX] & 0xFFFFL);
            dividend = java.math.BigInteger.valueOf(signed ? (int) v : v);
        } else {
            long v = ((long) b.regs[EDX] << 32) | (b.regs[EAX] & 0xFFFFFFFFL);
            dividend = signed ? java.math.BigInteger.valueOf(v)
                    : new java.math.BigInteger(Long.toUnsignedString(v));
        }
        long d = signed ? signExtend(divisor, w) : divisor;
        java.math.BigInteger q = dividend.divide(java.math.BigInteger.valueOf(d));   // truncates, as IDIV
        long lo = signed ? -(1L << (bits - 1)) : 0;
        long hi = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        return q.compareTo(java.math.BigInteger.valueOf(lo)) < 0 || q.compareTo(java.math.BigInteger.valueOf(hi)) > 0;
    }

    private static long signExtend(long v, int w) {
        int shift = 64 - 8 * w;
        return (v << shift) >> shift;
    }

    /** BT, BTS, BTR, BTC with a register offset (0F A3/AB/B3/BB) or an immediate (0F BA /4-7). */
    private boolean bt(Build b) {
        // CF is the selected bit; ZF is unaffected; OF SF AF PF are undefined.
        b.mask = CF | ZF | DF;
        b.writes = STATUS & ~ZF;
        int op = rnd.nextInt(4);
        boolean imm = rnd.nextInt(3) == 0;
        int w = b.sizeV();
        boolean writes = op != 0;
        int g = b.rnd(8);
        if (imm) {
            if (!b.chooseE(w, true, true, writes, 0)) {
                return false;
            }
            if (writes) {
                b.maybeLock();
            }
            b.emitModrm(4 + op, 0x1BA, new byte[] {(byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : rnd.nextInt(w * 8))});
            return true;
        }
        if (!b.chooseE(w, true, true, writes, 0)) {
            return false;
        }
        if (b.eIsMem) {
            // The bit offset is signed and may reach outside the addressed word: the CPU reads the
            // word at EA + w * (offset >> log2(8w)). Choose it so that word is in scratch.
            int bits = w * 8;
            int kMin = Math.floorDiv(SCRATCH_BASE - b.ea + w - 1, w);
            int kMax = Math.floorDiv(SCRATCH_END - w - b.ea, w);
            if (kMin > kMax) {
                return false;
            }
            int k = kMin + rnd.nextInt(kMax - kMin + 1);
            int offset = k * bits + rnd.nextInt(bits);
            if (w == 2) {
                b.setRegIfFree(g, (b.regs[g] & 0xFFFF0000) | (offset & 0xFFFF));
            } else {
                b.setRegIfFree(g, offset);
            }
            int actual = w == 2 ? (short) b.regs[g] : b.regs[g];
            int addr = b.ea + w * (actual >> (w == 2 ? 4 : 5));
            if (!inScratch(addr, w)) {
                return false;
            }
            if (writes) {
                b.maybeLock();
            }
        }
        b.emitModrm(g, new int[] {0x1A3, 0x1AB, 0x1B3, 0x1BB}[op]);
        return true;
    }

    private boolean bsfBsr(Build b) {
        // ZF is defined (set for a zero source); CF OF SF AF PF are undefined; so is the
        // destination when the source is zero.
        b.mask = ZF | DF;
        b.writes = STATUS;
        int w = b.sizeV();
        if (!b.chooseE(w, true, true, false, 0)) {
            return false;
        }
        if (rnd.nextInt(5) == 0) {
            b.writeE(w, 0);
        } else if (rnd.nextInt(3) == 0) {
            b.writeE(w, 1 << rnd.nextInt(w * 8));
        }
        int g = b.rnd(8);
        if (b.readE(w) == 0) {
            b.undef |= 1 << g;
        }
        b.emitModrm(g, rnd.nextBoolean() ? 0x1BC : 0x1BD);
        return true;
    }

    private boolean setcc(Build b) {
        b.mask = ALL;
        if (!b.chooseE(1, true, true, true, 0)) {
            return false;
        }
        // The reg field is ignored (the manual gives no /digit for SETcc).
        int cc = rnd.nextInt(16);
        b.reads = CONDITION_FLAGS[cc >> 1];
        b.emitModrm(rnd.nextInt(4) == 0 ? b.rnd(8) : 0, 0x190 + cc);
        return true;
    }

    private boolean cmovcc(Build b) {
        b.mask = ALL;
        int w = b.sizeV();
        if (!b.chooseE(w, true, true, false, 0)) {
            return false;
        }
        int cc = rnd.nextInt(16);
        b.reads = CONDITION_FLAGS[cc >> 1];
        b.emitModrm(b.rnd(8), 0x140 + cc);
        return true;
    }

    private boolean xadd(Build b) {
        b.mask = ALL;
        b.writes = STATUS;
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, true, 0)) {
            return false;
        }
        b.maybeLock();
        b.emitModrm(b.rnd(8), w == 1 ? 0x1C0 : 0x1C1);
        return true;
    }

    private boolean cmpxchg(Build b) {
        b.mask = ALL;
        b.writes = STATUS;
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, true, 0)) {
            return false;
        }
        if (rnd.nextBoolean()) {        // make the compare succeed half the time
            long v = b.readE(w);
            int mask = w == 4 ? -1 : (1 << (8 * w)) - 1;
            b.setRegIfFree(EAX, (b.regs[EAX] & ~mask) | ((int) v & mask));
        }
        b.maybeLock();
        b.emitModrm(b.rnd(8), w == 1 ? 0x1B0 : 0x1B1);
        return true;
    }

    private boolean cmpxchg8b(Build b) {
        b.mask = ALL;       // ZF is set by the compare; the others are not affected
        b.writes = ZF;
        b.qemuStaleFlags = true;
        if (!b.chooseE(8, false, true, true, 0)) {
            return false;
        }
        if (rnd.nextBoolean()) {
            byte[] p = new byte[8];
            for (int i = 0; i < 4; i++) {
                p[i] = (byte) (b.regs[EAX] >> (8 * i));
                p[4 + i] = (byte) (b.regs[EDX] >> (8 * i));
            }
            b.patch(b.ea - SCRATCH_BASE, p);
        }
        b.maybeLock();
        b.emitModrm(1, 0x1C7);
        return true;
    }

    private boolean bswap(Build b) {
        b.mask = ALL;
        b.emit(0x1C8 + rnd.nextInt(8));     // no 66: BSWAP of a 16-bit register is undefined
        return true;
    }

    private boolean movx(Build b) {
        b.mask = ALL;
        int src = rnd.nextBoolean() ? 1 : 2;
        b.sizeV();
        if (!b.chooseE(src, true, true, false, 0)) {
            return false;
        }
        int opcode = (rnd.nextBoolean() ? 0x1B6 : 0x1BE) + (src == 2 ? 1 : 0);
        b.emitModrm(b.rnd(8), opcode);
        return true;
    }

    private boolean xchg(Build b) {
        b.mask = ALL;
        if (rnd.nextInt(4) == 0) {
            b.sizeV();
            b.emit(0x90 + rnd.nextInt(8));  // 90 itself is NOP
            return true;
        }
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        if (!b.chooseE(w, true, true, true, 0)) {
            return false;
        }
        b.maybeLock();
        b.emitModrm(b.rnd(8), w == 1 ? 0x86 : 0x87);
        return true;
    }

    private boolean mov(Build b) {
        b.mask = ALL;
        switch (rnd.nextInt(6)) {
            case 0, 1 -> {
                int form = rnd.nextInt(4);      // 88 89 8A 8B
                int w = (form & 1) == 0 ? 1 : b.sizeV();
                if (!b.chooseE(w, true, true, form < 2, 0)) {
                    return false;
                }
                b.emitModrm(b.rnd(8), 0x88 + form);
            }
            case 2 -> b.emit(0xB0 + rnd.nextInt(8), b.imm(1));
            case 3 -> {
                int w = b.sizeV();
                b.emit(0xB8 + rnd.nextInt(8), b.imm(w));
            }
            case 4 -> {
                int w = rnd.nextBoolean() ? 1 : b.sizeV();
                if (!b.chooseE(w, true, true, true, 0)) {
                    return false;
                }
                b.emitModrm(0, w == 1 ? 0xC6 : 0xC7, b.imm(w));
            }
            default -> {
                // A0-A3: MOV with a moffs address (disp16 under 67).
                int form = rnd.nextInt(4);
                int w = (form & 1) == 0 ? 1 : b.sizeV();
                boolean a16 = b.maybeAddressSize16();
                b.maybeSegment(form >= 2);
                int addr = SCRATCH_BASE + rnd.nextInt(SCRATCH_SIZE - w + 1);
                b.emit(0xA0 + form, a16 ? le(addr, 2) : le(addr, 4));
            }
        }
        return true;
    }

    /**
     * MOV Ew,Sw (8C) to memory or to a 16-bit register, and PUSH of a segment register with a
     * 16-bit operand size. Not MOV to a 32-bit register, nor a 32-bit PUSH: the manual leaves
     * the upper half of the register, or of the stack slot, implementation-dependent.
     */
    private boolean segmentRegisters(Build b) {
        b.mask = ALL;
        int sreg = rnd.nextInt(6);
        if (rnd.nextBoolean()) {
            b.o16 = true;
            b.prefix(OPSIZE);
            b.emit(new int[] {0x06, 0x0E, 0x16, 0x1E, 0x1A0, 0x1A8}[sreg]);
            return true;
        }
        boolean toRegister = rnd.nextBoolean();
        if (toRegister) {
            b.o16 = true;
            b.prefix(OPSIZE);
        }
        if (!b.chooseE(2, toRegister, !toRegister, true, 0)) {
            return false;
        }
        b.emitModrm(sreg, 0x8C);
        return true;
    }

    private boolean lea(Build b) {
        // LEA computes an address and touches no memory: any register values will do.
        b.mask = ALL;
        b.sizeV();
        b.chooseEUnsolved();
        b.emitModrm(b.rnd(8), 0x8D);
        return true;
    }

    private boolean convert(Build b) {
        b.mask = ALL;
        b.sizeV();
        b.emit(rnd.nextBoolean() ? 0x98 : 0x99);
        return true;
    }

    private boolean bcd(Build b) {
        int op = rnd.nextInt(4);        // DAA DAS AAA AAS
        if (rnd.nextBoolean()) {        // mostly valid packed or unpacked BCD in AL, sometimes anything
            int al = op < 2 ? (rnd.nextInt(10) << 4 | rnd.nextInt(10)) : rnd.nextInt(10);
            if (rnd.nextInt(4) == 0) {
                al = 0xF0 | rnd.nextInt(16);     // the carry-out edge of AAA's AX + 106h
            }
            b.regs[EAX] = (b.regs[EAX] & 0xFFFFFF00) | al;
        }
        // DAA/DAS: OF undefined. AAA/AAS: only AF and CF defined.
        b.mask = op < 2 ? ALL & ~OF : AF | CF | DF;
        b.writes = STATUS;
        b.reads = op < 2 ? AF | CF : AF;
        b.emit(new int[] {0x27, 0x2F, 0x37, 0x3F}[op]);
        return true;
    }

    private boolean aamAad(Build b) {
        // AAM and AAD: SF ZF PF defined, OF AF CF undefined. AAM 0 raises #DE.
        b.mask = SF | ZF | PF | DF;
        b.writes = STATUS;
        boolean aam = rnd.nextBoolean();
        int base = rnd.nextBoolean() ? 10 : rnd.nextInt(256);
        if (aam && base == 0 && !(deliberateFaults && rnd.nextInt(4) == 0)) {
            base = 1 + rnd.nextInt(255);
        }
        b.mayFault = aam && base == 0;
        b.emit(aam ? 0xD4 : 0xD5, new byte[] {(byte) base});
        return true;
    }

    private boolean flagOps(Build b) {
        b.mask = ALL;
        int which = rnd.nextInt(8);
        int lahfFlags = SF | ZF | AF | PF | CF;
        b.writes = new int[] {lahfFlags, 0, CF, CF, CF, DF, DF, 0}[which];
        b.reads = new int[] {0, lahfFlags, CF, 0, 0, 0, 0, 0}[which];
        b.emit(new int[] {0x9E, 0x9F, 0xF5, 0xF8, 0xF9, 0xFC, 0xFD, 0x90}[which]);
        return true;
    }

    private boolean xlat(Build b) {
        b.mask = ALL;
        boolean a16 = b.maybeAddressSize16();
        b.maybeSegment(false);
        int al = b.regs[EAX] & 0xFF;
        int target = SCRATCH_BASE + rnd.nextInt(SCRATCH_SIZE);
        if (a16) {
            b.regs[EBX] = (b.regs[EBX] & 0xFFFF0000) | ((target - al) & 0xFFFF);
        } else {
            b.regs[EBX] = target - al;
        }
        b.emit(0xD7);
        return true;
    }

    private boolean bound(Build b) {
        // BOUND Gv,Ma: #BR (vector 5) when the index is outside [lower, upper]. A deliberate fault
        // about half the time; no flags are affected.
        if (!deliberateFaults) {
            return false;
        }
        b.mask = ALL;
        b.mayFault = true;
        int w = b.sizeV();
        if (!b.chooseE(2 * w, false, true, false, 0)) {
            return false;
        }
        b.emitModrm(b.rnd(8), 0x62);
        return true;
    }

    /** MOVS CMPS STOS LODS SCAS, byte or word/dword, with or without REP, in either direction. */
    private boolean string(Build b) {
        b.mask = ALL;
        int kind = rnd.nextInt(5);
        int[] base = {0xA4, 0xA6, 0xAA, 0xAC, 0xAE};
        boolean readsSi = kind <= 1 || kind == 3;
        boolean usesDi = kind != 3;
        int w = rnd.nextBoolean() ? 1 : b.sizeV();
        boolean a16 = b.maybeAddressSize16();
        int count = 1;
        if (rnd.nextInt(3) != 0) {
            boolean compare = kind == 1 || kind == 4;
            // F2 on MOVS/STOS/LODS repeats as F3 does.
            b.prefix(compare || rnd.nextInt(4) == 0 ? (rnd.nextBoolean() ? REP : REPNE) : REP);
            count = rnd.nextInt(9);
            if (a16) {
                b.regs[ECX] = (b.regs[ECX] & 0xFFFF0000) | count;
            } else {
                b.regs[ECX] = count;
            }
        }
        if (kind == 1 || kind == 4) {
            b.writes = count > 0 ? STATUS : 0;
        }
        if (readsSi) {
            b.maybeSegment(false);
        } else if (rnd.nextInt(8) == 0) {
            b.maybeSegment(true);           // an override the instruction does not use
        }
        boolean down = (b.eflags & DF) != 0;
        int extent = Math.max(count, 1) * w;
        int si = pointer(down, extent, w);
        int di = pointer(down, extent, w);
        if (kind == 1 && rnd.nextInt(3) == 0) {
            di = si;                        // REPE CMPS then runs to the end of the count
        }
        b.regs[ESI] = a16 ? (b.regs[ESI] & 0xFFFF0000) | si : si;
        b.regs[EDI] = a16 ? (b.regs[EDI] & 0xFFFF0000) | di : di;
        if (!readsSi && rnd.nextBoolean()) {
            b.regs[ESI] = b.value();
        }
        if (!usesDi && rnd.nextBoolean()) {
            b.regs[EDI] = b.value();
        }
        if (kind == 4 && rnd.nextBoolean()) {     // SCAS: the accumulator equals the first element
            int v = (int) b.read(di, w);
            int mask = w == 4 ? -1 : (1 << (8 * w)) - 1;
            b.regs[EAX] = (b.regs[EAX] & ~mask) | (v & mask);
        }
        b.emit(base[kind] + (w == 1 ? 0 : 1));
        return true;
    }

    /** A start address for a string pointer: extent bytes are touched going up or down from it. */
    private int pointer(boolean down, int extent, int w) {
        int lo = down ? SCRATCH_BASE + extent - w : SCRATCH_BASE;
        int hi = down ? SCRATCH_END - w : SCRATCH_END - extent;
        return lo + rnd.nextInt(hi - lo + 1);
    }

    private boolean pushPop(Build b) {
        b.mask = ALL;
        int w = b.sizeV();
        switch (rnd.nextInt(6)) {
            case 0 -> b.emit(0x50 + rnd.nextInt(8));
            case 1 -> b.emit(0x58 + rnd.nextInt(8));
            case 2 -> b.emit(0x68, b.imm(w));
            case 3 -> b.emit(0x6A, b.imm(1));
            case 4 -> {
                if (!b.chooseE(w, true, true, false, 0)) {
                    return false;
                }
                b.emitModrm(6, 0xFF);
            }
            default -> {
                // POP Ev: an ESP base is the value after the pop's increment (SDM, POP).
                if (!b.chooseE(w, true, true, true, w)) {
                    return false;
                }
                b.emitModrm(0, 0x8F);
            }
        }
        return true;
    }

    private boolean pushaPopa(Build b) {
        b.mask = ALL;
        b.sizeV();
        b.emit(rnd.nextBoolean() ? 0x60 : 0x61);
        return true;
    }

    private boolean enterLeave(Build b) {
        b.mask = ALL;
        int w = b.sizeV();
        if (rnd.nextBoolean()) {
            // LEAVE: ESP = EBP, then POP EBP: EBP must point into scratch.
            b.regs[EBP] = SCRATCH_BASE + rnd.nextInt(SCRATCH_SIZE - w + 1);
            b.emit(0xC9);
            return true;
        }
        // ENTER size, level: level (mod 32) - 1 frame pointers are copied from [EBP - w*i].
        int level = new int[] {0, 0, 1, 1, 2, 3, 4, 32, 33}[rnd.nextInt(9)];
        int size = rnd.nextBoolean() ? rnd.nextInt(64) : rnd.nextInt(0x10000);
        int copies = Math.max((level & 31) - 1, 0);
        if (copies > 0 || rnd.nextBoolean()) {
            b.regs[EBP] = SCRATCH_BASE + copies * w + rnd.nextInt(SCRATCH_SIZE - copies * w - w + 1);
        }
        b.emit(0xC8, new byte[] {(byte) size, (byte) (size >> 8), (byte) level});
        return true;
    }

    private static boolean inScratch(long addr, int size) {
        return addr >= SCRATCH_BASE && addr + size <= SCRATCH_END;
    }

    private static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >> (8 * i));
        }
        return b;
    }

    // ---- one record under construction --------------------------------------------------------

    /** The 16-bit addressing forms: which registers rm 0-7 add (BX BP SI DI), -1 for none. */
    private static final int[][] MEM16 = {{EBX, ESI}, {EBX, EDI}, {EBP, ESI}, {EBP, EDI}, {ESI, -1}, {EDI, -1},
        {EBP, -1}, {EBX, -1}};

    private final class Build {
        final int[] regs = new int[8];
        int eflags;
        int mask = ALL;
        /** The flags the instruction changes (to defined values or not), and those it reads. */
        int writes;
        int reads;
        /**
         * QEMU 7.2 computes the flags this instruction leaves alone from a stale lazy-flags
         * state when a flag-setting instruction precedes it in the same translation block: its
         * CMPXCHG8B helper recomputes EFLAGS without the translator first storing the pending
         * flags operation. After "cmp eax,eax; cmpxchg8b [esi]" it clears PF, which CMP set;
         * the garbage can even show DF set to PUSHF; after "stc", which stores the flags, it is
         * right. Behind a flag setter, only the flags the instruction writes (ZF) are compared.
         */
        boolean qemuStaleFlags;
        int undef;
        boolean mayFault;
        final int seed;
        final byte[] mem;
        int patchOffset;
        byte[] patch = new byte[0];

        final List<Integer> prefixes = new ArrayList<>();
        boolean o16;
        boolean a16;
        /** Registers the address depends on (and ESP, always): not to be changed once solved. */
        int locked = 1 << ESP;

        // The E operand of a ModR/M instruction.
        boolean hasE;
        boolean eIsMem;
        int eReg;
        int eWidth;
        int mod;
        int rm;
        boolean hasSib;
        int scale;
        int index;
        int base;
        int dispSize;
        int disp;
        int ea;

        final ByteArrayOutputStream code = new ByteArrayOutputStream();

        Build() {
            for (int i = 0; i < 8; i++) {
                regs[i] = value();
            }
            int esp = SCRATCH_BASE + 64 + rnd.nextInt(129);
            regs[ESP] = rnd.nextInt(4) == 0 ? esp : esp & ~3;
            eflags = rnd.nextInt() & ALL;
            seed = rnd.nextInt();
            mem = FuzzProgram.scratch(seed);
        }

        int rnd(int n) {
            return rnd.nextInt(n);
        }

        int value() {
            return switch (rnd.nextInt(12)) {
                case 0, 1, 2, 3 -> rnd.nextInt();
                case 4 -> rnd.nextInt(256);
                case 5 -> -1 - rnd.nextInt(256);
                case 6, 7 -> SPECIAL[rnd.nextInt(SPECIAL.length)];
                case 8 -> 1 << rnd.nextInt(32);
                case 9 -> rnd.nextInt() & (rnd.nextBoolean() ? 0xFFFF : 0xFF);
                case 10 -> rnd.nextInt() | (rnd.nextBoolean() ? 0xFFFF0000 : 0x80000000);
                default -> rnd.nextInt(0x10000);
            };
        }

        int nonZero(int w) {
            int v;
            do {
                v = value();
            } while ((w == 4 ? v : v & ((1 << (8 * w)) - 1)) == 0);
            return v;
        }

        byte[] imm(int w) {
            return le(value(), w);
        }

        void prefix(int p) {
            prefixes.add(p);
        }

        /** Chooses the operand size of a v-sized instruction: 16 with the 66 prefix, or 32. */
        int sizeV() {
            o16 = rnd.nextInt(10) < 3;
            if (o16) {
                prefix(OPSIZE);
            }
            return o16 ? 2 : 4;
        }

        boolean maybeAddressSize16() {
            a16 = rnd.nextInt(6) == 0;
            if (a16) {
                prefix(ADDRSIZE);
            }
            return a16;
        }

        /** Sometimes a segment override (CS only when nothing is written through it). */
        void maybeSegment(boolean writes) {
            if (rnd.nextInt(4) == 0) {
                int s;
                do {
                    s = rnd.nextInt(6);
                } while (writes && s == CS);
                prefix(SEGMENT_PREFIX[s]);
            }
        }

        void maybeLock() {
            if (eIsMem && rnd.nextInt(4) == 0) {
                prefix(LOCK);
            }
        }

        /**
         * For the ALU operations, INC/DEC and NOT/NEG: LOCK with a memory destination, and
         * rarely (a deliberate #UD) with a register one. Only these: QEMU 7.2 does not raise #UD
         * for LOCK on a register XCHG or XADD, on BT, or on MOV, and aborts ("tcg fatal error")
         * on LOCK BTS/BTR/BTC with a register operand.
         */
        void maybeLockOrUd() {
            if (!eIsMem && deliberateFaults && rnd.nextInt(100) == 0) {
                prefix(LOCK);
                mayFault = true;
            } else {
                maybeLock();
            }
        }

        // ---- register access --------------------------------------------------------------------

        boolean setRegIfFree(int r, int v) {
            if ((locked & (1 << r)) != 0) {
                return false;
            }
            regs[r] = v;
            return true;
        }

        void setReg8IfFree(int r, int v) {
            setRegIfFree(r, (regs[r] & 0xFFFFFF00) | (v & 0xFF));
        }

        /** A register operand by ModR/M number, w bytes wide (for w = 1, AL..BH). */
        long readReg(int n, int w) {
            if (w == 1) {
                return n < 4 ? regs[n] & 0xFF : (regs[n - 4] >>> 8) & 0xFF;
            }
            return w == 2 ? regs[n] & 0xFFFF : regs[n] & 0xFFFFFFFFL;
        }

        boolean writeReg(int n, int w, int v) {
            if (w == 1) {
                int r = n & 3;
                int shift = n < 4 ? 0 : 8;
                return setRegIfFree(r, (regs[r] & ~(0xFF << shift)) | ((v & 0xFF) << shift));
            }
            return setRegIfFree(n, w == 2 ? (regs[n] & 0xFFFF0000) | (v & 0xFFFF) : v);
        }

        long read(int addr, int w) {
            long v = 0;
            for (int i = w - 1; i >= 0; i--) {
                v = (v << 8) | (mem[addr - SCRATCH_BASE + i] & 0xFF);
            }
            return v;
        }

        /** Sets the record's one patch (replacing any earlier one). */
        void patch(int offset, byte[] bytes) {
            if (patch.length > 0) {
                System.arraycopy(FuzzProgram.scratch(seed), 0, mem, 0, SCRATCH_SIZE);
            }
            patchOffset = offset;
            patch = bytes.clone();
            for (int i = 0; i < bytes.length; i++) {
                mem[(offset + i) % SCRATCH_SIZE] = bytes[i];
            }
        }

        /** The E operand's value (memory or register), zero-extended. */
        long readE(int w) {
            return eIsMem ? read(ea, w) : readReg(eReg, w);
        }

        /** Sets the E operand's initial value: a patch for memory, the register if it is free. */
        boolean writeE(int w, int v) {
            if (eIsMem) {
                patch(ea - SCRATCH_BASE, le(v, w));
                return true;
            }
            return writeReg(eReg, w, v);
        }

        // ---- the E operand ----------------------------------------------------------------------

        /**
         * Chooses the E operand: a register or a memory operand whose {@code width} bytes lie in
         * the scratch area, in a random addressing form.
         *
         * @param writes the instruction writes the operand (no CS override then)
         * @param espAdjust added to ESP when it is the base (POP Ev computes the address after
         *     its increment)
         */
        boolean chooseE(int width, boolean allowReg, boolean allowMem, boolean writes, int espAdjust) {
            hasE = true;
            eWidth = width;
            if (allowReg && (!allowMem || rnd.nextInt(5) < 2)) {
                eIsMem = false;
                eReg = rnd.nextInt(8);
                return true;
            }
            eIsMem = true;
            maybeAddressSize16();
            maybeSegment(writes);
            chooseForm();
            if (!solve(width, espAdjust)) {
                return false;
            }
            if (rnd.nextInt(4) == 0) {
                // The seeded contents are uniformly random; give memory the edge values too.
                patch(ea - SCRATCH_BASE, le((long) value() << 32 | (value() & 0xFFFFFFFFL), Math.min(width, 8)));
            }
            return true;
        }

        /** A memory form with random registers, not solved (LEA). */
        void chooseEUnsolved() {
            hasE = true;
            eIsMem = true;
            maybeAddressSize16();
            if (rnd.nextInt(6) == 0) {
                maybeSegment(false);
            }
            chooseForm();
        }

        private void chooseForm() {
            mod = rnd.nextInt(3);
            rm = rnd.nextInt(8);
            if (a16) {
                hasSib = false;
                dispSize = mod == 1 ? 1 : mod == 2 || rm == 6 && mod == 0 ? 2 : 0;
            } else {
                hasSib = rm == 4;
                if (hasSib) {
                    scale = rnd.nextInt(4);
                    index = rnd.nextInt(8);
                    base = rnd.nextInt(8);
                }
                boolean disp32Only = mod == 0 && (hasSib ? base == 5 : rm == 5);
                dispSize = mod == 1 ? 1 : mod == 2 || disp32Only ? 4 : 0;
            }
            disp = switch (dispSize) {
                case 0 -> 0;
                case 1 -> (byte) rnd.nextInt();
                case 2 -> (short) value();
                default -> value();
            };
        }

        /** The registers the address adds, each with its coefficient (index: 1 << scale). */
        private long[] terms() {
            long[] coef = new long[8];
            if (a16) {
                if (!(mod == 0 && rm == 6)) {
                    for (int r : MEM16[rm]) {
                        if (r >= 0) {
                            coef[r] += 1;
                        }
                    }
                }
            } else if (!hasSib) {
                if (!(mod == 0 && rm == 5)) {
                    coef[rm] += 1;
                }
            } else {
                if (!(mod == 0 && base == 5)) {
                    coef[base] += 1;
                }
                if (index != 4) {
                    coef[index] += 1L << scale;
                }
            }
            return coef;
        }

        int computeEa(int espAdjust) {
            long[] coef = terms();
            long sum = disp;
            for (int r = 0; r < 8; r++) {
                if (coef[r] != 0) {
                    sum += coef[r] * (regs[r] + (r == ESP ? espAdjust : 0));
                }
            }
            return a16 ? (int) (sum & 0xFFFF) : (int) sum;
        }

        /**
         * Makes the address land in scratch by solving for one register of the address (or the
         * displacement); marks the address's registers as locked.
         */
        private boolean solve(int width, int espAdjust) {
            long[] coef = terms();
            int lo = SCRATCH_BASE;
            int hi = SCRATCH_END - width;
            List<Integer> candidates = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                if (coef[r] != 0) {
                    locked |= 1 << r;
                    if (r != ESP) {
                        candidates.add(r);
                    }
                }
            }
            boolean dispFree = dispSize == 4 || dispSize == 2;
            if (dispFree) {
                candidates.add(-1);
            }
            int target = lo + rnd.nextInt(hi - lo + 1);
            if (candidates.isEmpty()) {
                // Only ESP (and perhaps a disp8): fit the displacement if there is one.
                if (dispSize == 1) {
                    int rest = computeEaWithDisp(0, espAdjust);
                    int min = Math.max(lo, rest - 128);
                    int max = Math.min(hi, rest + 127);
                    if (min > max) {
                        return false;
                    }
                    disp = min + rnd.nextInt(max - min + 1) - rest;
                }
                ea = computeEa(espAdjust);
                return ea >= lo && ea <= hi;
            }
            int pick = candidates.get(rnd.nextInt(candidates.size()));
            if (pick < 0) {
                int rest = computeEaWithDisp(0, espAdjust);
                disp = a16 ? (short) (target - rest) : target - rest;
            } else if (a16) {
                regs[pick] &= 0xFFFF0000;
                int rest = computeEa(espAdjust);
                regs[pick] |= (target - rest) & 0xFFFF;
            } else {
                int c = (int) coef[pick];
                regs[pick] = 0;
                int rest = computeEa(espAdjust);
                int k = Integer.numberOfTrailingZeros(c);
                int t = target - ((target - rest) & ((1 << k) - 1));
                if (t < lo) {
                    t += 1 << k;
                }
                if (t > hi) {
                    return false;
                }
                int odd = c >>> k;
                int x = ((t - rest) >> k) * inverse(odd);
                if (k > 0) {
                    x = (x & (int) ((1L << (32 - k)) - 1)) | (rnd.nextInt() << (32 - k));
                }
                regs[pick] = x;
            }
            ea = computeEa(espAdjust);
            return ea >= lo && ea <= hi;
        }

        private int computeEaWithDisp(int d, int espAdjust) {
            int saved = disp;
            disp = d;
            int v = computeEa(espAdjust);
            disp = saved;
            return v;
        }

        // ---- encoding --------------------------------------------------------------------------

        /** Emits the opcode bytes (0x1xx is 0F xx); the prefixes come in {@link #record}. */
        private void opcode(int opcode) {
            if (opcode >= 0x100) {
                code.write(0x0F);
            }
            code.write(opcode & 0xFF);
        }

        void emit(int opcode, byte[]... tail) {
            opcode(opcode);
            for (byte[] t : tail) {
                code.writeBytes(t);
            }
        }

        void emitModrm(int reg, int opcode, byte[]... tail) {
            opcode(opcode);
            if (!eIsMem) {
                code.write(0xC0 | (reg & 7) << 3 | eReg);
            } else {
                code.write(mod << 6 | (reg & 7) << 3 | rm);
                if (hasSib) {
                    code.write(scale << 6 | index << 3 | base);
                }
                code.writeBytes(le(disp, dispSize));
            }
            for (byte[] t : tail) {
                code.writeBytes(t);
            }
        }

        FuzzProgram.Record record() {
            byte[] body = code.toByteArray();
            List<Integer> all = new ArrayList<>(prefixes);
            if (rnd.nextInt(10) == 0) {
                // Redundant prefixes: repeats of 66 and 67, more segment overrides (never CS:
                // the last override wins). Up to the 15-byte limit, and rarely (a deliberate
                // #GP) to 16 bytes.
                int limit = deliberateFaults && rnd.nextInt(30) == 0 ? 16 : 15;
                int n = limit == 16 ? limit - body.length - all.size() : 1 + rnd.nextInt(3);
                for (int i = 0; i < n && body.length + all.size() < limit; i++) {
                    int p;
                    if (o16 && rnd.nextInt(3) == 0) {
                        p = OPSIZE;
                    } else if (a16 && rnd.nextInt(2) == 0) {
                        p = ADDRSIZE;
                    } else {
                        int s;
                        do {
                            s = rnd.nextInt(6);
                        } while (s == CS);
                        p = SEGMENT_PREFIX[s];
                    }
                    all.add(p);
                }
                if (body.length + all.size() > 15) {
                    mayFault = true;
                }
            }
            Collections.shuffle(all, rnd);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int defined = ALL;
            if (rnd.nextInt(10) < 3) {
                // One or two flag setters first, so that the instruction meets flags an earlier
                // instruction left (computed lazily by both emulators) and not only POPF's; not
                // if it would read a flag they leave undefined.
                int n = 1 + rnd.nextInt(2);
                for (int i = 0; i < n; i++) {
                    defined = flagSetter(out, defined);
                }
                if ((reads & ~defined) != 0) {
                    out.reset();
                    defined = ALL;
                }
            }
            all.forEach(out::write);
            out.writeBytes(body);
            // A flag is defined afterwards if the instruction writes a defined value to it, or
            // leaves it alone and it was defined before.
            int finalMask = (mask & writes) | (mask & ~writes & defined);
            if (qemuStaleFlags && out.size() > 0) {
                finalMask &= writes;
            }
            return new FuzzProgram.Record(0, out.toByteArray(), undef, regs.clone(), eflags, finalMask, seed,
                    patchOffset, patch);
        }

        /**
         * Appends an instruction that changes only flags (CMP, TEST or BT on registers, CLC, STC,
         * CMC, SAHF) and returns the flags defined after it, given those defined before.
         */
        private int flagSetter(ByteArrayOutputStream out, int defined) {
            boolean o16 = rnd.nextInt(4) == 0;
            int modrm = 0xC0 | rnd.nextInt(64);
            switch (rnd.nextInt(10)) {
                case 0, 1 -> {
                    int opcode = 0x38 + rnd.nextInt(4);
                    if (o16 && (opcode & 1) != 0) {
                        out.write(OPSIZE);
                    }
                    out.write(opcode);
                    out.write(modrm);
                    return ALL;
                }
                case 2 -> {
                    boolean b8 = rnd.nextBoolean();
                    if (o16 && !b8) {
                        out.write(OPSIZE);
                    }
                    out.writeBytes(new byte[] {(byte) (b8 ? 0x80 : 0x83), (byte) (0xF8 | rnd.nextInt(8)),
                        (byte) value()});
                    return ALL;
                }
                case 3 -> {
                    if (rnd.nextBoolean()) {
                        out.write(0x3C);
                        out.write(value());
                    } else {
                        if (o16) {
                            out.write(OPSIZE);
                        }
                        out.write(0x3D);
                        out.writeBytes(le(value(), o16 ? 2 : 4));
                    }
                    return ALL;
                }
                case 4 -> {
                    if (o16) {
                        out.write(OPSIZE);
                    }
                    out.write(0x84 + rnd.nextInt(2));
                    out.write(modrm);
                    return ALL & ~AF;
                }
                case 5, 6 -> {
                    // BT: CF defined, ZF unaffected, OF SF AF PF undefined.
                    if (o16) {
                        out.write(OPSIZE);
                    }
                    out.write(0x0F);
                    if (rnd.nextBoolean()) {
                        out.write(0xA3);
                        out.write(modrm);
                    } else {
                        out.write(0xBA);
                        out.write(0xE0 | rnd.nextInt(8));
                        out.write(rnd.nextInt(256));
                    }
                    return (defined & (ZF | DF)) | CF;
                }
                case 7 -> {
                    out.write(0xF8 + rnd.nextInt(2));     // CLC, STC
                    return defined | CF;
                }
                case 8 -> {
                    out.write(0xF5);                      // CMC: CF stays as defined as it was
                    return defined;
                }
                default -> {
                    out.write(0x9E);                      // SAHF
                    return defined | SF | ZF | AF | PF | CF;
                }
            }
        }
    }

    /** The inverse of an odd number modulo 2^32 (Newton's iteration). */
    static int inverse(int odd) {
        int x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
