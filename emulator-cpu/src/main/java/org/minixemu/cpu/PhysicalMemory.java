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

    /**
     * Starts telling {@code watcher} about writes to marked pages, so that translated code never
     * outlives the bytes it came from. Returns the marks, one byte per 4 KiB page of RAM from
     * address 0: the translator sets a page's byte to nonzero when it compiles code from that
     * page, and every write that reaches a marked page -- from the CPU, a device or the host's
     * bulk copies -- clears the mark and calls {@link CodeWriteWatcher#codeWritten} before the
     * caller goes on. Null (the default) when this memory cannot watch, and then nothing is
     * translated.
     */
    default byte[] watchCodeWrites(CodeWriteWatcher watcher) {
        return null;
    }
}
