package org.minixemu.devices;

import java.io.OutputStream;

/**
 * The host end of a serial line, kept apart from the register model in {@link Uart16550}: the
 * UART hands it each transmitted byte when the byte's transmission ends on the virtual clock,
 * and asks it for received bytes when the machine polls between slices.
 */
public interface SerialBackend {
    /** A byte the guest transmitted (the low 8 bits of {@code b}). Must not block for long. */
    void write(int b);

    /**
     * The next received byte available at guest time {@code nanos}, or -1 if none is. Never
     * blocks.
     */
    int read(long nanos);

    /** Whether received bytes may still arrive ({@link SerialInput#open}). */
    default boolean inputOpen() {
        return false;
    }

    /** When the next received byte becomes available, if known ({@link SerialInput#nextArrival}). */
    default long nextArrival() {
        return Long.MAX_VALUE;
    }

    /** Pushes buffered output to the host. */
    default void flush() {
    }

    /** A line with nothing attached: output is dropped and nothing is ever received. */
    SerialBackend NONE = new SerialBackend() {
        @Override
        public void write(int b) {
        }

        @Override
        public int read(long nanos) {
            return -1;
        }
    };

    /**
     * Output to {@code out} (stdout, a file; a write error is logged once and later output is
     * dropped, as with a pulled cable) and input from {@code in}.
     *
     * @param device the port's name, for the log message ("COM1")
     */
    static SerialBackend of(String device, OutputStream out, SerialInput in) {
        OutputSink sink = new OutputSink(device, out);
        return new SerialBackend() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public int read(long nanos) {
                return in.read(nanos);
            }

            @Override
            public boolean inputOpen() {
                return in.open();
            }

            @Override
            public long nextArrival() {
                return in.nextArrival();
            }

            @Override
            public void flush() {
                sink.flush();
            }
        };
    }
}
