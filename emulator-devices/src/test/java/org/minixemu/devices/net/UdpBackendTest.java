package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two cards joined by the udp back end over 127.0.0.1, each on its own virtual clock, as two
 * emulators on one host would be. Waits are bounded by {@link NetworkBackend#awaitFrame}.
 */
@Timeout(30)
class UdpBackendTest {
    private static final MacAddress MAC_A = MacAddress.of(0x52, 0x54, 0x00, 0x00, 0x00, 0x0A);
    private static final MacAddress MAC_B = MacAddress.of(0x52, 0x54, 0x00, 0x00, 0x00, 0x0B);
    private static final long WAIT_MILLIS = 5_000;

    private UdpBackend a;
    private UdpBackend b;

    private static DatagramChannel bound() throws IOException {
        DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
        c.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return c;
    }

    private static int port(DatagramChannel c) throws IOException {
        return ((InetSocketAddress) c.getLocalAddress()).getPort();
    }

    @BeforeEach
    void connect() throws IOException {
        DatagramChannel ca = bound();
        DatagramChannel cb = bound();
        InetAddress lo = InetAddress.getLoopbackAddress();
        a = new UdpBackend(ca, new InetSocketAddress(lo, port(cb)), "udp:a");
        b = new UdpBackend(cb, new InetSocketAddress(lo, port(ca)), "udp:b");
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void twoCardsExchangeFrames() {
        NicHarness ha = new NicHarness(a, MAC_A);
        NicHarness hb = new NicHarness(b, MAC_B);
        ha.init(RCR_AB);
        hb.init(RCR_AB);

        byte[] ping = NicHarness.frame(MAC_B, 98, 1);
        ha.transmit(ping);
        ha.advance(NicHarness.wireNanos(98));
        assertEquals(ISR_PTX, ha.in(ISR) & ISR_PTX);
        assertTrue(b.awaitFrame(WAIT_MILLIS), "the datagram arrives");
        hb.nic.pollHost();
        assertArrayEquals(new int[] {RSR_PRX, NicHarness.RX_START + 2, 102}, hb.header(NicHarness.RX_START + 1));
        assertArrayEquals(ping, hb.storedFrame(NicHarness.RX_START + 1, 98));
        assertTrue(hb.irq.high);

        byte[] pong = NicHarness.frame(MAC_A, 1514, 2);
        hb.transmit(pong);
        hb.advance(NicHarness.wireNanos(1514));
        assertTrue(a.awaitFrame(WAIT_MILLIS));
        ha.nic.pollHost();
        assertArrayEquals(pong, ha.storedFrame(NicHarness.RX_START + 1, 1514));
        ha.assertCurr(NicHarness.RX_START + 1 + 6);
    }

    @Test
    void datagramsFromAnyoneButThePeerAreIgnored() throws IOException {
        try (DatagramChannel stranger = bound()) {
            stranger.send(ByteBuffer.wrap(NicHarness.frame(NicHarness.BROADCAST, 60, 9)),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), b.localPort()));
        }
        byte[] frame = NicHarness.frame(NicHarness.BROADCAST, 60, 1);
        a.send(frame, frame.length);
        assertTrue(b.awaitFrame(WAIT_MILLIS));
        byte[] buffer = new byte[2048];
        assertEquals(60, b.receive(buffer));
        assertEquals(1, buffer[20] - 20, "the peer's frame, not the stranger's");
        assertEquals(-1, b.receive(buffer));
    }

    @Test
    void aQuietSocketReceivesNothing() {
        assertEquals(-1, b.receive(new byte[2048]));
        assertFalse(b.awaitFrame(0));
        long start = System.nanoTime();
        assertFalse(b.awaitFrame(50));
        assertTrue(System.nanoTime() - start >= 40_000_000L, "waited about 50 ms");
        assertTrue(b.canReceive());
    }

    @Test
    void sendingToAPeerThatIsNotListeningLosesTheFrameOnly() throws IOException {
        DatagramChannel gone = bound();
        int goneport = port(gone);
        gone.close();
        try (UdpBackend lonely = new UdpBackend(bound(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), goneport), "udp:lonely")) {
            byte[] frame = new byte[60];
            lonely.send(frame, 60);
            lonely.awaitFrame(100); // an ICMP error may wake it: that is allowed
            assertEquals(-1, lonely.receive(new byte[2048]));
            lonely.send(frame, 60);
            assertEquals(-1, lonely.receive(new byte[2048]));
        }
    }

    @Test
    void openFromASpecBindsTheListenPort() throws IOException {
        int free;
        try (DatagramChannel probe = bound()) {
            free = port(probe);
        }
        NetworkBackend backend = NetSpec.parse("udp:" + free + ":127.0.0.1:" + b.localPort()).open();
        try {
            assertEquals("udp:" + free + ":127.0.0.1:" + b.localPort(), backend.describe());
            assertEquals(free, ((UdpBackend) backend).localPort());
        } finally {
            backend.close();
        }
        assertFalse(backend.canReceive(), "closed");
    }
}
