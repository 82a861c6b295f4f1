package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A bare real-mode PC for instruction tests: 1 MiB of flat RAM, a program at CODE:0000 followed by
 * HLT, and an interrupt vector table whose every vector points at its own HLT, so that a test
 * can see which exception (or software interrupt) was delivered.
 *
 * <p>Segments start with different bases (DS 2000, SS 3000, ES 4000, FS 5000, GS 6000), so a test
 * can tell which segment an instruction used by where the data landed.
 */
final class RealModeMachine {
    static final int CODE = 0x1000, DATA = 0x2000, STACK = 0x3000, EXTRA = 0x4000, FS_SEG = 0x5000,
            GS_SEG = 0x6000;
    /** Vector n is delivered to HANDLERS:n, a HLT; after it, IP is n + 1. */
    static final int HANDLERS = 0x0F00;
    static final int INITIAL_SP = 0x8000;
    /** Instruction cap of one {@link #run()}; a program that has not halted by then fails the test. */
    static final long DEFAULT_CAP = 200_000;

    private static final int HLT = 0xF4;

    final FlatMemory memory = new FlatMemory(1 << 20);
    final Cpu cpu = new Cpu(memory);
    private final int codeLength;

    /** Assembles {@code source} (AT&T syntax, {@code .code16}) and loads it at CODE:0000. */
    static RealModeMachine of(String source) {
        return new RealModeMachine(Assembler.assemble(source));
    }

    RealModeMachine(byte[] code) {
        if (code.length > 0xF000) {
            throw new IllegalArgumentException("program too long: " + code.length);
        }
        int base = CODE << 4;
        for (int i = 0; i < code.length; i++) {
            memory.write8(base + i, code[i]);
        }
        memory.write8(base + code.length, HLT);
        codeLength = code.length;
        for (int vector = 0; vector < 256; vector++) {
            memory.write32(vector * 4, HANDLERS << 16 | vector);
            memory.write8((HANDLERS << 4) + vector, HLT);
        }
        restart();
    }

    /** Back to the start of the program with the standard segments, zeroed registers and SP. */
    RealModeMachine restart() {
        cpu.setSegmentReal(Cpu.CS, CODE);
        cpu.setSegmentReal(Cpu.DS, DATA);
        cpu.setSegmentReal(Cpu.SS, STACK);
        cpu.setSegmentReal(Cpu.ES, EXTRA);
        cpu.setSegmentReal(Cpu.FS, FS_SEG);
        cpu.setSegmentReal(Cpu.GS, GS_SEG);
        for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
            cpu.setRegister(r, 0);
        }
        cpu.setRegister(Cpu.ESP, INITIAL_SP);
        cpu.setEflags(0x2);
        cpu.setEip(0);
        return this;
    }

    RealModeMachine set(int register, int value) {
        cpu.setRegister(register, value);
        return this;
    }

    RealModeMachine flags(int eflags) {
        cpu.setEflags(eflags);
        return this;
    }

    RealModeMachine segment(int seg, int selector) {
        cpu.setSegmentReal(seg, selector);
        return this;
    }

    private int linear(int seg, int offset) {
        return cpu.segmentBase(seg) + offset;
    }

    RealModeMachine poke8(int seg, int offset, int value) {
        memory.write8(linear(seg, offset), value);
        return this;
    }

    RealModeMachine poke16(int seg, int offset, int value) {
        memory.write16(linear(seg, offset), value);
        return this;
    }

    RealModeMachine poke32(int seg, int offset, int value) {
        memory.write32(linear(seg, offset), value);
        return this;
    }

    RealModeMachine poke64(int seg, int offset, long value) {
        memory.write32(linear(seg, offset), (int) value);
        memory.write32(linear(seg, offset) + 4, (int) (value >>> 32));
        return this;
    }

    int peek8(int seg, int offset) {
        return memory.read8(linear(seg, offset));
    }

    int peek16(int seg, int offset) {
        return memory.read16(linear(seg, offset));
    }

    int peek32(int seg, int offset) {
        return memory.read32(linear(seg, offset));
    }

    long peek64(int seg, int offset) {
        return (memory.read32(linear(seg, offset)) & 0xFFFFFFFFL)
                | (long) memory.read32(linear(seg, offset) + 4) << 32;
    }

    /** Runs until HLT, failing the test if the program has not halted within the default cap. */
    RealModeMachine run() {
        return run(DEFAULT_CAP);
    }

    RealModeMachine run(long cap) {
        Exit exit = cpu.run(cap);
        if (exit.kind() != ExitKind.HALT) {
            fail("program did not halt: " + exit + " at " + Integer.toHexString(cs()) + ":"
                    + Integer.toHexString(ip()) + " after " + cpu.instructionsRetired() + " instructions");
        }
        return this;
    }

    int reg(int register) {
        return cpu.register(register);
    }

    int reg16(int register) {
        return cpu.register(register) & 0xFFFF;
    }

    int eflags() {
        return cpu.eflags();
    }

    int ip() {
        return cpu.eip();
    }

    int cs() {
        return cpu.segmentSelector(Cpu.CS);
    }

    int codeLength() {
        return codeLength;
    }

    /** The vector whose handler the machine halted in, or -1 when it halted in the program. */
    int deliveredVector() {
        return cs() == HANDLERS ? ip() - 1 : -1;
    }

    /** The return IP the real-mode delivery pushed (the top of the stack inside a handler). */
    int pushedIp() {
        return peek16(Cpu.SS, reg16(Cpu.ESP));
    }

    /** The return CS the real-mode delivery pushed. */
    int pushedCs() {
        return peek16(Cpu.SS, (reg16(Cpu.ESP) + 2) & 0xFFFF);
    }

    /** Asserts the program ran to its final HLT without any exception. */
    RealModeMachine assertHaltedNormally() {
        assertEquals(-1, deliveredVector(), "an exception or interrupt was delivered");
        assertEquals(CODE, cs(), "CS");
        return this;
    }

    /**
     * Asserts that exception {@code vector} was delivered as a fault on the instruction at
     * {@code faultingIp}: the handler ran, and the pushed return address is that instruction.
     */
    RealModeMachine assertFault(int vector, int faultingIp) {
        assertEquals(vector, deliveredVector(), "delivered vector");
        assertEquals(CODE, pushedCs(), "pushed CS");
        assertEquals(faultingIp, pushedIp(), "pushed IP (a fault returns to the faulting instruction)");
        return this;
    }
}
