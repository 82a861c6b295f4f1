package org.minixemu.cli.debug;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framing of the GDB remote serial protocol on one connection: {@code $data#cs} packets
 * with a two-digit checksum, '+'/'-' acknowledgements (until QStartNoAckMode), and the lone
 * 0x03 byte that is GDB's ^C. Bytes outside a packet are ignored, as the protocol says; a packet
 * with a bad checksum is answered '-'; one longer than {@link #MAX_PACKET} ends the connection.
 */
final class GdbConnection {
    static final int MAX_PACKET = 16 * 1024;
    /** What {@link #read} returns for GDB's interrupt byte. */
    static final String INTERRUPT = "\u0003";

    private final InputStream in;
    private final OutputStream out;
    private volatile boolean acks = true;

    GdbConnection(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The next packet's data, {@link #INTERRUPT}, or null at the end of the connection. */
    String read() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == 3) {
                return INTERRUPT;
            }
            if (b != '$') {
                continue; // acks, and noise between packets
            }
            StringBuilder data = new StringBuilder();
            int sum = 0;
            while ((b = in.read()) != '#') {
                if (b < 0 || data.length() >= MAX_PACKET) {
                    return null;
                }
                data.append((char) b);
                sum += b;
            }
            int hi = in.read(), lo = in.read();
            if (lo < 0) {
                return null;
            }
            int given = Character.digit(hi, 16) * 16 + Character.digit(lo, 16);
            if (given != (sum & 0xFF) || Character.digit(hi, 16) < 0 || Character.digit(lo, 16) < 0) {
                if (acks) {
                    send("-");
                }
                continue;
            }
            if (acks) {
                send("+");
            }
            return data.toString();
        }
    }

    /** Sends a packet with {@code data} (characters that need escaping never occur in our replies). */
    synchronized void packet(String data) throws IOException {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            sum += data.charAt(i);
        }
        send("$" + data + "#" + String.format("%02x", sum & 0xFF));
    }

    void stopAcks() {
        acks = false;
    }

    private synchronized void send(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
