package org.minixemu.devices.ata;

import java.util.Arrays;

/**
 * Sectors kept in memory, keyed by LBA: the write-back cache of a read-write image and the
 * copy-on-write overlay of a snapshot. An open-addressing table maps an LBA to a slot; slot data
 * lives in 64 KiB chunks that are allocated as the store grows and kept when it is cleared, so
 * lookups and updates of stored sectors never allocate.
 */
final class SectorStore {
    static final int SECTOR = DiskImage.SECTOR_SIZE;
    private static final int CHUNK_SHIFT = 7;
    private static final int CHUNK_SECTORS = 1 << CHUNK_SHIFT;
    private static final long EMPTY = -1;

    /** The hash table: LBAs (EMPTY for free entries) and the slot each one uses. */
    private long[] keys;
    private int[] slotOf;
    private int mask;
    /** Slot n holds the LBA lbaOf[n], at chunks[n >> 7][(n & 127) * 512]. */
    private long[] lbaOf;
    private byte[][] chunks = new byte[0][];
    private int count;

    SectorStore(int initialSectors) {
        int table = Integer.highestOneBit(Math.max(16, initialSectors * 2 - 1)) << 1;
        keys = new long[table];
        Arrays.fill(keys, EMPTY);
        slotOf = new int[table];
        mask = table - 1;
        lbaOf = new long[Math.max(16, initialSectors)];
    }

    /** How many sectors are stored. */
    int size() {
        return count;
    }

    /** The slot of {@code lba}, or -1. */
    int find(long lba) {
        for (int i = hash(lba); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == lba) {
                return slotOf[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    /** Copies sector {@code lba} into {@code dst} at {@code offset}; false if it is not stored. */
    boolean get(long lba, byte[] dst, int offset) {
        int slot = find(lba);
        if (slot < 0) {
            return false;
        }
        System.arraycopy(chunk(slot), chunkOffset(slot), dst, offset, SECTOR);
        return true;
    }

    /** Stores a copy of the sector at {@code src[offset]} as sector {@code lba}. */
    void put(long lba, byte[] src, int offset) {
        int i = hash(lba);
        while (true) {
            long k = keys[i];
            if (k == lba) {
                int slot = slotOf[i];
                System.arraycopy(src, offset, chunk(slot), chunkOffset(slot), SECTOR);
                return;
            }
            if (k == EMPTY) {
                break;
            }
            i = (i + 1) & mask;
        }
        int slot = newSlot(lba);
        keys[i] = lba;
        slotOf[i] = slot;
        System.arraycopy(src, offset, chunk(slot), chunkOffset(slot), SECTOR);
        if (count * 2 > keys.length) {
            rehash(keys.length * 2);
        }
    }

    /** Forgets every sector (the chunks stay allocated for reuse). */
    void clear() {
        Arrays.fill(keys, EMPTY);
        count = 0;
    }

    long lbaAt(int slot) {
        return lbaOf[slot];
    }

    byte[] chunk(int slot) {
        return chunks[slot >>> CHUNK_SHIFT];
    }

    int chunkOffset(int slot) {
        return (slot & (CHUNK_SECTORS - 1)) * SECTOR;
    }

    /** Whether slot {@code next} directly follows {@code slot} in the same chunk. */
    static boolean sameChunk(int slot, int next) {
        return slot >>> CHUNK_SHIFT == next >>> CHUNK_SHIFT;
    }

    private int newSlot(long lba) {
        int slot = count++;
        if (slot == lbaOf.length) {
            lbaOf = Arrays.copyOf(lbaOf, lbaOf.length * 2);
        }
        lbaOf[slot] = lba;
        int chunk = slot >>> CHUNK_SHIFT;
        if (chunk == chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(4, chunks.length * 2));
        }
        if (chunks[chunk] == null) {
            chunks[chunk] = new byte[CHUNK_SECTORS * SECTOR];
        }
        return slot;
    }

    private void rehash(int size) {
        keys = new long[size];
        Arrays.fill(keys, EMPTY);
        slotOf = new int[size];
        mask = size - 1;
        for (int slot = 0; slot < count; slot++) {
            int i = hash(lbaOf[slot]);
            while (keys[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            keys[i] = lbaOf[slot];
            slotOf[i] = slot;
        }
    }

    private int hash(long lba) {
        long h = lba * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
