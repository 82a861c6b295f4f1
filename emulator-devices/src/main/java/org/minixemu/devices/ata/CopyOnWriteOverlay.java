package org.minixemu.devices.ata;

import java.io.IOException;

/**
 * The {@code --snapshot} mode of a disk image: the file is opened read-only and every written
 * sector is kept in memory, where later reads find it. The file is never written, so it is
 * byte for byte the same after the run; the overlay grows with the sectors the guest writes and
 * is dropped on close.
 */
public final class CopyOnWriteOverlay extends DiskImage {
    private final RawFile base;
    private final SectorStore overlay = new SectorStore(1024);
    private boolean closed;

    CopyOnWriteOverlay(String name, RawFile base) {
        super(name, base.sectors());
        this.base = base;
    }

    @Override
    public Mode mode() {
        return Mode.SNAPSHOT;
    }

    /** How many distinct sectors the guest has written. */
    public int sectorsWritten() {
        return overlay.size();
    }

    @Override
    public void read(long lba, byte[] dst, int offset, int count) throws IOException {
        checkRange(lba, dst, offset, count);
        readThrough(overlay, base, lba, dst, offset, count);
    }

    @Override
    public void write(long lba, byte[] src, int offset, int count) {
        checkRange(lba, src, offset, count);
        for (int i = 0; i < count; i++) {
            overlay.put(lba + i, src, offset + i * SECTOR_SIZE);
        }
    }

    @Override
    public void flush() {
        // Nothing ever reaches the file.
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        overlay.clear();
        base.close();
    }

    /**
     * Reads sectors from {@code store} where it has them and from {@code file} otherwise, each
     * run of sectors missing from the store in one read.
     */
    static void readThrough(SectorStore store, RawFile file, long lba, byte[] dst, int offset, int count)
            throws IOException {
        int i = 0;
        while (i < count) {
            if (store.get(lba + i, dst, offset + i * SECTOR_SIZE)) {
                i++;
                continue;
            }
            int run = i + 1;
            while (run < count && store.find(lba + run) < 0) {
                run++;
            }
            file.read(lba + i, dst, offset + i * SECTOR_SIZE, run - i);
            i = run;
        }
    }
}
