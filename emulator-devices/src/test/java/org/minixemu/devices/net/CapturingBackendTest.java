package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;
import static org.minixemu.devices.net.NicHarness.BROADCAST;
import static org.minixemu.devices.net.NicHarness.MAC;
import static org.minixemu.devices.net.NicHarness.OTHER;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pcap tap: both directions, guest-time stamps, what is and is not on the wire. */
class CapturingBackendTest {
    record Record(long micros, byte[] frame) {
    }

    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final NicHarness.FakeBackend wire = new NicHarness.FakeBackend();
    private final NicHarness h = new NicHarness(clock -> new CapturingBackend(wire, writer(), clock), MAC);

    private PcapWriter writer() {
        try {
            return new PcapWriter(file, "test.pcap");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Record> records() {
        ByteBuffer b = ByteBuffer.wrap(file.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        b.position(PcapWriter.GLOBAL_HEADER_BYTES);
        List<Record> list = new ArrayList<>();
        while (b.hasRemaining()) {
            long seconds = b.getInt() & 0xFFFFFFFFL;
            long micros = b.getInt();
            int captured = b.getInt();
            assertEquals(captured, b.getInt());
            byte[] f = new byte[captured];
            b.get(f);
            list.add(new Record(seconds * 1_000_000 + micros, f));
        }
        return list;
    }

    @Test
    void recordsBothDirectionsAtGuestTime() {
        h.init(RCR_AB);
        h.advance(2_000_000);
        byte[] out = NicHarness.frame(BROADCAST, 100, 1);
        h.transmit(out);
        h.advance(NicHarness.wireNanos(100)); // done at 2000 us + 89.6 us
        h.advance(10_400);
        byte[] in = NicHarness.frame(MAC, 70, 2);
        wire.incoming.add(in);
        h.nic.pollHost();
        List<Record> r = records();
        assertEquals(2, r.size());
        assertEquals(2_089, r.get(0).micros());
        assertArrayEquals(out, r.get(0).frame());
        assertEquals(2_100, r.get(1).micros());
        assertArrayEquals(in, r.get(1).frame());
        assertArrayEquals(out, wire.sent.get(0), "the frame still goes out");
        h.assertCurr(NicHarness.RX_START + 2);
    }

    @Test
    void framesTheCardIgnoresAreStillOnTheWire() {
        h.init(0);
        wire.incoming.add(NicHarness.frame(OTHER, 60, 1));
        h.nic.pollHost();
        h.out(CR, CR_STP | CR_RD_ABORT);
        wire.incoming.add(NicHarness.frame(MAC, 60, 2));
        h.nic.pollHost();
        assertEquals(2, records().size());
        h.assertCurr(NicHarness.RX_START + 1);
    }

    @Test
    void loopedBackFramesNeverReachTheWire() {
        h.init(RCR_AB);
        h.out(TCR, TCR_LB_INTERNAL);
        h.transmit(NicHarness.frame(MAC, 60, 1));
        h.advance(NicHarness.wireNanos(60));
        assertTrue(records().isEmpty());
        assertTrue(wire.sent.isEmpty());
    }

    @Test
    void theSameRunGivesTheSameFile() {
        byte[] first = run();
        byte[] second = run();
        assertArrayEquals(first, second);
        assertTrue(first.length > 24 + 3 * 16);
    }

    private static byte[] run() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NicHarness.FakeBackend fake = new NicHarness.FakeBackend();
        NicHarness card = new NicHarness(clock -> {
            try {
                return new CapturingBackend(fake, new PcapWriter(bytes, "run"), clock);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, MAC);
        card.init(RCR_AB);
        for (int i = 0; i < 3; i++) {
            card.advance(123_456_789);
            card.transmit(NicHarness.frame(BROADCAST, 60 + 100 * i, i));
            card.advance(NicHarness.wireNanos(60 + 100 * i));
            fake.incoming.add(NicHarness.frame(MAC, 64, i));
            card.nic.pollHost();
        }
        card.nic.close();
        return bytes.toByteArray();
    }

    @Test
    void describesTheInnerBackEnd() {
        assertEquals("fake (captured)", h.nic.backend().describe());
        assertTrue(h.nic.backend().canReceive());
        h.nic.close();
        assertTrue(wire.closed);
        assertEquals(PcapWriter.GLOBAL_HEADER_BYTES, file.size(), "only the header: nothing was captured");
    }
}
