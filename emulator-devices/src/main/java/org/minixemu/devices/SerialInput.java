package org.minixemu.devices;

/**
 * Where a serial port's received bytes come from on the host: a terminal, a pipe, a file, or a
 * script. The machine asks for bytes only between CPU slices ({@link Uart16550#pollHost}) and
 * passes the guest time of that moment, so the guest sees host input at slice boundaries and
 * stamped with virtual time; a run fed the same bytes at the same virtual times is repeatable.
 */
@FunctionalInterface
public interface SerialInput {
    /**
     * The next byte available at guest time {@code nanos}, or -1 if there is none yet. Must
     * return at once: it is called on the machine's thread between slices.
     */
    int read(long nanos);

    /**
     * Whether bytes may still arrive (false once the source has ended and everything was read).
     * The machine stops a run whose guest halts with nothing left that could wake it.
     */
    default boolean open() {
        return true;
    }

    /**
     * The guest time at which the next byte becomes available, when the source knows it in
     * advance (a script), else {@link Long#MAX_VALUE}. The UART schedules a poll for that time,
     * so a scripted byte arrives on time even while the guest idles.
     */
    default long nextArrival() {
        return Long.MAX_VALUE;
    }

    /** No input ever arrives. */
    SerialInput NONE = new SerialInput() {
        @Override
        public int read(long nanos) {
            return -1;
        }

        @Override
        public boolean open() {
            return false;
        }
    };
}
