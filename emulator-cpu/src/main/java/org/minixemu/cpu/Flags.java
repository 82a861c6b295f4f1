package org.minixemu.cpu;

/**
 * EFLAGS with lazily computed arithmetic flags.
 *
 * <p>Most instructions that write CF, PF, AF, ZF, SF and OF have their results overwritten before
 * anyone reads them, so an arithmetic instruction only records its operands and result here; a
 * flag is computed when something reads it. Every lazy operation is an addition or a subtraction
 * with an optional carry-in (a logical result {@code r} is recorded as {@code r + 0}, which yields
 * CF=OF=AF=0), so six formulas cover the whole instruction set.
 *
 * <p>{@link #lazyMask} says which of the six arithmetic flags currently come from the recorded
 * operation; every other bit comes from {@link #stored}. Recording a new operation first
 * materializes any flag that the old operation owned and the new one does not (INC after ADD keeps
 * the ADD's carry), so no flag is ever lost.
 */
public final class Flags {
    public static final int CF = 1 << 0;
    public static final int PF = 1 << 2;
    public static final int AF = 1 << 4;
    public static final int ZF = 1 << 6;
    public static final int SF = 1 << 7;
    public static final int TF = 1 << 8;
    public static final int IF = 1 << 9;
    public static final int DF = 1 << 10;
    public static final int OF = 1 << 11;
    public static final int IOPL = 3 << 12;
    public static final int NT = 1 << 14;
    public static final int RF = 1 << 16;
    public static final int VM = 1 << 17;
    public static final int AC = 1 << 18;
    public static final int ID = 1 << 21;

    /** The six flags an ALU operation computes. */
    public static final int ARITH = CF | PF | AF | ZF | SF | OF;
    /** Bit 1 of EFLAGS always reads as one. */
    public static final int ALWAYS_ONE = 1 << 1;

    static final int KIND_ADD = 0;
    static final int KIND_SUB = 1;
    /** Added to a kind: the operation had a carry (borrow) in, ADC or SBB with CF set. */
    private static final int CARRY_IN = 2;

    private static final boolean[] EVEN_PARITY = new boolean[256];

    static {
        for (int i = 0; i < 256; i++) {
            EVEN_PARITY[i] = (Integer.bitCount(i) & 1) == 0;
        }
    }

    /** Flags not owned by the lazy operation. */
    int stored = ALWAYS_ONE;
    /** Which arithmetic flags are computed from the recorded operation. */
    int lazyMask;
    /** KIND_ADD or KIND_SUB, plus CARRY_IN when there was a carry in. */
    int kind;
    /** Operand-size mask (0xFF, 0xFFFF, 0xFFFFFFFF); the sign bit is its top bit. */
    int sizeMask;
    /** First operand, second operand and result, already truncated to the operand size. */
    int a;
    int b;
    int res;

    /** Records {@code res = a + b + carryIn} of the given size; {@code mask} lists the flags it sets. */
    void add(int size, int a, int b, int res, int carryIn, int mask) {
        record(KIND_ADD, size, a, b, res, carryIn, mask);
    }

    /** Records {@code res = a - b - carryIn} of the given size; {@code mask} lists the flags it sets. */
    void sub(int size, int a, int b, int res, int carryIn, int mask) {
        record(KIND_SUB, size, a, b, res, carryIn, mask);
    }

    /** Records a result with CF=OF=AF=0 and SF, ZF, PF from the value (AND, OR, XOR, TEST). */
    void logic(int size, int res) {
        record(KIND_ADD, size, res, 0, res, 0, ARITH);
    }

    /** Records only SF, ZF and PF from {@code res}; CF, OF and AF are left to the caller. */
    void result(int size, int res) {
        record(KIND_ADD, size, res, 0, res, 0, SF | ZF | PF);
    }

    /**
     * Records a 32-bit operation that sets all six arithmetic flags, for translated code (which
     * defers it, see BlockEmitter#deferFlags32): {@code res = a + b} (KIND_ADD; a logical result r
     * is r + 0) or {@code res = a - b} (KIND_SUB). Nothing old needs materializing.
     */
    void record32(int kind, int a, int b, int res) {
        // Six stores, the record kept small: the sign bit and the carry-in live in sizeMask and kind.
        this.kind = kind;
        this.sizeMask = 0xFFFFFFFF;
        this.a = a;
        this.b = b;
        this.res = res;
        this.lazyMask = ARITH;
    }

