package org.minixemu.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Repeated string instructions long enough and placed so that they take the bulk path through
 * RAM ({@link StringOps}), and cross pages, overlap themselves, fault or stop half-way. Every
 * expectation is the element-by-element definition of the Intel manual (vol. 2, MOVS, STOS,
 * CMPS, SCAS and the REP page), computed here by a plain loop where it is more than a constant.
 */
class StringBulkTest {
    private static final int KERNEL_CODE = ProtectedModeMachine.KERNEL_CODE;
    private ProtectedModeMachine m;

    @BeforeEach
    void machine() {
        m = new ProtectedModeMachine();
    }

    private void fill(int at, int length, int seed) {
        for (int i = 0; i < length; i++) {
            m.memory.write8(at + i, (i * 7 + seed) ^ (i >>> 8));
        }
    }

    private byte[] snapshot(int at, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) m.memory.read8(at + i);
        }
        return bytes;
    }

    private void assertBytes(byte[] expected, int at) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] & 0xFF, m.memory.read8(at + i), "byte " + i + " at 0x" + Integer.toHexString(at + i));
        }
    }

    private void runToHalt(String code) {
        m.load(KERNEL_CODE, code);
        assertEquals(ExitKind.HALT, m.run(100_000).kind());
    }

    @Test
    void aForwardByteCopyOntoItsOwnTailRepeatsTheFirstByteAcrossPages() {
        fill(0x40F00, 3001, 3);
        int first = m.memory.read8(0x40F00);
        runToHalt("mov $0x40F00, %esi\nmov $0x40F01, %edi\nmov $3000, %ecx\nrep movsb\nhlt");
        assertEquals(-1, m.handledVector());
        for (int i = 0; i <= 3000; i++) {
            assertEquals(first, m.memory.read8(0x40F00 + i), "byte " + i);
        }
        assertEquals(0, m.cpu.register(Cpu.ECX));
        assertEquals(0x40F00 + 3000, m.cpu.register(Cpu.ESI));
        assertEquals(0x40F01 + 3000, m.cpu.register(Cpu.EDI));
    }

    @Test
    void aDwordCopyOneByteAheadOfItsSourceMovesElementByElement() {
        fill(0x50000, 6004, 11);
        byte[] expected = snapshot(0x50000, 6004);
        for (int k = 0; k < 1500; k++) { // each dword is read whole, then written whole
            byte[] element = java.util.Arrays.copyOfRange(expected, 4 * k, 4 * k + 4);
            System.arraycopy(element, 0, expected, 4 * k + 1, 4);
        }
        runToHalt("mov $0x50000, %esi\nmov $0x50001, %edi\nmov $1500, %ecx\nrep movsl\nhlt");
        assertBytes(expected, 0x50000);
        assertEquals(0, m.cpu.register(Cpu.ECX));
    }

    @Test
    void aDwordStoreAtAnOddPageOffsetFillsExactlyItsRange() {
        fill(0x60000, 0x4000, 5);
        byte[] expected = snapshot(0x60000, 0x4000);
        for (int i = 0; i < 3000 * 4; i++) {
            expected[0xFFE + i] = (byte) (0x11223344 >>> (8 * (i & 3)));
        }
        runToHalt("mov $0x11223344, %eax\nmov $0x60FFE, %edi\nmov $3000, %ecx\nrep stosl\nhlt");
        assertBytes(expected, 0x60000);
        assertEquals(0x60FFE + 12000, m.cpu.register(Cpu.EDI));
    }

    @Test
    void repeatedCompareStopsAfterTheFirstDifferenceFarIntoTheRange() {
        fill(0x70000, 8000, 9);
        fill(0x80000, 8000, 9);
        m.memory.write8(0x70000 + 5000, 0x10);
        m.memory.write8(0x80000 + 5000, 0x20);
        runToHalt("mov $0x70000, %esi\nmov $0x80000, %edi\nmov $8000, %ecx\nrepe cmpsb\nhlt");
        assertEquals(8000 - 5001, m.cpu.register(Cpu.ECX));
        assertEquals(0x70000 + 5001, m.cpu.register(Cpu.ESI));
        assertEquals(0x80000 + 5001, m.cpu.register(Cpu.EDI));
        int flags = m.cpu.eflags();
        assertEquals(0, flags & Flags.ZF, "ZF clear: the bytes differ");
        assertEquals(Flags.CF, flags & Flags.CF, "CF set: 0x10 - 0x20 borrows");
        assertEquals(Flags.SF, flags & Flags.SF, "SF set: 0xF0");
    }

    @Test
    void repeatedScanWhileUnequalStopsOnTheByteItLooksFor() {
        for (int i = 0; i < 6000; i++) {
            m.memory.write8(0x90000 + i, 0x41);
        }
        m.memory.write8(0x90000 + 3000, 0);
        runToHalt("xor %eax, %eax\nmov $0x90000, %edi\nmov $6000, %ecx\nrepne scasb\nhlt");
        assertEquals(6000 - 3001, m.cpu.register(Cpu.ECX));
        assertEquals(0x90000 + 3001, m.cpu.register(Cpu.EDI));
        assertEquals(Flags.ZF, m.cpu.eflags() & Flags.ZF);
    }

    @Test
    void aPageFaultHalfWayStopsAtTheFirstByteOfTheMissingPage() {
        m.enablePaging(0x3);
        m.setPte(0xA2000, 0); // not present
        fill(0xB0000, 0x2800, 1);
        runToHalt("mov $0xB0000, %esi\nmov $0xA1000, %edi\nmov $0x2800, %ecx\nrep movsb\nhlt");
        assertEquals(14, m.handledVector());
        assertEquals(0xA2000, m.cpu.controlRegister(2));
        assertEquals(0x1800, m.cpu.register(Cpu.ECX), "the 0x1000 bytes of the present page are done");
        assertEquals(0xB1000, m.cpu.register(Cpu.ESI));
        assertEquals(0xA2000, m.cpu.register(Cpu.EDI));
        assertBytes(snapshot(0xB0000, 0x1000), 0xA1000);
    }

    @Test
    void aSegmentLimitHalfWayStopsAtTheFirstByteOutside() {
        int limited = ProtectedModeMachine.SPARE;
        m.descriptor(limited, 0, 0xC0FFF, 0x92, 0x4); // 32-bit data, byte granular, limit 0xC0FFF
        runToHalt("mov $" + limited + ", %ax\nmov %ax, %es\nmov $0x55, %al\nmov $0xC0F00, %edi\nmov $0x200, %ecx\n"
                + "rep stosb\nhlt");
        assertEquals(13, m.handledVector());
        assertEquals(0x100, m.cpu.register(Cpu.ECX));
        assertEquals(0xC1000, m.cpu.register(Cpu.EDI));
        assertEquals(0x55, m.memory.read8(0xC0FFF));
        assertEquals(0, m.memory.read8(0xC1000));
    }

    @Test
    void aCopyOverCodeThatHasRunChangesWhatRunsNext() {
        // The code is assembled at 0 and loaded at KERNEL_CODE (0x10000): absolute addresses add it.
        runToHalt("""
                call f
                mov %eax, %ebx
                mov $(replacement + 0x10000), %esi
                mov $(f + 0x10000), %edi
                mov $(end - replacement), %ecx
                rep movsb
                call f
                hlt
                f: mov $1, %eax
                ret
                replacement: mov $2, %eax
                ret
                end:
                """);
        assertEquals(1, m.cpu.register(Cpu.EBX), "the first call ran the original");
        assertEquals(2, m.cpu.register(Cpu.EAX), "the second ran the copy");
    }
}
