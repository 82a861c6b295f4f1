package org.minixemu.cpu.conformance;

import java.util.Arrays;
import org.minixemu.cpu.FlatMemory;
import org.minixemu.cpu.PhysicalMemory;

/**
 * RAM that remembers which bytes were written, so that a test can be undone cheaply and so that a
 * stray write (a byte the hardware did not change) is caught.
 */
final class RecordingMemory implements PhysicalMemory {
    private final FlatMemory ram;
    private int[] written = new int[64];
    private int count;

    RecordingMemory(int size) {
        ram = new FlatMemory(size);
    }

    private void note(int address, int size) {
        for (int i = 0; i < size; i++) {
            if (count == written.length) {
                written = Arrays.copyOf(written, count * 2);
            }
            written[count++] = address + i;
        }
    }

    /** Addresses written since the last {@link #forgetWrites()}, possibly repeated. */
    int[] writtenAddresses() {
        return Arrays.copyOf(written, count);
    }

    void forgetWrites() {
        count = 0;
    }

    /** Stores a byte without recording it (test set-up). */
    void poke(int address, int value) {
        ram.write8(address, value);
    }

    @Override
    public int read8(int address) {
        return ram.read8(address);
    }

    @Override
    public int read16(int address) {
        return ram.read16(address);
    }

    @Override
    public int read32(int address) {
        return ram.read32(address);
    }

    @Override
    public void write8(int address, int value) {
        note(address, 1);
        ram.write8(address, value);
    }

    @Override
    public void write16(int address, int value) {
        note(address, 2);
        ram.write16(address, value);
    }

    @Override
    public void write32(int address, int value) {
        note(address, 4);
        ram.write32(address, value);
    }
}
