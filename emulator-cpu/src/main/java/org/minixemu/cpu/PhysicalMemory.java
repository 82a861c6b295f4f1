package org.minixemu.cpu;

/**
 * The CPU's view of the physical address space: RAM, ROM and memory-mapped devices behind one
 * interface. Multi-byte accesses are little-endian. Addresses that nothing decodes read as all
 * ones and ignore writes, as on a PC bus.
 */
public interface PhysicalMemory {
    int read8(int address);

    int read16(int address);

    int read32(int address);

    void write8(int address, int value);

    void write16(int address, int value);

    void write32(int address, int value);

    /**
     * The array that holds RAM, so that the CPU can fetch instructions from RAM pages without a
     * call per byte; null (the default) when there is no such array.
     */
    default byte[] ramArray() {
        return null;
    }

    /**
     * True when every byte of the 4 KiB page at physical address {@code page} (a multiple of
     * 4096) is plain RAM held in {@link #ramArray()} at the same index, so reading it there gives
     * what {@link #read8} would. False by default.
     */
    default boolean isRamPage(int page) {
        return false;
    }
}
