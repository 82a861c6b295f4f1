package org.minixemu.devices;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Serial input from a script: each byte becomes available at a given guest time, for tests and
 * repeatable runs. A byte is delivered at the first poll at or after its time (the machine polls
 * between slices), in script order.
 */
public final class ScriptedSerialInput implements SerialInput {
    private long[] times = new long[16];
    private byte[] bytes = new byte[16];
    private int size;
    private int next;

    /**
     * Appends {@code data}, all available from guest time {@code nanos} on.
     *
     * @throws IllegalArgumentException if {@code nanos} is before an earlier entry's time
     */
    public ScriptedSerialInput at(long nanos, byte... data) {
        if (size > 0 && nanos < times[size - 1]) {
            throw new IllegalArgumentException("scripted input must be in time order: " + nanos
                    + " ns comes after " + times[size - 1] + " ns");
        }
        if (size + data.length > times.length) {
            int capacity = Math.max(times.length * 2, size + data.length);
            times = Arrays.copyOf(times, capacity);
            bytes = Arrays.copyOf(bytes, capacity);
        }
        for (byte b : data) {
            times[size] = nanos;
            bytes[size++] = b;
        }
        return this;
    }

    /** Appends the ISO-8859-1 bytes of {@code text}, available from guest time {@code nanos} on. */
    public ScriptedSerialInput at(long nanos, String text) {
        return at(nanos, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public int read(long nanos) {
        if (next < size && times[next] <= nanos) {
            return bytes[next++] & 0xFF;
        }
        return -1;
    }

    /** The time of the next undelivered byte, or {@link Long#MAX_VALUE} when all were delivered. */
    @Override
    public long nextArrival() {
        return next < size ? times[next] : Long.MAX_VALUE;
    }

    /** Open until every byte was delivered. */
    @Override
    public boolean open() {
        return next < size;
    }

    /** How many bytes have not been delivered yet. */
    public int remaining() {
        return size - next;
    }
}
