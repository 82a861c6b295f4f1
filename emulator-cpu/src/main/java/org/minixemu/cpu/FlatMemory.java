package org.minixemu.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Plain RAM from address 0 up, with nothing mapped above it: the machine of the CPU conformance
 * tests and the benchmarks. The PC's memory map with ROM and devices lives in emulator-devices.
 */
public final class FlatMemory implements PhysicalMemory {
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] ram;

    /** Where translated code came from, checked on every write to RAM (see {@link #watchCodeWrites}). */
    private final CodePageMarks code;
    private final byte[] codeMarks;

    public FlatMemory(int sizeBytes) {
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("memory size must be positive: " + sizeBytes);
        }
        this.ram = new byte[sizeBytes];
        this.code = new CodePageMarks(sizeBytes);
        this.codeMarks = this.code.marks;
    }

    public int size() {
        return ram.length;
    }

    private boolean inside(int address, int size) {
        return address >= 0 && address <= ram.length - size;
    }

    @Override
    public int read8(int address) {
        return inside(address, 1) ? ram[address] & 0xFF : 0xFF;
    }

    @Override
    public int read16(int address) {
        if (inside(address, 2)) {
            return (short) SHORT.get(ram, address) & 0xFFFF;
        }
        return read8(address) | read8(address + 1) << 8;
    }

    @Override
    public int read32(int address) {
        if (inside(address, 4)) {
            return (int) INT.get(ram, address);
        }
        return read16(address) | read16(address + 2) << 16;
    }

    @Override
    public void write8(int address, int value) {
        if (inside(address, 1)) {
            ram[address] = (byte) value;
            if (codeMarks[address >>> 12] != 0) {
                code.written(address, 1);
            }
        }
    }

    @Override
    public void write16(int address, int value) {
        if (inside(address, 2)) {
            SHORT.set(ram, address, (short) value);
            if ((codeMarks[address >>> 12] | codeMarks[(address + 1) >>> 12]) != 0) {
                code.written(address, 2);
            }
        } else {
            write8(address, value);
            write8(address + 1, value >>> 8);
        }
    }

    @Override
    public void write32(int address, int value) {
        if (inside(address, 4)) {
            INT.set(ram, address, value);
            if ((codeMarks[address >>> 12] | codeMarks[(address + 3) >>> 12]) != 0) {
                code.written(address, 4);
            }
        } else {
            write16(address, value);
            write16(address + 2, value >>> 16);
        }
    }

    @Override
    public byte[] watchCodeWrites(CodeWriteWatcher watcher) {
        return code.watch(watcher);
    }

    @Override
    public byte[] ramArray() {
        return ram;
    }

    @Override
    public boolean isRamPage(int page) {
        return page >= 0 && page <= ram.length - 4096;
    }

    /** Zeroes all of RAM. */
    public void clear() {
        java.util.Arrays.fill(ram, (byte) 0);
    }
}
