package org.minixemu.devices;

import java.io.OutputStream;

/**
 * The Bochs/QEMU debug console on port 0xE9 ({@code -debugcon} in QEMU): every byte written goes
 * to the host as is; a read returns 0xE9, which is how a guest detects the port.
 */
public final class DebugPort implements IoDevice {
    /** The port Bochs and QEMU use. */
    public static final int PORT = 0xE9;

    private final OutputSink sink;

    /** A debug port whose output goes to {@code out}. */
    public DebugPort(OutputStream out) {
        this.sink = new OutputSink("debug port 0xE9", out);
    }

    /** Claims port 0xE9 (byte access; a wider access is split by the bus). */
    public void attachTo(IoBus bus) {
        bus.claim("debug port 0xE9", PORT, 1, IoBus.BYTE, this);
    }

    @Override
    public int read(int port, int size) {
        return PORT;
    }

    @Override
    public void write(int port, int size, int value) {
        sink.write(value & 0xFF);
    }

    /** Pushes buffered output to the host. */
    public void flush() {
        sink.flush();
    }
}
