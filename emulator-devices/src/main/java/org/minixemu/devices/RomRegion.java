package org.minixemu.devices;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Read-only memory: a window onto a byte array. Writes are ignored, as on a PC's flash or EPROM. */
final class RomRegion implements MappedRegion {
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final int base;
    private final byte[] contents;
    private final int start;
    private final int size;

    /** Maps {@code contents[start .. start + size)} at physical {@code base}; the array is shared, not copied. */
    RomRegion(String name, int base, byte[] contents, int start, int size) {
        this.name = name;
        this.base = base;
        this.contents = contents;
        this.start = start;
        this.size = size;
    }

    @Override
    public int base() {
        return base;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(int offset, int width) {
        int i = start + offset;
        return switch (width) {
            case 1 -> contents[i] & 0xFF;
            case 2 -> (short) SHORT.get(contents, i) & 0xFFFF;
            default -> (int) INT.get(contents, i);
        };
    }

    @Override
    public void write(int offset, int width, int value) {
        // ROM: the write cycle reaches nothing.
    }
}
