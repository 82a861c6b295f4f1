package org.minixemu.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MbrTest {
    private static final Mbr.Partition BOOT = new Mbr.Partition(1, true, 0x81, 2048, 82);
    private static final Mbr.Partition ROOT = new Mbr.Partition(2, false, 0x81, 4096, 8192);

    private static String parseError(byte[] sector, long imageSectors) {
        return assertThrows(ImageException.class, () -> Mbr.parse("disk.img", sector, imageSectors)).getMessage();
    }

    /** Sets entry {@code number}'s start and count fields. */
    private static void setEntry(byte[] s, int number, int status, int type, long start, long count) {
        int at = 446 + (number - 1) * 16;
        s[at] = (byte) status;
        s[at + 4] = (byte) type;
        for (int i = 0; i < 4; i++) {
            s[at + 8 + i] = (byte) (start >>> (8 * i));
            s[at + 12 + i] = (byte) (count >>> (8 * i));
        }
    }

    @Test
    void roundTripKeepsEveryEntryAndItsNumber() {
        Mbr mbr = Mbr.of(List.of(ROOT, BOOT));
        Mbr back = Mbr.parse("disk.img", mbr.toBytes(), 20000);
        assertEquals(List.of(BOOT, ROOT), back.partitions());
        assertEquals(BOOT, back.partition(1).orElseThrow());
        assertFalse(back.partition(3).isPresent());
        assertFalse(back.partition(4).isPresent());
    }

    @Test
    void entriesThreeAndFourRoundTripToo() {
        Mbr.Partition p4 = new Mbr.Partition(4, false, 0x83, 100, 0xFFFF_FFFFL - 100);
        Mbr back = Mbr.parse("disk.img", Mbr.of(List.of(p4)).toBytes(), 0xFFFF_FFFFL);
        assertEquals(List.of(p4), back.partitions());
    }

    @Test
    void bytesFollowTheClassicLayout() {
        byte[] s = Mbr.of(List.of(BOOT)).toBytes();
        assertEquals(512, s.length);
        assertArrayEquals(new byte[446], Arrays.copyOf(s, 446), "boot code is zeros");
        byte[] entry = Arrays.copyOfRange(s, 446, 462);
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0x81,
            (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, 0x00, 0x08, 0x00, 0x00, 82, 0, 0, 0}, entry);
        assertArrayEquals(new byte[48], Arrays.copyOfRange(s, 462, 510), "entries 2-4 are empty");
        assertEquals(0x55, s[510] & 0xFF);
        assertEquals(0xAA, s[511] & 0xFF);
    }

    @Test
    void noSignature() {
        assertEquals("disk.img: sector 0: no MBR signature (expected 55 AA, found 00 00)", parseError(new byte[512], 10));
        byte[] s = Mbr.of(List.of(BOOT)).toBytes();
        s[511] = 0x55;
        assertEquals("disk.img: sector 0: no MBR signature (expected 55 AA, found 55 55)", parseError(s, 4000));
    }

    @Test
    void badStatusByte() {
        byte[] s = Mbr.of(List.of(BOOT)).toBytes();
        s[446 + 16] = 0x12;
        s[446 + 16 + 4] = (byte) 0x83;
        assertEquals("disk.img: sector 0: partition 2 has status byte 0x12, expected 0x00 or 0x80 (bootable)",
                parseError(s, 4000));
    }

    @Test
    void partitionPastTheEndOfTheImage() {
        byte[] s = Mbr.of(List.of(BOOT)).toBytes();
        assertEquals("disk.img: sector 0: partition 1 (sectors 2048..2129) runs past the end of the image (2129"
                + " sectors)", parseError(s, 2129));
        assertEquals(List.of(BOOT), Mbr.parse("disk.img", s, 2130).partitions(), "exactly to the end is fine");
    }

    @Test
    void overlappingPartitions() {
        byte[] s = Mbr.of(List.of(BOOT)).toBytes();
        setEntry(s, 3, 0, 0x83, 2129, 10);
        assertEquals("disk.img: sector 0: partitions 1 (sectors 2048..2129) and 3 (sectors 2129..2138) overlap",
                parseError(s, 10000));
        setEntry(s, 3, 0, 0x83, 2130, 10);
        assertEquals(2, Mbr.parse("disk.img", s, 10000).partitions().size(), "adjacent is fine");
    }

    @Test
    void partitionOnTheMbrItself() {
        byte[] s = Mbr.of(List.of()).toBytes();
        setEntry(s, 1, 0x80, 0x81, 0, 10);
        assertEquals("disk.img: sector 0: partition 1 starts at sector 0, on the MBR itself; expected 1 or more",
                parseError(s, 100));
    }

    @Test
    void partitionWithoutSectors() {
        byte[] s = Mbr.of(List.of()).toBytes();
        setEntry(s, 2, 0, 0x81, 2048, 0);
        assertEquals("disk.img: sector 0: partition 2 (type 0x81) has 0 sectors", parseError(s, 4000));
    }

    @Test
    void emptyEntriesAreIgnoredWhateverElseTheyHold() {
        byte[] s = Mbr.of(List.of()).toBytes();
        setEntry(s, 2, 0x33, 0, 99999, 99999);
        assertTrue(Mbr.parse("disk.img", s, 10).partitions().isEmpty());
    }

    @Test
    void aShortSector() {
        assertEquals("disk.img: sector 0: only 100 bytes, an MBR is 512", parseError(new byte[100], 1));
    }

    @Test
    void buildingRefusesOverlapsAndRepeatedNumbers() {
        Mbr.Partition clash = new Mbr.Partition(2, false, 0x81, 2100, 10);
        assertEquals("partitions 1 (sectors 2048..2129) and 2 (sectors 2100..2109) overlap",
                assertThrows(IllegalArgumentException.class, () -> Mbr.of(List.of(BOOT, clash))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Mbr.of(List.of(BOOT, BOOT)));
        assertThrows(IllegalArgumentException.class, () -> new Mbr.Partition(5, false, 0x81, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Mbr.Partition(1, false, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Mbr.Partition(1, false, 0x81, 1L << 32, 1));
    }
}
