package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhysicalMemoryMapTest {
    private static final int MB = 1 << 20;

    @Test
    void ramIsLittleEndianInConventionalAndExtendedMemory() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(4 * MB);
        for (int base : new int[] {0x0, 0x7C00, 0x9FFF0, 0x100000, 4 * MB - 8}) {
            m.write32(base, 0x11223344);
            assertEquals(0x44, m.read8(base));
            assertEquals(0x3344, m.read16(base));
            assertEquals(0x1122, m.read16(base + 2));
            assertEquals(0x11223344, m.read32(base));
            m.write16(base + 4, 0xBEEF);
            m.write8(base + 6, 0x5A);
            assertEquals(0x005ABEEF, m.read32(base + 4) & 0x00FFFFFF);
        }
    }

    @Test
    void theHoleWithoutRomReadsAllOnesAndDropsWrites() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(4 * MB);
        for (int a : new int[] {0xA0000, 0xB8000, 0xC0000, 0xF0000, 0xFFFFC}) {
            m.write32(a, 0x12345678);
            m.write8(a, 0);
            assertEquals(0xFF, m.read8(a));
            assertEquals(0xFFFF, m.read16(a));
            assertEquals(0xFFFFFFFF, m.read32(a));
        }
    }

    @Test
    void addressesAboveRamReadAllOnesAndDropWrites() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(2 * MB);
        for (int a : new int[] {2 * MB, 0x40000000, 0xFEC00000, 0xFFFFFFFC}) {
            m.write32(a, 0);
            assertEquals(0xFFFFFFFF, m.read32(a));
            assertEquals(0xFF, m.read8(a));
        }
    }

    @Test
    void accessesStraddlingTheEdgeOfRamAreSplitIntoBytes() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(2 * MB);
        m.write32(0x9FFFE, 0xAABBCCDD);            // two bytes RAM, two bytes hole
        assertEquals(0xFFFFCCDD, m.read32(0x9FFFE));
        assertEquals(0xCCDD, m.read16(0x9FFFE));
        m.write32(0xFFFFE, 0x11223344);            // two bytes hole, two bytes extended RAM
        assertEquals(0x1122FFFF, m.read32(0xFFFFE));
        assertEquals(0x1122, m.read16(0x100000));
        m.write16(2 * MB - 1, 0x7788);             // last byte of RAM, then nothing
        assertEquals(0x88, m.read8(2 * MB - 1));
        assertEquals(0xFF88, m.read16(2 * MB - 1));
    }

    @Test
    void romIsReadOnlyAndTwoMappingsOfOneArrayAreAliases() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(2 * MB);
        byte[] rom = new byte[0x10000];
        for (int i = 0; i < rom.length; i++) {
            rom[i] = (byte) (i * 7);
        }
        m.mapRom("high", 0xFFFF0000, rom, 0, rom.length);
        m.mapRom("low", 0xF0000, rom, 0, rom.length);
        assertEquals(rom[0xFFF0] & 0xFF, m.read8(0xFFFFFFF0));
        assertEquals(rom[0xFFF0] & 0xFF, m.read8(0xFFFF0));
        int expected = (rom[0x100] & 0xFF) | (rom[0x101] & 0xFF) << 8 | (rom[0x102] & 0xFF) << 16 | (rom[0x103] & 0xFF) << 24;
        assertEquals(expected, m.read32(0xFFFF0100));
        assertEquals(expected, m.read32(0xF0100));
        assertEquals(expected & 0xFFFF, m.read16(0xF0100));
        m.write32(0xF0100, 0);
        m.write8(0xFFFF0100, 0);
        assertEquals(expected, m.read32(0xF0100));
        assertEquals(expected, m.read32(0xFFFF0100));
        // The ROM's neighbours are still unmapped.
        assertEquals(0xFF, m.read8(0xEFFFF));
        assertEquals((rom[0] & 0xFF) << 24 | 0xFFFFFF, m.read32(0xEFFFD), "straddles unmapped and ROM");
    }

    @Test
    void aRomMayNotCoverRamOrAnotherRom() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(2 * MB);
        byte[] rom = new byte[0x10000];
        IllegalArgumentException ram = assertThrows(IllegalArgumentException.class,
                () -> m.mapRom("R", 0x1F0000, rom, 0, rom.length));
        assertTrue(ram.getMessage().contains("overlaps RAM"), ram.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.mapRom("R", 0x90000, rom, 0, rom.length));
        m.mapRom("first", 0xE0000, rom, 0, rom.length);
        IllegalArgumentException rom2 = assertThrows(IllegalArgumentException.class,
                () -> m.mapRom("second", 0xE8000, rom, 0, rom.length));
        assertTrue(rom2.getMessage().contains("second") && rom2.getMessage().contains("first"), rom2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.mapRom("wrap", 0xFFFF8000, rom, 0, rom.length));
        assertThrows(IllegalArgumentException.class, () -> m.mapRom("range", 0xD0000, rom, 1, rom.length));
    }

    @Test
    void bulkAccessGoesThroughTheSameDecoding() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(2 * MB);
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        m.writeBytes(0x100000, data, 0, 8);
        assertArrayEquals(data, m.readBytes(0x100000, 8));
        m.writeBytes(0xFFFFC, data, 0, 8);                 // half hole, half RAM
        assertArrayEquals(new byte[] {-1, -1, -1, -1, 5, 6, 7, 8}, m.readBytes(0xFFFFC, 8));
        m.fill(0x100000, 4, 0xAA);
        assertEquals(0xAAAAAAAA, m.read32(0x100000));
        m.fill(0x9FFFE, 4, 0);
        assertEquals(0xFFFF0000, m.read32(0x9FFFE));
    }

    @Test
    void isRamKnowsTheHole() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(2 * MB);
        assertTrue(m.isRam(0, 0xA0000));
        assertFalse(m.isRam(0, 0xA0001));
        assertFalse(m.isRam(0xA0000, 1));
        assertTrue(m.isRam(0x100000, MB));
        assertFalse(m.isRam(0x100000, MB + 1));
        assertFalse(m.isRam(-1, 1));
        assertEquals(2 * MB, m.ramSize());
    }

    @Test
    void smallRamEndsBeforeTheHole() {
        PhysicalMemoryMap m = new PhysicalMemoryMap(4096);
        m.write8(4095, 0x12);
        assertEquals(0x12, m.read8(4095));
        assertEquals(0xFF, m.read8(4096));
        assertEquals(0xFF, m.read8(0x100000));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemoryMap(0));
    }
}
