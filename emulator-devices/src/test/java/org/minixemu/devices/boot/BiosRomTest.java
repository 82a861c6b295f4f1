package org.minixemu.devices.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minixemu.devices.PhysicalMemoryMap;

class BiosRomTest {
    @TempDir
    Path dir;

    private final PhysicalMemoryMap memory = new PhysicalMemoryMap(2 << 20);

    private Path rom(String name, int size) throws IOException {
        byte[] image = new byte[size];
        for (int i = 0; i < size; i++) {
            image[i] = (byte) (i / 0x10000 * 16 + i % 7);
        }
        Path p = dir.resolve(name);
        Files.write(p, image);
        return p;
    }

    @Test
    void a64KiBRomEndsAt4GiBAndAt1MiB() throws Exception {
        Path p = rom("bios64.bin", 0x10000);
        byte[] image = Files.readAllBytes(p);
        BiosRom.map(p, memory);
        assertEquals(image[0xFFF0] & 0xFF, memory.read8(0xFFFFFFF0), "reset vector");
        assertEquals(image[0xFFF0] & 0xFF, memory.read8(0xFFFF0));
        assertEquals(image[0] & 0xFF, memory.read8(0xFFFF0000));
        assertEquals(image[0] & 0xFF, memory.read8(0xF0000));
        assertEquals(0xFF, memory.read8(0xEFFFF), "below the ROM: the hole");
        assertEquals(0xFF, memory.read8(0xFFFEFFFF));
    }

    @Test
    void aLargerRomShowsOnlyItsLast128KiBBelow1MiB() throws Exception {
        Path p = rom("bios256.bin", 0x40000);
        byte[] image = Files.readAllBytes(p);
        BiosRom.map(p, memory);
        assertEquals(image[0] & 0xFF, memory.read8(0xFFFC0000));
        assertEquals(image[0x20000] & 0xFF, memory.read8(0xE0000));
        assertEquals(image[0x3FFF0] & 0xFF, memory.read8(0xFFFF0));
        assertEquals(0xFF, memory.read8(0xDFFFF));
        memory.write8(0xE0000, 0x55);
        assertEquals(image[0x20000] & 0xFF, memory.read8(0xE0000), "read-only");
    }

    @Test
    void badRomsAreRefusedWithOneLine() throws Exception {
        Path empty = rom("empty.bin", 0);
        assertEquals(empty + ": the ROM image is empty",
                assertThrows(BootException.class, () -> BiosRom.map(empty, memory)).getMessage());
        Path odd = rom("odd.bin", 0x10000 + 512);
        assertEquals(odd + ": the ROM image is 66048 bytes, not a multiple of 64 KiB (QEMU requires the same)",
                assertThrows(BootException.class, () -> BiosRom.map(odd, memory)).getMessage());
        Path huge = dir.resolve("huge.bin");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength((16 << 20) + 0x10000);
        }
        assertEquals(huge + ": the ROM image is 16842752 bytes; at most 16 MiB is supported",
                assertThrows(BootException.class, () -> BiosRom.map(huge, memory)).getMessage());
        Path missing = dir.resolve("missing.bin");
        assertEquals(missing + ": no such file",
                assertThrows(BootException.class, () -> BiosRom.map(missing, memory)).getMessage());
    }
}
