package org.minixemu.devices.boot;

import java.nio.file.Path;
import org.minixemu.devices.PhysicalMemoryMap;

/**
 * Maps a BIOS image the way {@code qemu-system-i386 -bios} does: the whole image ends at
 * 0xFFFFFFFF (where the reset vector 0xFFFFFFF0 reads it), and its last 128 KiB, or all of a
 * smaller image, ends at 0xFFFFF (the legacy BIOS area, 0xE0000-0xFFFFF at most). Both are
 * read-only aliases of one array: there is no chipset shadowing (PAM) yet, so writes to either
 * are dropped.
 *
 * <p>Sizes: a multiple of 64 KiB, as QEMU requires, up to 16 MiB.
 */
public final class BiosRom {
    /** The image size must be a multiple of this. */
    public static final int GRANULE = 64 << 10;
    /** The largest image accepted. */
    public static final int MAX_SIZE = 16 << 20;
    /** How much of the image appears below 1 MiB. */
    public static final int LOW_WINDOW = 128 << 10;

    private BiosRom() {
    }

    /** Reads {@code rom} and maps it into {@code memory}. */
    public static void map(Path rom, PhysicalMemoryMap memory) throws BootException {
        byte[] image;
        try (BootFile file = BootFile.open(rom, "")) {
            long size = file.size();
            if (size == 0) {
                throw file.problem("the ROM image is empty");
            }
            if (size > MAX_SIZE) {
                throw file.problem(String.format("the ROM image is %d bytes; at most 16 MiB is supported", size));
            }
            if (size % GRANULE != 0) {
                throw file.problem(String.format("the ROM image is %d bytes, not a multiple of 64 KiB"
                        + " (QEMU requires the same)", size));
            }
            image = file.read(0, (int) size);
        }
        int window = Math.min(image.length, LOW_WINDOW);
        memory.mapRom("BIOS ROM below 4 GiB", -image.length, image, 0, image.length);
        memory.mapRom("BIOS ROM below 1 MiB", PhysicalMemoryMap.HOLE_END - window, image, image.length - window,
                window);
    }
}
