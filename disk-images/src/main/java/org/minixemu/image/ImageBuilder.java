package org.minixemu.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a disk image from a boot.cfg and program files: sector 0 is the MBR, partition 1
 * (type 0x81, bootable) starts at sector 2048 and holds a ustar archive with {@code boot.cfg}
 * first, then the programs under their base names in the order given. With
 * {@link #scratch(long)}, partition 2 (type 0xDA, "non-FS data") follows it, zero-filled, from
 * the next sector that is a multiple of 2048: a raw area for the disk driver's tests and for data
 * (the root file system will live there later).
 *
 * <p>Everything is checked before anything is written: the config parses, each program is a
 * readable regular file, no two share a base name, none is called boot.cfg, and every program a
 * process names is given (a given file that no process runs is only a warning, in
 * {@link Result#warnings()}, for the caller to show). The image is
 * written to a temporary file beside the output and moved into place, so a failed build leaves
 * neither a half image nor a damaged old one. The same inputs give the same bytes: entries carry
 * time 0, owner root, mode 0644 (boot.cfg) or 0755 (programs).
 */
public final class ImageBuilder {
    /** Partition 1's first sector: 1 MiB in, where partitioning tools align it. */
    public static final long BOOT_PARTITION_START = 2048;
    /** Partitions start on a multiple of this many sectors (1 MiB). */
    public static final long ALIGNMENT = 2048;
    /** The largest scratch partition: the image is built in one Java array. */
    public static final long MAX_SCRATCH_BYTES = 1L << 30;
    /** Partition 2, the scratch (data) partition. */
    public static final int SCRATCH_PARTITION = 2;
    static final int CONFIG_MODE = 0644;
    static final int PROGRAM_MODE = 0755;

    /**
     * What was built.
     *
     * @param out the image written (null for {@link #toBytes})
     * @param files files in the boot partition, boot.cfg included
     * @param processes processes in boot.cfg
     * @param bootPartitionBytes the size of partition 1
     * @param imageBytes the size of the image
     * @param warnings one line each, e.g. "extra.dat is put in the boot partition, but no process in
     *     boot.cfg runs it"
     */
    public record Result(Path out, int files, int processes, long bootPartitionBytes, long imageBytes,
            List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }

        /** E.g. "disk.img: 3 files, 2 processes, 41 KiB boot partition (1065 KiB image)". */
        public String summary() {
            return out + ": " + files + (files == 1 ? " file, " : " files, ") + processes
                    + (processes == 1 ? " process, " : " processes, ") + kib(bootPartitionBytes)
                    + " KiB boot partition (" + kib(imageBytes) + " KiB image)";
        }

        private static long kib(long bytes) {
            return (bytes + 1023) / 1024;
        }
    }

    private final Path config;
    private final List<Path> programs;
    private long scratchSectors;

    /** A build of {@code config} with {@code programs}; nothing is read until {@link #build}. */
    public ImageBuilder(Path config, List<Path> programs) {
        this.config = config;
        this.programs = List.copyOf(programs);
    }

    /**
     * A scratch size as the command line gives it: bytes, or with K, M or G; whole sectors, not
     * 0, at most {@link #MAX_SCRATCH_BYTES}.
     *
     * @throws ImageException naming the value and what is wrong with it
     */
    public static long parseScratchSize(String value) {
        java.util.regex.Matcher m = SCRATCH_SIZE.matcher(value.trim().toUpperCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new ImageException("'" + value + "' is not a size (examples: 8M, 512K, 4194304)");
        }
        long bytes = Long.parseLong(m.group(1)) << switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        if (bytes == 0 || bytes % Mbr.SECTOR_SIZE != 0) {
            throw new ImageException("'" + value + "' is not a whole, non-zero number of 512-byte sectors");
        }
        if (bytes > MAX_SCRATCH_BYTES) {
            throw new ImageException("'" + value + "' is more than the maximum of 1 GiB");
        }
        return bytes;
    }

    private static final java.util.regex.Pattern SCRATCH_SIZE = java.util.regex.Pattern.compile("(\\d{1,12})([KMG]?)");

    /**
     * Adds partition 2, type 0xDA, of {@code bytes} (a whole number of 512-byte sectors, at most
     * {@link #MAX_SCRATCH_BYTES}; 0 for none, the default), zero-filled, starting at the first
     * multiple of 2048 sectors after partition 1.
     *
     * @return this builder
     * @throws ImageException for a size that is not whole sectors or too large
     */
    public ImageBuilder scratch(long bytes) {
        if (bytes < 0 || bytes % Mbr.SECTOR_SIZE != 0) {
            throw new ImageException("scratch partition of " + bytes + " bytes: not a whole number of "
                    + Mbr.SECTOR_SIZE + "-byte sectors");
        }
        if (bytes > MAX_SCRATCH_BYTES) {
            throw new ImageException("scratch partition of " + (bytes >> 20) + " MiB: more than the "
                    + (MAX_SCRATCH_BYTES >> 20) + " MiB allowed");
        }
        this.scratchSectors = bytes / Mbr.SECTOR_SIZE;
        return this;
    }

    /**
     * The first sector of the scratch partition for a boot partition of {@code bootSectors}: the
     * first multiple of {@link #ALIGNMENT} at or after partition 1's end.
     */
    public static long scratchStart(long bootSectors) {
        long end = BOOT_PARTITION_START + bootSectors;
        return (end + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /**
     * Builds the image and puts it at {@code out}, replacing any file there only once the new
     * image is complete.
     *
     * @throws ImageException for bad input (named by the path as given, or by boot.cfg line) or a
     *     failed write; {@code out} is then as it was
     */
    public Result build(Path out) {
        if (Files.isDirectory(out)) {
            throw new ImageException(out + ": is a directory, expected the image file to write");
        }
        for (Path in : inputs()) {
            if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new ImageException(out + ": is also an input; the image must go to another file");
            }
        }
        Built built = assemble();
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ImageException(out + ": cannot write it: its folder does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".tmp");
            try (OutputStream o = Files.newOutputStream(tmp)) {
                o.write(built.image);
            }
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the default permissions will do
            }
            try {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (AccessDeniedException e) {
            throw new ImageException(out + ": cannot write it: permission denied");
        } catch (IOException e) {
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
            throw new ImageException(out + ": cannot write it: " + why, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // Looked up only here, so that a build without an slf4j binding prints nothing extra.
                    Logger log = LoggerFactory.getLogger(ImageBuilder.class);
                    log.warn("could not remove the temporary file {}: {}", tmp, e.toString());
                }
            }
        }
        Result r = built.result;
        return new Result(out, r.files(), r.processes(), r.bootPartitionBytes(), r.imageBytes(), r.warnings());
    }

    private List<Path> inputs() {
        List<Path> all = new ArrayList<>(programs);
        all.add(config);
        return all;
    }

    /** Builds the image in memory (for tests and for callers that write it themselves). */
    public byte[] toBytes() {
        return assemble().image;
    }

    /** What {@link #toBytes} builds, described; {@link Result#out()} is null. */
    public Result check() {
        return assemble().result;
    }

    private record Built(byte[] image, Result result) {
    }

    private Built assemble() {
        String cfgName = config.toString();
        byte[] cfgBytes = readFile(config);
        BootConfig cfg = BootConfig.parse(cfgName, cfgBytes);

        Map<String, Path> byBaseName = new LinkedHashMap<>();
        Map<String, byte[]> contents = new HashMap<>();
        for (Path p : programs) {
            byte[] data = readFile(p);
            Path base = p.getFileName();
            if (base == null) {
                throw new ImageException(p + ": not a file name");
            }
            String name = base.toString();
            if (name.equals(BootConfig.FILE_NAME)) {
                throw new ImageException(p + ": a program cannot be called " + BootConfig.FILE_NAME
                        + ", the name of the configuration");
            }
            Path first = byBaseName.putIfAbsent(name, p);
            if (first != null) {
                throw new ImageException(p + ": two programs are named '" + name + "' (" + first + " and " + p
                        + "); the boot partition holds base names only");
            }
            contents.put(name, data);
        }
        for (ProcessSpec proc : cfg.processes()) {
            if (!byBaseName.containsKey(proc.program())) {
                throw cfg.problem(proc.line("program"), "process '" + proc.label() + "' runs '" + proc.program()
                        + "', which is not among the program files given");
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String name : byBaseName.keySet()) {
            if (cfg.processes().stream().noneMatch(p -> p.program().equals(name))) {
                warnings.add(byBaseName.get(name) + " is put in the boot partition, but no process in " + cfgName
                        + " runs it");
            }
        }

        List<Ustar.Entry> entries = new ArrayList<>();
        entries.add(new Ustar.Entry(BootConfig.FILE_NAME, CONFIG_MODE, cfgBytes));
        for (String name : byBaseName.keySet()) {
            try {
                entries.add(new Ustar.Entry(name, PROGRAM_MODE, contents.get(name)));
            } catch (IllegalArgumentException e) {
                throw new ImageException(byBaseName.get(name) + ": " + e.getMessage());
            }
        }
        long archiveSize = Ustar.archiveSize(entries);
        if (archiveSize > BootImage.MAX_BOOT_PARTITION_BYTES) {
            throw new ImageException(cfgName + ": the boot partition would be " + (archiveSize >> 20)
                    + " MiB, more than the " + (BootImage.MAX_BOOT_PARTITION_BYTES >> 20) + " MiB allowed");
        }
        byte[] archive = Ustar.write(entries);
        long sectors = archive.length / Mbr.SECTOR_SIZE; // the archive is whole 512-byte blocks
        List<Mbr.Partition> parts = new ArrayList<>();
        parts.add(new Mbr.Partition(BootImage.BOOT_PARTITION, true, Mbr.TYPE_MINIX, BOOT_PARTITION_START, sectors));
        long end = BOOT_PARTITION_START + sectors;
        if (scratchSectors > 0) {
            long start = scratchStart(sectors);
            parts.add(new Mbr.Partition(SCRATCH_PARTITION, false, Mbr.TYPE_DATA, start, scratchSectors));
            end = start + scratchSectors;
        }
        Mbr mbr = Mbr.of(parts);
        byte[] image = new byte[Math.toIntExact(end * Mbr.SECTOR_SIZE)];
        System.arraycopy(mbr.toBytes(), 0, image, 0, Mbr.SECTOR_SIZE);
        System.arraycopy(archive, 0, image, (int) (BOOT_PARTITION_START * Mbr.SECTOR_SIZE), archive.length);

        // What we build must be what we read: a disagreement is a bug here, not bad input.
        BootImage check = BootImage.read(cfgName, image);
        if (check.entries().size() != entries.size()) {
            throw new IllegalStateException("the image reads back with " + check.entries().size() + " files");
        }
        return new Built(image, new Result(null, entries.size(), cfg.processes().size(), archive.length,
                image.length, warnings));
    }

    /** A whole input file, or an error naming it as given. */
    private static byte[] readFile(Path p) {
        if (Files.isDirectory(p)) {
            throw new ImageException(p + ": is a directory, not a file");
        }
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            throw new ImageException(p + ": is not a regular file");
        }
        try {
            if (Files.size(p) > BootImage.MAX_BOOT_PARTITION_BYTES) {
                throw new ImageException(p + ": " + (Files.size(p) >> 20) + " MiB is more than a boot partition"
                        + " may hold (" + (BootImage.MAX_BOOT_PARTITION_BYTES >> 20) + " MiB)");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new ImageException(p + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ImageException(p + ": cannot read it: permission denied");
        } catch (IOException e) {
            throw new ImageException(p + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