    /**
     * The flags of SHL, SHR and SAR: CF and OF as given, AF clear, SF, ZF and PF from {@code res}.
     * CF, OF and AF are stored first, so the old operation's versions of them need no computing.
     */
    void shiftResult(int size, int res, boolean cf, boolean of) {
        lazyMask &= ~(CF | OF | AF);
        stored = (stored & ~(CF | OF | AF)) | (cf ? CF : 0) | (of ? OF : 0);
        result(size, res);
    }

    private void record(int kind, int size, int a, int b, int res, int carryIn, int mask) {
        int orphaned = lazyMask & ~mask;
        if (orphaned != 0) {
            materialize(orphaned);
        }
        int m = sizeMaskOf(size);
        this.kind = carryIn != 0 ? kind | CARRY_IN : kind;
        this.sizeMask = m;
        this.a = a & m;
        this.b = b & m;
        this.res = res & m;
        this.lazyMask = mask;
    }

    static int sizeMaskOf(int sizeBytes) {
        return sizeBytes == 1 ? 0xFF : sizeBytes == 2 ? 0xFFFF : 0xFFFFFFFF;
    }

    private void materialize(int which) {
        if (which == CF) { // INC and DEC after arithmetic: the commonest case by far
            stored = lazyCarry() ? stored | CF : stored & ~CF;
            lazyMask &= ~CF;
            return;
        }
        int value = compute(which);
        stored = (stored & ~which) | value;
        lazyMask &= ~which;
    }

    /** Computes the requested lazy flags from the recorded operation. */
    private int compute(int which) {
        int out = 0;
        if ((which & CF) != 0 && lazyCarry()) {
            out |= CF;
        }
        if ((which & PF) != 0 && EVEN_PARITY[res & 0xFF]) {
            out |= PF;
        }
        if ((which & AF) != 0 && ((a ^ b ^ res) & 0x10) != 0) {
            out |= AF;
        }
        if ((which & ZF) != 0 && res == 0) {
            out |= ZF;
        }
        if ((which & SF) != 0 && (res & signBit()) != 0) {
            out |= SF;
        }
        if ((which & OF) != 0 && lazyOverflow()) {
            out |= OF;
        }
        return out;
    }

    private int signBit() {
        return sizeMask ^ (sizeMask >>> 1);
    }

    private boolean lazyCarry() {
        boolean carryIn = (kind & CARRY_IN) != 0;
        if ((kind & KIND_SUB) == 0) {
            int c = Integer.compareUnsigned(res, a);
            return c < 0 || (carryIn && c == 0);
        }
        int c = Integer.compareUnsigned(a, b);
        return c < 0 || (carryIn && c == 0);
    }

    private boolean lazyOverflow() {
        if ((kind & KIND_SUB) == 0) {
            return ((a ^ res) & (b ^ res) & signBit()) != 0;
        }
        return ((a ^ b) & (a ^ res) & signBit()) != 0;
    }

    private boolean flag(int bit) {
        return (lazyMask & bit) != 0 ? compute(bit) != 0 : (stored & bit) != 0;
    }

    public boolean cf() {
        return flag(CF);
    }

    public boolean pf() {
        return flag(PF);
    }

    public boolean af() {
        return flag(AF);
    }

    public boolean zf() {
        return flag(ZF);
    }

    public boolean sf() {
        return flag(SF);
    }

    public boolean of() {
        return flag(OF);
    }

    /** Non-arithmetic flags (IF, DF, TF, ...) are never lazy, so they read straight from storage. */
    boolean isSet(int bit) {
        return (stored & bit) != 0;
    }

    /** Sets or clears flags that the caller computed eagerly (CF after a shift, IF, DF, ...). */
    void set(int bits, boolean on) {
        lazyMask &= ~bits;
        stored = on ? stored | bits : stored & ~bits;
    }

    /** The whole EFLAGS register. */
    public int get() {
        return lazyMask == 0 ? stored : (stored & ~lazyMask) | compute(lazyMask);
    }

    /** Replaces the bits in {@code writable} with those of {@code value}; the rest keep their value. */
    void load(int value, int writable) {
        if ((lazyMask & ~writable) != 0) {
            materialize(lazyMask & ~writable);
        }
        lazyMask &= ~writable;
        stored = ((stored & ~writable) | (value & writable)) | ALWAYS_ONE;
    }
}
