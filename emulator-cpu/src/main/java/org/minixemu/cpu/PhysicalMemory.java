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
}
