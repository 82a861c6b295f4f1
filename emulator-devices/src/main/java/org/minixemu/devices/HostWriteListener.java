package org.minixemu.devices;

/**
 * Told of the bulk writes a host makes to physical memory without the CPU
 * ({@link PhysicalMemoryMap#writeBytes}, {@link PhysicalMemoryMap#fill}): the machine passes them
 * to the CPU, whose kept translations would go stale if such a write changed a page table.
 */
@FunctionalInterface
public interface HostWriteListener {
    /** {@code length} bytes at physical {@code address} were written. */
    void written(int address, int length);
}
