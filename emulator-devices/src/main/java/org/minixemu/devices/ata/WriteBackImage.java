package org.minixemu.devices.ata;

import java.io.IOException;

/**
 * A read-write image with a drive-style write cache: written sectors wait in memory until a
 * flush, a full cache or close writes them to the file. A flush ends with an fsync, so what the
 * guest flushed survives a host crash.
 */
final class WriteBackImage extends DiskImage {
    /** Sectors the cache holds before it writes itself back (2 MiB). */
    static final int CACHE_SECTORS = 4096;

    private final RawFile file;
    private final SectorStore cache = new SectorStore(CACHE_SECTORS);
    /** Written to the file since the last fsync. */
    private boolean unsynced;
    private boolean closed;

    WriteBackImage(String name, RawFile file) {
        super(name, file.sectors());
        this.file = file;
    }

    @Override
    public Mode mode() {
        return Mode.READ_WRITE;
    }

    @Override
    public void read(long lba, byte[] dst, int offset, int count) throws IOException {
        checkRange(lba, dst, offset, count);
        CopyOnWriteOverlay.readThrough(cache, file, lba, dst, offset, count);
    }

    @Override
    public void write(long lba, byte[] src, int offset, int count) throws IOException {
        checkRange(lba, src, offset, count);
        if (cache.size() + count > CACHE_SECTORS) {
            writeBack();
        }
        for (int i = 0; i < count; i++) {
            cache.put(lba + i, src, offset + i * SECTOR_SIZE);
        }
    }

    /** Writes the cached sectors to the file (runs of consecutive sectors in one call each). */
    private void writeBack() throws IOException {
        int n = cache.size();
        int slot = 0;
        while (slot < n) {
            int end = slot + 1;
            while (end < n && SectorStore.sameChunk(slot, end)
                    && cache.lbaAt(end) == cache.lbaAt(end - 1) + 1) {
                end++;
            }
            file.write(cache.lbaAt(slot), cache.chunk(slot), cache.chunkOffset(slot), end - slot);
            slot = end;
        }
        if (n > 0) {
            unsynced = true;
        }
        cache.clear();
    }

    @Override
    public void flush() throws IOException {
        writeBack();
        if (unsynced) {
            file.force();
            unsynced = false;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
        } finally {
            file.close();
        }
    }
}
