package org.minixemu.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The boot side of a disk image, read-only: the MBR, partition 1 (type 0x81) holding a ustar
 * archive, and the {@code boot.cfg} in it, parsed and checked against the archive's files.
 * The layout is in docs/boot-image.md.
 *
 * <p>Only sector 0 and the boot partition are read, so a large root file system in partition 2
 * costs nothing. Every problem is an {@link ImageException} naming the image and the sector, byte
 * offset or boot.cfg line, e.g. {@code "disk.img: partition 1 is type 0x83, expected 0x81 (MINIX
 * boot partition)"}. Immutable.
 */
public final class BootImage {
    /** The partition that holds the boot archive. */
    public static final int BOOT_PARTITION = 1;
    /** The largest boot partition read (it is loaded into memory whole). */
    public static final long MAX_BOOT_PARTITION_BYTES = 256L << 20;

    /** Where the image's bytes come from: a file, an array, or the kernel's disk. */
    public interface Source {
        /** The image's size in bytes. */
        long size();

        /** Fills {@code into} from byte {@code position} of the image (which holds that many). */
        void read(long position, byte[] into) throws IOException;

        /** An image held in memory. */
        static Source of(byte[] image) {
            return new Source() {
                @Override
                public long size() {
                    return image.length;
                }

                @Override
                public void read(long position, byte[] into) {
                    System.arraycopy(image, (int) position, into, 0, into.length);
                }
            };
        }
    }

    private final String name;
    private final Mbr mbr;
    private final Mbr.Partition bootPartition;
    private final List<Ustar.Entry> entries;
    private final Map<String, Ustar.Entry> byName;
    private final BootConfig config;
    private final byte[] archive;

    private BootImage(String name, Mbr mbr, Mbr.Partition bootPartition, List<Ustar.Entry> entries,
            Map<String, Ustar.Entry> byName, BootConfig config, byte[] archive) {
        this.name = name;
        this.mbr = mbr;
        this.bootPartition = bootPartition;
        this.entries = entries;
        this.byName = byName;
        this.config = config;
        this.archive = archive;
    }

