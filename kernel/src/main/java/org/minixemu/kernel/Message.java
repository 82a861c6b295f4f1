package org.minixemu.kernel;

import static org.minixemu.kernel.abi.Abi.MESSAGE_SIZE;
import static org.minixemu.kernel.abi.Abi.M_SOURCE_OFFSET;
import static org.minixemu.kernel.abi.Abi.M_TYPE_OFFSET;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A 64-byte message as the kernel handles it: a reusable byte buffer with little-endian field
 * access by the ABI's offsets ({@code Abi.M2_L1} and the like).
 */
final class Message {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    final byte[] bytes;

    Message() {
        this(new byte[MESSAGE_SIZE]);
    }

    /** A view of {@code bytes} (at least MESSAGE_SIZE long). */
    Message(byte[] bytes) {
        this.bytes = bytes;
    }

    static int getInt(byte[] b, int offset) {
        return (int) INT.get(b, offset);
    }

    static void putInt(byte[] b, int offset, int value) {
        INT.set(b, offset, value);
    }

    int getInt(int offset) {
        return (int) INT.get(bytes, offset);
    }

    void putInt(int offset, int value) {
        INT.set(bytes, offset, value);
    }

    int getShort(int offset) {
        return (short) SHORT.get(bytes, offset);
    }

    void putShort(int offset, int value) {
        SHORT.set(bytes, offset, (short) value);
    }

    int source() {
        return getInt(M_SOURCE_OFFSET);
    }

    int type() {
        return getInt(M_TYPE_OFFSET);
    }

    void setType(int type) {
        putInt(M_TYPE_OFFSET, type);
    }

    void clear() {
        Arrays.fill(bytes, (byte) 0);
    }
}
