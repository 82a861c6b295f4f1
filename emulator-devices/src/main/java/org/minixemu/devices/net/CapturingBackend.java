package org.minixemu.devices.net;

import org.minixemu.devices.VirtualClock;

/**
 * {@code --pcap FILE}: records every frame that crosses the back end, in and out, into a pcap
 * file stamped with guest time, then passes it on. Frames are captured as they are on the
 * wire, before the card's address filter, so a capture also shows frames the guest ignored;
 * frames the card loops back internally never reach the wire and are not captured.
 */
public final class CapturingBackend implements NetworkBackend {
    private final NetworkBackend inner;
    private final PcapWriter pcap;
    private final VirtualClock clock;
    private final byte[] frame = new byte[65536];

    public CapturingBackend(NetworkBackend inner, PcapWriter pcap, VirtualClock clock) {
        this.inner = inner;
        this.pcap = pcap;
        this.clock = clock;
    }

    @Override
    public void send(byte[] data, int length) {
        pcap.record(clock.nanos(), data, length);
        inner.send(data, length);
    }

    @Override
    public int receive(byte[] buffer) {
        int length = inner.receive(frame);
        if (length < 0) {
            return -1;
        }
        int kept = Math.min(length, frame.length);
        pcap.record(clock.nanos(), frame, kept);
        System.arraycopy(frame, 0, buffer, 0, Math.min(kept, buffer.length));
        return length;
    }

    @Override
    public boolean canReceive() {
        return inner.canReceive();
    }

    @Override
    public boolean awaitFrame(long timeoutMillis) {
        return inner.awaitFrame(timeoutMillis);
    }

    @Override
    public String describe() {
        return inner.describe() + " (captured)";
    }

    /** Closes the back end and finishes the capture. */
    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            pcap.close();
        }
    }
}
