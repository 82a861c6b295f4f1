package org.minixemu.devices.ata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A raw image file: sector {@code n} is bytes {@code 512n .. 512n+511}. Transfers go through one
 * direct buffer, so reading and writing allocate nothing; failures are IOExceptions naming the
 * file.
 */
final class RawFile {
    private static final int SECTOR = DiskImage.SECTOR_SIZE;
    private static final int SCRATCH = 64 * 1024;

    private final String name;
    private final FileChannel channel;
    private final long sectors;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH);

    RawFile(String name, FileChannel channel, long sectors) {
        this.name = name;
        this.channel = channel;
        this.sectors = sectors;
    }

    long sectors() {
        return sectors;
    }

    /** Reads {@code count} sectors from {@code lba} into {@code dst} at {@code offset}. */
    void read(long lba, byte[] dst, int offset, int count) throws IOException {
        long position = lba * SECTOR;
        int left = count * SECTOR;
        try {
            while (left > 0) {
                int n = Math.min(left, SCRATCH);
                scratch.clear().limit(n);
                while (scratch.hasRemaining()) {
                    if (channel.read(scratch, position + scratch.position()) < 0) {
                        throw new IOException(name + ": the file ended at byte " + (position + scratch.position())
                                + " (was it truncated while in use?)");
                    }
                }
                scratch.flip();
                scratch.get(dst, offset, n);
                offset += n;
                position += n;
                left -= n;
            }
        } catch (IOException e) {
            throw named("cannot read it", e);
        }
    }

    /** Writes {@code count} sectors from {@code src} at {@code offset} to {@code lba}. */
    void write(long lba, byte[] src, int offset, int count) throws IOException {
        long position = lba * SECTOR;
        int left = count * SECTOR;
        try {
            while (left > 0) {
                int n = Math.min(left, SCRATCH);
                scratch.clear();
                scratch.put(src, offset, n).flip();
                while (scratch.hasRemaining()) {
                    channel.write(scratch, position + scratch.position());
                }
                offset += n;
                position += n;
                left -= n;
            }
        } catch (IOException e) {
            throw named("cannot write it", e);
        }
    }

    /** Makes everything written so far durable (fsync of the data). */
    void force() throws IOException {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw named("cannot flush it", e);
        }
    }

    void close() throws IOException {
        try {
            channel.close();
        } catch (IOException e) {
            throw named("cannot close it", e);
        }
    }

    private IOException named(String what, IOException e) {
        String message = e.getMessage();
        if (message != null && message.startsWith(name + ": ")) {
            return e;
        }
        return new IOException(name + ": " + what + ": " + (message == null ? e.getClass().getSimpleName() : message), e);
    }
}
