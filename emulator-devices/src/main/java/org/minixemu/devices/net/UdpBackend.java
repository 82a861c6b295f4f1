package org.minixemu.devices.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --net udp:LISTEN_PORT:PEER_HOST:PEER_PORT}: each Ethernet frame is one UDP datagram.
 * The socket is bound to LISTEN_PORT and connected to the peer, so frames are only ever sent to
 * the configured peer and only datagrams from it are received; two emulators naming each other
 * form a two-station Ethernet.
 *
 * <p>The socket is bound to the loopback address when the peer is a loopback address, and to
 * every address otherwise. It never blocks: a datagram the kernel cannot take at once is
 * dropped, and an ICMP "port unreachable" (the peer is not running yet) only drops that frame.
 */
public final class UdpBackend implements NetworkBackend {
    private static final Logger LOG = LoggerFactory.getLogger(UdpBackend.class);
    /** The largest UDP payload over IPv4 is 65507 bytes; this holds any datagram whole. */
    private static final int DATAGRAM_MAX = 65536;

    private final DatagramChannel channel;
    private final InetSocketAddress peer;
    private final String description;
    private final ByteBuffer in = ByteBuffer.allocateDirect(DATAGRAM_MAX);
    private final ByteBuffer out = ByteBuffer.allocateDirect(DATAGRAM_MAX);
    private final Selector selector;
    private long sent;
    private long received;
    private long dropped;
    private boolean warned;

    /**
     * Binds {@code listenPort} (0 picks a free port, for tests) and connects to {@code peer}.
     *
     * @throws IOException if the port cannot be bound (in use, not permitted)
     */
    public static UdpBackend open(int listenPort, InetSocketAddress peer, String description) throws IOException {
        if (peer.isUnresolved()) {
            throw new IOException("the peer host " + peer.getHostString() + " is not resolved");
        }
        InetAddress peerAddress = peer.getAddress();
        boolean v6 = peerAddress instanceof Inet6Address;
        DatagramChannel channel = DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            InetAddress local = peerAddress.isLoopbackAddress()
                    ? (v6 ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1"))
                    : null;
            channel.bind(local == null ? new InetSocketAddress(listenPort) : new InetSocketAddress(local, listenPort));
            return new UdpBackend(channel, peer, description);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Takes an already bound channel (tests bind to port 0 first, to learn both ports). */
    UdpBackend(DatagramChannel bound, InetSocketAddress peer, String description) throws IOException {
        this.channel = bound;
        this.peer = peer;
        this.description = description;
        channel.configureBlocking(false);
        channel.connect(peer);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    /** The local port actually bound. */
    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The peer every frame goes to. */
    public InetSocketAddress peer() {
        return peer;
    }

    @Override
    public void send(byte[] frame, int length) {
        out.clear();
        out.put(frame, 0, length);
        out.flip();
        try {
            if (channel.write(out) == 0 && length > 0) {
                dropped++;
            } else {
                sent++;
            }
        } catch (PortUnreachableException e) {
            dropped++; // the peer is not listening (yet): the frame is lost, as on a cable to nobody
        } catch (IOException e) {
            dropped++;
            warnOnce(e);
        }
    }

    @Override
    public int receive(byte[] buffer) {
        // A connected channel reports an earlier ICMP error on the next receive; retry once past it.
        for (int attempt = 0; attempt < 2; attempt++) {
            in.clear();
            try {
                if (channel.receive(in) == null) {
                    return -1;
                }
                in.flip();
                int length = in.remaining();
                in.get(buffer, 0, Math.min(length, buffer.length));
                received++;
                return length;
            } catch (PortUnreachableException e) {
                // drop the stale error and look again
            } catch (IOException e) {
                warnOnce(e);
                return -1;
            }
        }
        return -1;
    }

    @Override
    public boolean canReceive() {
        return channel.isOpen();
    }

    @Override
    public boolean awaitFrame(long timeoutMillis) {
        if (!channel.isOpen()) {
            return false;
        }
        try {
            selector.selectedKeys().clear();
            int ready = timeoutMillis <= 0 ? selector.selectNow() : selector.select(timeoutMillis);
            return ready > 0;
        } catch (IOException e) {
            warnOnce(e);
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** Datagrams sent, received and dropped so far (for the debugger). */
    public String statistics() {
        return "sent " + sent + ", received " + received + ", dropped " + dropped;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to release any more
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the socket failed: {}", description, e.getMessage());
        }
    }

    private void warnOnce(IOException e) {
        if (!warned) {
            warned = true;
            LOG.warn("{}: the UDP socket failed ({}); frames are being lost", description, e.getMessage());
        }
    }
}
