package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The values this core gives flags the i386 manual leaves undefined, where the i386's own
 * behaviour is known (the table in docs/cpu.md). Results are worked by hand from the manual's
 * pseudo-code for the defined part.
 */
class UndefinedFlagsTest {
    private static boolean of(RealModeMachine m) {
        return (m.eflags() & Flags.OF) != 0;
    }

    private static boolean cf(RealModeMachine m) {
        return (m.eflags() & Flags.CF) != 0;
    }

    /*
     * RCR r/m8, 2 with CF = 0, AL = 0x01. The manual's loop, twice: tempCF <- LSB(DEST);
     * DEST <- (DEST >> 1) + (CF * 2^7); CF <- tempCF.
     *   1: tempCF = 1, DEST = 0x00, CF = 1.   2: tempCF = 0, DEST = 0x80, CF = 0.
     * The i386 leaves OF = DEST bit 7 XOR bit 6 = 1 (the count-1 formula, old CF XOR old MSB,
     * would say 0).
     */
    @Test
    void rcrByTwoLeavesOfAsTheXorOfTheTwoTopResultBits() {
        RealModeMachine m = RealModeMachine.of("clc\nmov $1, %al\nrcr $2, %al").run().assertHaltedNormally();
        assertEquals(0x80, m.reg(Cpu.EAX) & 0xFF);
        assertEquals(false, cf(m));
        assertEquals(true, of(m));
    }

    /* RCR r/m16, 3, CF = 1, AX = 0x0004: 0x0004 -> 0x8002 (CF 0) -> 0x4001 (CF 0) -> 0x2000 (CF 1). */
    @Test
    void rcrWordByThreeOfFromTheResult() {
        RealModeMachine m = RealModeMachine.of("stc\nmov $4, %ax\nrcr $3, %ax").run().assertHaltedNormally();
        assertEquals(0x2000, m.reg16(Cpu.EAX));
        assertEquals(true, cf(m));
        assertEquals(false, of(m), "bit 15 (0) XOR bit 14 (0)");
    }

    /* RCR by 1 keeps the defined formula: OF = old MSB XOR old CF = result bit 15 XOR bit 14. */
    @Test
    void rcrByOneStillGivesTheDefinedOf() {
        RealModeMachine m = RealModeMachine.of("stc\nmov $0x0001, %ax\nrcr $1, %ax").run().assertHaltedNormally();
        assertEquals(0x8000, m.reg16(Cpu.EAX));
        assertEquals(true, of(m), "old MSB 0 XOR old CF 1");
    }
}
