package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BT, BTS, BTR, BTC with a memory bit base and a register bit offset, which addresses a bit string
 * reaching outside the operand: "If the bit base operand specifies a memory location, the operand
 * represents the address of the byte in memory that contains the bit base (bit 0 of the specified
 * byte) of the bit string. The range of the bit position that can be referenced by the offset
 * operand depends on the operand size" (-2^15..2^15-1 for 16 bits, -2^31..2^31-1 for 32 bits).
 * So bit n of the string is bit (n mod 8) of the byte at base + floor(n / 8), for negative n too.
 * With an immediate offset the bit is taken modulo the operand size and stays inside the operand.
 */
class BitStringTest {
    private static final int BASE = 0x400;

    private static byte[] pattern() {
        byte[] bytes = new byte[0x200];
        java.util.Random r = new java.util.Random(42);
        r.nextBytes(bytes);
        return bytes;
    }

    /** Runs {@code instruction} with the bit base at DS:0400 and checks CF and the whole bit string. */
    private static void check(String instruction, String action, int offset, int width) {
        byte[] before = pattern();
        RealModeMachine m = RealModeMachine.of(instruction);
        for (int i = 0; i < before.length; i++) {
            m.poke8(Cpu.DS, BASE - 0x100 + i, before[i]);
        }
        int register = width == 16 ? (offset & 0xFFFF) | 0x7FFF_0000 : offset; // upper half of CX is ignored
        m.set(Cpu.EBX, BASE).set(Cpu.ECX, register).flags(0x2).run().assertHaltedNormally();

        long byteIndex = Math.floorDiv((long) offset, 8) + 0x100;
        int bit = Math.floorMod(offset, 8);
        boolean old = (before[(int) byteIndex] >> bit & 1) != 0;
        assertEquals(old ? Flags.CF : 0, m.eflags() & Flags.CF, "CF = the selected bit");
        byte[] after = before.clone();
        switch (action) {
            case "bts" -> after[(int) byteIndex] |= (byte) (1 << bit);
            case "btr" -> after[(int) byteIndex] &= (byte) ~(1 << bit);
            case "btc" -> after[(int) byteIndex] ^= (byte) (1 << bit);
            default -> {
            }
        }
        for (int i = 0; i < after.length; i++) {
            assertEquals(after[i] & 0xFF, m.peek8(Cpu.DS, BASE - 0x100 + i),
                    "byte at bit-string offset " + (i - 0x100) + " after " + action + " " + offset);
        }
    }

    @ParameterizedTest(name = "{0} offset {1}")
    @CsvSource({
        "bt, 0", "bt, 35", "bt, 31", "bt, 32", "bt, 1000", "bt, -1", "bt, -8", "bt, -9", "bt, -33", "bt, -1000",
        "bts, 77", "bts, -77", "btr, 64", "btr, -64", "btc, 255", "btc, -255", "btc, 1023", "btc, -1024"})
    void thirtyTwoBitRegisterOffsetAddressesBitsOutsideTheDoubleword(String action, int offset) {
        check(action + "l %ecx, (%bx)", action, offset, 32);
    }

    @ParameterizedTest(name = "{0} offset {1}")
    @CsvSource({
        "bt, 16", "bt, 100", "bt, -1", "bt, -17", "bts, 33", "bts, -33", "btr, 500", "btr, -500", "btc, 15",
        "btc, -16", "btc, -2048", "bt, 2047"})
    void sixteenBitRegisterOffsetIsSignedAndAddressesBitsOutsideTheWord(String action, int offset) {
        check(action + "w %cx, (%bx)", action, offset, 16);
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(ints = {40, -40, 999, -999})
    void bitStringWorksWithThirtyTwoBitAddressingToo(int offset) {
        check("btsl %ecx, (%ebx)", "bts", offset, 32);
    }

    @ParameterizedTest(name = "{0} ${1}")
    @CsvSource({"btl, 35, 3", "btsl, 63, 31", "btrw, 17, 1", "btcw, 255, 15"})
    void immediateOffsetIsTakenModuloTheOperandSize(String mnemonic, int immediate, int bit) {
        // "the immediate bit offset ... the processor uses only the low 5 (32-bit) or 4 (16-bit) bits".
        check(mnemonic + " $" + immediate + ", (%bx)", mnemonic.substring(0, mnemonic.length() - 1), bit,
                mnemonic.endsWith("l") ? 32 : 16);
    }
}
