package org.minixemu.devices.ata;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The medium behind an ATA disk: a raw image file of 512-byte sectors. Two modes:
 * <ul>
 *   <li>{@link Mode#READ_WRITE}: writes go to a write-back cache in memory, as in a drive with
 *       its write cache enabled, and reach the file on {@link #flush} (the guest's FLUSH CACHE),
 *       when the cache fills, and on {@link #close}; after a flush they are durable (fsync).</li>
 *   <li>{@link Mode#SNAPSHOT} ({@code --snapshot}): the file is opened read-only and every write
 *       stays in a copy-on-write overlay in memory ({@link CopyOnWriteOverlay}), so the file is
 *       never changed.</li>
 * </ul>
 *
 * <p>{@link #open} never creates or truncates a file. Read-write images are locked exclusively
 * and snapshots shared, so two emulators cannot write one image. Every reason an image cannot be
 * used is a {@link DiskImageException} with a one-line message naming the file.
 *
 * <p>Not thread-safe: the machine's thread is the only user.
 */
public abstract class DiskImage implements AutoCloseable {
    public static final int SECTOR_SIZE = 512;
    /** The most sectors an LBA28 disk can address (words 60-61 of IDENTIFY DEVICE). */
    public static final long MAX_SECTORS = 0x0FFF_FFFFL;

    /** How the image file is used. */
    public enum Mode {
        /** Writes reach the file (on flush and close). */
        READ_WRITE,
        /** Writes stay in memory; the file is opened read-only and never changes. */
        SNAPSHOT
    }

    /** Opens files; a seam for tests that need failures root cannot produce. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    private final String name;
    private final long sectors;

    DiskImage(String name, long sectors) {
        this.name = name;
        this.sectors = sectors;
    }

    /**
     * Opens the raw image {@code path}.
     *
     * @throws DiskImageException if it is missing, a directory, not a regular file, unreadable,
     *     unwritable in read-write mode, empty, not a whole number of sectors, larger than an
     *     LBA28 disk, or locked by another user; the message names the file and the problem
     */
    public static DiskImage open(Path path, Mode mode) throws DiskImageException {
        return open(path, mode, FileChannel::open);
    }

    static DiskImage open(Path path, Mode mode, Opener opener) throws DiskImageException {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw problem(name, "is a directory, not a disk image");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw problem(name, "is not a regular file");
        }
        boolean writable = mode == Mode.READ_WRITE;
        FileChannel channel = openChannel(path, name, writable, opener);
        try {
            long sectors = checkSize(name, channel);
            lock(name, channel, writable);
            RawFile file = new RawFile(name, channel, sectors);
            return writable ? new WriteBackImage(name, file) : new CopyOnWriteOverlay(name, file);
        } catch (DiskImageException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileChannel openChannel(Path path, String name, boolean writable, Opener opener)
            throws DiskImageException {
        try {
            return writable
                    ? opener.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : opener.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw problem(name, "no such file");
        } catch (IOException e) {
            if (!writable) {
                throw problem(name, "cannot read it: " + reason(e));
            }
            // Read-write failed: say whether it cannot even be read, or only not written.
            try {
                opener.open(path, StandardOpenOption.READ).close();
            } catch (NoSuchFileException gone) {
                throw problem(name, "no such file");
            } catch (IOException unreadable) {
                throw problem(name, "cannot read it: " + reason(unreadable));
            }
            throw problem(name, "cannot write it: " + reason(e) + " (use --snapshot to keep writes in memory)");
        }
    }

    private static long checkSize(String name, FileChannel channel) throws DiskImageException {
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            throw problem(name, "cannot read it: " + reason(e));
        }
        if (size == 0) {
            throw problem(name, "the image is empty (0 bytes)");
        }
        if (size % SECTOR_SIZE != 0) {
            throw problem(name, "size " + size + " bytes is not a multiple of " + SECTOR_SIZE);
        }
        if (size / SECTOR_SIZE > MAX_SECTORS) {
            throw problem(name, "size " + size + " bytes is more than an LBA28 ATA disk can address ("
                    + MAX_SECTORS + " sectors of " + SECTOR_SIZE + " bytes)");
        }
        return size / SECTOR_SIZE;
    }

    /** Locks the whole file: exclusively to write it, shared to read it. */
    private static void lock(String name, FileChannel channel, boolean writable) throws DiskImageException {
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, !writable);
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            return;   // the file system has no locks: go on unprotected, as QEMU does
        }
        if (lock == null) {
            throw problem(name, "is in use: another program or another disk of this machine has it locked");
        }
        // The lock lives as long as the channel; closing the image releases it.
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static DiskImageException problem(String name, String problem) {
        return new DiskImageException(name + ": " + problem);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing; the first problem is the one to report
        }
    }

    /** The file's name as given, for messages. */
    public String name() {
        return name;
    }

    /** The capacity in 512-byte sectors. */
    public long sectors() {
        return sectors;
    }

    public abstract Mode mode();

    /**
     * Reads {@code count} sectors from {@code lba} into {@code dst} at {@code offset}.
     *
     * @throws IOException if the host cannot read the file (the message names it)
     */
    public abstract void read(long lba, byte[] dst, int offset, int count) throws IOException;

    /**
     * Writes {@code count} sectors from {@code src} at {@code offset} to {@code lba}.
     *
     * @throws IOException if the host cannot write the file (the message names it)
     */
    public abstract void write(long lba, byte[] src, int offset, int count) throws IOException;

    /** Makes every write so far durable (a no-op for a snapshot). */
    public abstract void flush() throws IOException;

    /** Flushes and closes the file; further use is an error. Closing twice is harmless. */
    @Override
    public abstract void close() throws IOException;

    /** Checks that a transfer lies inside the image (the device checks first; this is a guard). */
    final void checkRange(long lba, byte[] buffer, int offset, int count) {
        if (lba < 0 || count < 0 || lba > sectors - count) {
            throw new IllegalArgumentException(name + ": sectors " + lba + "+" + count + " are outside the image ("
                    + sectors + " sectors)");
        }
        if (offset < 0 || offset > buffer.length - count * SECTOR_SIZE) {
            throw new IndexOutOfBoundsException("buffer offset " + offset + " for " + count + " sectors");
        }
    }

    @Override
    public String toString() {
        return name + " (" + sectors + " sectors, " + (mode() == Mode.SNAPSHOT ? "snapshot" : "read-write") + ")";
    }
}
