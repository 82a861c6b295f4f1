package org.minixemu.devices.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * A parsed {@code --net} value, and the parsers for the card's other options. Every problem is a
 * {@link NetSpecException} whose message is one line naming the option, the value and what is
 * wrong, for the CLI to print (exit status 2).
 *
 * <pre>
 *  none                                  no network: frames sent vanish, none arrive
 *  udp:LISTEN_PORT:PEER_HOST:PEER_PORT   one UDP datagram per frame, to and from the peer only
 *                                        (an IPv6 peer in brackets: udp:5555:[::1]:5556)
 * </pre>
 */
public sealed interface NetSpec permits NetSpec.None, NetSpec.Udp {
    /** The form of a udp value, quoted in messages. */
    String UDP_FORM = "udp:LISTEN_PORT:PEER_HOST:PEER_PORT";

    /** {@code none}. */
    record None() implements NetSpec {
        @Override
        public NetworkBackend open() {
            return NoneBackend.INSTANCE;
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /** {@code udp:LISTEN_PORT:PEER_HOST:PEER_PORT}. */
    record Udp(int listenPort, String peerHost, int peerPort) implements NetSpec {
        /**
         * Resolves the peer and binds the port.
         *
         * @throws NetSpecException if the host does not resolve or the port cannot be bound
         */
        @Override
        public NetworkBackend open() {
            InetAddress address;
            try {
                address = InetAddress.getByName(peerHost);
            } catch (UnknownHostException | SecurityException e) {
                throw new NetSpecException("--net '" + this + "': cannot resolve the peer host '" + peerHost + "'", e);
            }
            try {
                return UdpBackend.open(listenPort, new InetSocketAddress(address, peerPort), toString());
            } catch (IOException | SecurityException e) {
                throw new NetSpecException("--net '" + this + "': cannot listen on UDP port " + listenPort + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            String host = peerHost.indexOf(':') >= 0 ? "[" + peerHost + "]" : peerHost;
            return "udp:" + listenPort + ":" + host + ":" + peerPort;
        }
    }

    /**
     * Opens the back end this value names.
     *
     * @throws NetSpecException when the host side cannot be set up
     */
    NetworkBackend open();

    /**
     * Parses a {@code --net} value.
     *
     * @throws NetSpecException for an unknown back end, missing parts or a bad port number
     */
    static NetSpec parse(String value) {
        if (value.equals("none")) {
            return new None();
        }
        if (!value.startsWith("udp:")) {
            int colon = value.indexOf(':');
            String kind = colon < 0 ? value : value.substring(0, colon);
            throw new NetSpecException("--net '" + value + "': unknown back end '" + kind + "'; expected none or "
                    + UDP_FORM);
        }
        String rest = value.substring(4);
        int colon = rest.indexOf(':');
        if (colon < 0) {
            throw missing(value, "the peer host and port are missing");
        }
        int listen = port(value, "listen port", rest.substring(0, colon));
        rest = rest.substring(colon + 1);
        String host;
        String peerPort;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw missing(value, "the '[' before the peer host has no ']'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.startsWith(":")) {
                throw missing(value, "the peer port is missing");
            }
            peerPort = after.substring(1);
        } else {
            int last = rest.lastIndexOf(':');
            if (last < 0) {
                throw missing(value, "the peer port is missing");
            }
            host = rest.substring(0, last);
            peerPort = rest.substring(last + 1);
            if (host.indexOf(':') >= 0) {
                throw missing(value, "an IPv6 peer host goes in brackets, as in udp:5555:[::1]:5556");
            }
        }
        if (host.isEmpty()) {
            throw missing(value, "the peer host is missing");
        }
        if (!host.matches("[A-Za-z0-9.:%_-]+")) {
            throw new NetSpecException("--net '" + value + "': '" + host + "' is not a host name or address");
        }
        return new Udp(listen, host, port(value, "peer port", peerPort));
    }

    private static NetSpecException missing(String value, String problem) {
        return new NetSpecException("--net '" + value + "': " + problem + "; expected " + UDP_FORM);
    }

    private static int port(String value, String what, String text) {
        if (text.isEmpty()) {
            throw missing(value, "the " + what + " is missing");
        }
        int port = -1;
        if (text.matches("[0-9]{1,5}")) {
            port = Integer.parseInt(text);
        }
        if (port < 1 || port > 65535) {
            throw new NetSpecException("--net '" + value + "': the " + what + " '" + text
                    + "' is not a number from 1 to 65535");
        }
        return port;
    }

    /** The IRQs an ISA NE2000's jumpers offer (2 is 9 on an AT, whose IRQ 2 is the cascade). */
    Set<Integer> IRQS = Set.of(3, 4, 5, 9, 10, 11, 12, 15);

    /**
     * Parses the card's I/O base: hex with 0x or an h suffix, or decimal; a multiple of 0x20
     * from 0x200 to 0x3E0, since the card decodes 32 ports.
     *
     * @param option the option's name, for the message
     */
    static int parseIoBase(String option, String text) {
        String t = text.trim().toLowerCase();
        int base = -1;
        try {
            if (t.startsWith("0x")) {
                base = Integer.parseInt(t.substring(2), 16);
            } else if (t.endsWith("h")) {
                base = Integer.parseInt(t.substring(0, t.length() - 1), 16);
            } else {
                base = Integer.parseInt(t);
            }
        } catch (NumberFormatException e) {
            throw new NetSpecException(option + " '" + text + "': not a port number (write hex as 0x300)");
        }
        if (base < 0x200 || base > 0x3E0 || base % 0x20 != 0) {
            throw new NetSpecException(option + " '" + text
                    + "': the card's 32 ports need a base that is a multiple of 0x20 from 0x200 to 0x3E0");
        }
        return base;
    }

    /** Parses the card's IRQ: one of {@link #IRQS}. */
    static int parseIrq(String option, String text) {
        int irq = -1;
        if (text.trim().matches("[0-9]{1,2}")) {
            irq = Integer.parseInt(text.trim());
        }
        if (!IRQS.contains(irq)) {
            throw new NetSpecException(option + " '" + text + "': the NE2000 can use IRQ 3, 4, 5, 9, 10, 11, 12 or 15");
        }
        return irq;
    }
}
