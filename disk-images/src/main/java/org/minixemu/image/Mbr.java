package org.minixemu.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A classic master boot record: sector 0 of a disk, holding 446 bytes of boot code (zeros here:
 * the emulator's kernel loader plays the boot monitor), four 16-byte partition entries from
 * offset 446, and the signature {@code 55 AA} at offset 510.
 *
 * <p>Each entry is: status (0x80 bootable, 0x00 not), the first sector's CHS address, the type,
 * the last sector's CHS address, the first sector's LBA and the number of sectors (32-bit
 * little-endian each). We write both CHS addresses as {@code FE FF FF}, the usual "too large
 * for CHS, use the LBA fields" value, and ignore them when reading. An entry of type 0 is empty.
 *
 * <p>Immutable. Partitions are numbered 1 to 4, as {@code sfdisk} and MINIX number them.
 */
public final class Mbr {
    public static final int SECTOR_SIZE = 512;
    /** Partition type of both MINIX partitions (boot and root). */
    public static final int TYPE_MINIX = 0x81;
    /** Type 0xDA, "non-FS data": the scratch partition {@code image build --scratch} adds. */
    public static final int TYPE_DATA = 0xDA;
    /** The most entries a classic MBR has. */
    public static final int ENTRIES = 4;

    private static final int ENTRY_TABLE = 446;
    private static final int ENTRY_SIZE = 16;
    private static final int SIGNATURE = 510;
    private static final long MAX_32 = 0xFFFF_FFFFL;

    /**
     * One non-empty partition entry.
     *
     * @param number 1..4, the entry's place in the table
     * @param bootable the status byte is 0x80 (0x00 otherwise)
     * @param type the partition type, 1..255 (0 means an empty entry, which is not a partition)
     * @param startLba the first sector, at least 1 (sector 0 is the MBR)
     * @param sectors how many sectors, at least 1
     */
    public record Partition(int number, boolean bootable, int type, long startLba, long sectors) {
        public Partition {
            if (number < 1 || number > ENTRIES) {
                throw new IllegalArgumentException("partition number " + number + " is not 1..4");
            }
            if (type < 1 || type > 0xFF) {
                throw new IllegalArgumentException("partition " + number + ": type " + type + " is not 1..255");
            }
            if (startLba < 1 || startLba > MAX_32) {
                throw new IllegalArgumentException("partition " + number + ": start sector " + startLba
                        + " is not 1..2^32-1");
            }
            if (sectors < 1 || sectors > MAX_32) {
                throw new IllegalArgumentException("partition " + number + ": " + sectors
                        + " sectors is not 1..2^32-1");
            }
        }

        /** The sector after the last one. */
        public long endLba() {
            return startLba + sectors;
        }

        /** The first byte in the image. */
        public long startByte() {
            return startLba * SECTOR_SIZE;
        }

        /** The size in bytes. */
        public long sizeBytes() {
            return sectors * SECTOR_SIZE;
        }

        boolean overlaps(Partition o) {
            return startLba < o.endLba() && o.startLba < endLba();
        }

        /** "1 (sectors 2048..2129)", for messages. */
        String describe() {
            return number + " (sectors " + startLba + ".." + (endLba() - 1) + ")";
        }
    }

    /** Entries 1..4 by index 0..3; null where empty. */
    private final Partition[] entries;

    private Mbr(Partition[] entries) {
        this.entries = entries;
    }

    /**
     * An MBR with these partitions (each number at most once) and the other entries empty.
     *
     * @throws IllegalArgumentException if two partitions have the same number or overlap
     */
    public static Mbr of(List<Partition> partitions) {
        Partition[] entries = new Partition[ENTRIES];
        for (Partition p : partitions) {
            if (entries[p.number() - 1] != null) {
                throw new IllegalArgumentException("partition " + p.number() + " is given twice");
            }
            entries[p.number() - 1] = p;
        }
        String overlap = firstOverlap(entries);
        if (overlap != null) {
            throw new IllegalArgumentException(overlap);
        }
        return new Mbr(entries);
    }

    /** The non-empty entries in table order. */
    public List<Partition> partitions() {
        List<Partition> list = new ArrayList<>();
        for (Partition p : entries) {
            if (p != null) {
                list.add(p);
            }
        }
        return Collections.unmodifiableList(list);
    }

    /** Entry {@code number} (1..4), or empty if that entry is unused. */
    public Optional<Partition> partition(int number) {
        if (number < 1 || number > ENTRIES) {
            throw new IllegalArgumentException("partition number " + number + " is not 1..4");
        }
        return Optional.ofNullable(entries[number - 1]);
    }

    /** The 512-byte sector. */
    public byte[] toBytes() {
        byte[] sector = new byte[SECTOR_SIZE];
        for (Partition p : entries) {
            if (p == null) {
                continue;
            }
            int at = ENTRY_TABLE + (p.number() - 1) * ENTRY_SIZE;
            sector[at] = (byte) (p.bootable() ? 0x80 : 0x00);
            putChsUseLba(sector, at + 1);
            sector[at + 4] = (byte) p.type();
            putChsUseLba(sector, at + 5);
            putLe32(sector, at + 8, p.startLba());
            putLe32(sector, at + 12, p.sectors());
        }
        sector[SIGNATURE] = 0x55;
        sector[SIGNATURE + 1] = (byte) 0xAA;
        return sector;
    }

    /**
     * Reads the MBR in {@code sector0} of an image of {@code imageSectors} sectors.
     *
     * @param imageName names the image in messages
     * @throws ImageException "IMAGE: sector 0: ..." if the signature is missing, a status byte is
     *     neither 0x00 nor 0x80, a partition starts on sector 0, has no sectors, runs past the end
     *     of the image or overlaps another
     */
    public static Mbr parse(String imageName, byte[] sector0, long imageSectors) {
        String where = imageName + ": sector 0: ";
        if (sector0.length < SECTOR_SIZE) {
            throw new ImageException(where + "only " + sector0.length + " bytes, an MBR is " + SECTOR_SIZE);
        }
        int s0 = sector0[SIGNATURE] & 0xFF;
        int s1 = sector0[SIGNATURE + 1] & 0xFF;
        if (s0 != 0x55 || s1 != 0xAA) {
            throw new ImageException(where + String.format("no MBR signature (expected 55 AA, found %02X %02X)", s0, s1));
        }
        Partition[] entries = new Partition[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            int at = ENTRY_TABLE + i * ENTRY_SIZE;
            int number = i + 1;
            int status = sector0[at] & 0xFF;
            int type = sector0[at + 4] & 0xFF;
            long start = le32(sector0, at + 8);
            long count = le32(sector0, at + 12);
            if (type == 0) {
                continue; // an empty entry; what else it holds does not matter
            }
            if (status != 0x00 && status != 0x80) {
                throw new ImageException(where + String.format(
                        "partition %d has status byte 0x%02X, expected 0x00 or 0x80 (bootable)", number, status));
            }
            if (count == 0) {
                throw new ImageException(where + String.format("partition %d (type 0x%02X) has 0 sectors", number, type));
            }
            if (start == 0) {
                throw new ImageException(where + "partition " + number
                        + " starts at sector 0, on the MBR itself; expected 1 or more");
            }
            Partition p = new Partition(number, status == 0x80, type, start, count);
            if (p.endLba() > imageSectors) {
                throw new ImageException(where + "partition " + p.describe() + " runs past the end of the image ("
                        + imageSectors + " sectors)");
            }
            entries[i] = p;
        }
        String overlap = firstOverlap(entries);
        if (overlap != null) {
            throw new ImageException(where + overlap);
        }
        return new Mbr(entries);
    }

    private static String firstOverlap(Partition[] entries) {
        for (int i = 0; i < ENTRIES; i++) {
            for (int j = i + 1; j < ENTRIES; j++) {
                if (entries[i] != null && entries[j] != null && entries[i].overlaps(entries[j])) {
                    return "partitions " + entries[i].describe() + " and " + entries[j].describe() + " overlap";
                }
            }
        }
        return null;
    }

    /** Head 254, sector 63, cylinder 1023: the CHS address that says "use the LBA fields". */
    private static void putChsUseLba(byte[] b, int at) {
        b[at] = (byte) 0xFE;
        b[at + 1] = (byte) 0xFF;
        b[at + 2] = (byte) 0xFF;
    }

    private static void putLe32(byte[] b, int at, long v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