    /**
     * Reads the image file {@code path}; it is opened read-only and never changed.
     *
     * @throws ImageException naming the file as given: missing, a directory, unreadable, or any
     *     problem of {@link #read(String, Source)}
     */
    public static BootImage open(Path path) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            throw new ImageException(name + ": is a directory, not a disk image");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new ImageException(name + ": is not a regular file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            return read(name, new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public void read(long position, byte[] into) throws IOException {
                    ByteBuffer buffer = ByteBuffer.wrap(into);
                    while (buffer.hasRemaining()) {
                        if (ch.read(buffer, position + buffer.position()) < 0) {
                            throw new IOException("the file ended early (it changed while being read?)");
                        }
                    }
                }
            });
        } catch (NoSuchFileException e) {
            throw new ImageException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ImageException(name + ": cannot read it: permission denied");
        } catch (IOException e) {
            throw new ImageException(name + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** Reads an image held in memory; {@code name} names it in messages. */
    public static BootImage read(String name, byte[] image) {
        try {
            return read(name, Source.of(image));
        } catch (IOException e) {
            throw new AssertionError(e); // an array does not fail
        }
    }

    /**
     * Reads the boot side of an image: the MBR, then partition 1, its archive and boot.cfg.
     *
     * @param name names the image in messages, e.g. {@code "disk.img"}
     * @throws ImageException if the image is not whole sectors, the MBR is malformed, partition 1
     *     is missing or not type 0x81 or too large, the archive is malformed or holds two files of
     *     one name, boot.cfg is missing or malformed, or it names a program the archive lacks
     * @throws IOException only when {@code source} fails
     */
    public static BootImage read(String name, Source source) throws IOException {
        long size = source.size();
        if (size < Mbr.SECTOR_SIZE) {
            throw new ImageException(name + ": " + size + " bytes, too small for a disk image (an MBR alone is "
                    + Mbr.SECTOR_SIZE + ")");
        }
        if (size % Mbr.SECTOR_SIZE != 0) {
            throw new ImageException(name + ": " + size + " bytes is not a whole number of " + Mbr.SECTOR_SIZE
                    + "-byte sectors");
        }
        byte[] sector0 = new byte[Mbr.SECTOR_SIZE];
        source.read(0, sector0);
        Mbr mbr = Mbr.parse(name, sector0, size / Mbr.SECTOR_SIZE);

        Mbr.Partition boot = mbr.partition(BOOT_PARTITION).orElseThrow(() -> new ImageException(name
                + ": partition 1 is empty, expected the MINIX boot partition (type 0x81)"));
        if (boot.type() != Mbr.TYPE_MINIX) {
            throw new ImageException(name + String.format(": partition 1 is type 0x%02X, expected 0x%02X (MINIX boot"
                    + " partition)", boot.type(), Mbr.TYPE_MINIX));
        }
        if (boot.sizeBytes() > MAX_BOOT_PARTITION_BYTES) {
            throw new ImageException(name + ": partition 1 is " + (boot.sizeBytes() >> 20) + " MiB, more than the "
                    + (MAX_BOOT_PARTITION_BYTES >> 20) + " MiB a boot partition may have");
        }
        byte[] archive = new byte[(int) boot.sizeBytes()];
        source.read(boot.startByte(), archive);
        List<Ustar.Entry> entries = Ustar.read(name + ": boot partition", archive, boot.startByte());

        Map<String, Ustar.Entry> byName = new LinkedHashMap<>();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Ustar.Entry e = entries.get(i);
            Integer first = index.putIfAbsent(e.name(), i + 1);
            if (first != null) {
                throw new ImageException(name + ": boot partition has two files named '" + e.name() + "' (entries "
                        + first + " and " + (i + 1) + ")");
            }
            byName.put(e.name(), e);
        }
        Ustar.Entry cfg = byName.get(BootConfig.FILE_NAME);
        if (cfg == null) {
            throw new ImageException(name + ": boot partition has no " + BootConfig.FILE_NAME);
        }
        BootConfig config = BootConfig.parse(name + ": " + BootConfig.FILE_NAME, cfg.data());
        for (ProcessSpec p : config.processes()) {
            if (!byName.containsKey(p.program())) {
                throw config.problem(p.line("program"), "process '" + p.label() + "' runs '" + p.program()
                        + "', which is not in the boot partition");
            }
        }
        return new BootImage(name, mbr, boot, entries, Collections.unmodifiableMap(byName), config, archive);
    }

    /** The image's name as given. */
    public String name() {
        return name;
    }

    /** The partition table. */
    public Mbr mbr() {
        return mbr;
    }

    /** Partition 1. */
    public Mbr.Partition bootPartition() {
        return bootPartition;
    }

    /** The parsed boot.cfg; every program it names is in {@link #fileNames()}. */
    public BootConfig config() {
        return config;
    }

    /**
     * A copy of the boot partition's ustar archive as it is on the disk: the kernel loads it into
     * RAM so that PM can exec programs from it until a file system exists.
     */
    public byte[] archive() {
        return archive.clone();
    }

    /** The boot partition's files in archive order (boot.cfg first in images we build). */
    public List<Ustar.Entry> entries() {
        return entries;
    }

    /** The files' names in archive order. */
    public List<String> fileNames() {
        return List.copyOf(byName.keySet());
    }

    /** A copy of the contents of file {@code name}, or empty if the boot partition has none. */
    public Optional<byte[]> file(String name) {
        Ustar.Entry e = byName.get(name);
        return e == null ? Optional.empty() : Optional.of(e.data().clone());
    }

    /** The contents of the program of {@code process} (present: {@link #read} checked it). */
    public byte[] program(ProcessSpec process) {
        return file(process.program()).orElseThrow();
    }
}
