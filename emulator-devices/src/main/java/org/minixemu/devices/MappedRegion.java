package org.minixemu.devices;

/**
 * Something other than RAM that answers a range of physical addresses: today the ROMs, later the
 * memory-mapped devices. {@link PhysicalMemoryMap} sends an access here only when it lies wholly
 * inside the region; an access that straddles a region's edge is split into bytes first.
 */
interface MappedRegion {
    /** First physical address of the region. */
    int base();

    /** Size in bytes (at least 1). */
    int size();

    /** A short name for messages, e.g. "BIOS ROM". */
    String name();

    /** Reads {@code size} (1, 2 or 4) bytes at {@code offset} from the base, little-endian. */
    int read(int offset, int size);

    /** Writes the low {@code size} (1, 2 or 4) bytes of {@code value} at {@code offset}. */
    void write(int offset, int size, int value);

    /** True when the {@code size}-byte access at physical {@code address} lies inside. */
    default boolean contains(int address, int size) {
        long offset = (address & 0xFFFFFFFFL) - (base() & 0xFFFFFFFFL);
        return offset >= 0 && offset + size <= size();
    }
}
