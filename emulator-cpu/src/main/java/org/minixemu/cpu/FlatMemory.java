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

    /**
     * One byte per 4 KiB page of RAM, nonzero where translated code came from: every write to
     * RAM checks its page here (see {@link #watchCodeWrites}).
     */
    private final byte[] codeMarks;
    private CodeWriteWatcher codeWatcher;

    public FlatMemory(int sizeBytes) {
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("memory size must be positive: " + sizeBytes);
        }
        this.ram = new byte[sizeBytes];
        this.codeMarks = new byte[(sizeBytes + 4095) >>> 12];
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
                codeWritten(address, 1);
            }
        }
    }

    @Override
    public void write16(int address, int value) {
        if (inside(address, 2)) {
            SHORT.set(ram, address, (short) value);
            if ((codeMarks[address >>> 12] | codeMarks[(address + 1) >>> 12]) != 0) {
                codeWritten(address, 2);
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
                codeWritten(address, 4);
            }
        } else {
            write16(address, value);
            write16(address + 2, value >>> 16);
        }
    }

    @Override
    public byte[] watchCodeWrites(CodeWriteWatcher watcher) {
        codeWatcher = watcher;
        return codeMarks;
    }

    /** Reports the marked pages among the {@code length} bytes just written at {@code address}. */
    private void codeWritten(int address, int length) {
        int last = (address + length - 1) >>> 12;
        for (int page = address >>> 12; page <= last; page++) {
            if (codeMarks[page] != 0) {
                codeMarks[page] = 0;
                codeWatcher.codeWritten(page << 12);
            }
        }
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
