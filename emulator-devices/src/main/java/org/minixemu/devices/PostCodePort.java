package org.minixemu.devices;

import java.util.function.IntConsumer;

/**
 * The POST diagnostic port 0x80, where BIOSes write a progress code before each step of the
 * power-on self test (the byte an ISA "POST card" displays). Each byte written is handed to the
 * host; reads return 0xFF, as on QEMU.
 */
public final class PostCodePort implements IoDevice {
    /** The POST diagnostic port. */
    public static final int PORT = 0x80;

    private final IntConsumer sink;

    /** A POST port that hands each code (0-255) to {@code sink}. */
    public PostCodePort(IntConsumer sink) {
        this.sink = sink;
    }

    /** Claims port 0x80 (byte access). */
    public void attachTo(IoBus bus) {
        bus.claim("POST port 0x80", PORT, 1, IoBus.BYTE, this);
    }

    @Override
    public int read(int port, int size) {
        return 0xFF;
    }

    @Override
    public void write(int port, int size, int value) {
        sink.accept(value & 0xFF);
    }
}
