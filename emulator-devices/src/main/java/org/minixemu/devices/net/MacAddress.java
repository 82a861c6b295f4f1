package org.minixemu.devices.net;

import java.util.Arrays;

/** A 48-bit Ethernet station address, as the NE2000's PROM holds it. Immutable. */
public final class MacAddress {
    /** The default station address: QEMU's first NIC address (52:54:00 is a locally administered prefix). */
    public static final MacAddress DEFAULT = of(0x52, 0x54, 0x00, 0x12, 0x34, 0x56);

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address with these six octets (each 0-255). */
    public static MacAddress of(int... octets) {
        if (octets.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 octets, not " + octets.length);
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (octets[i] < 0 || octets[i] > 0xFF) {
                throw new IllegalArgumentException("MAC octet out of range: " + octets[i]);
            }
            b[i] = (byte) octets[i];
        }
        return new MacAddress(b);
    }

    /**
     * Parses {@code --mac}: six two-digit hex octets separated by colons or dashes
     * ({@code 52:54:00:12:34:56}). A station address must be an individual one, so the low bit of
     * the first octet (the group bit) must be clear.
     *
     * @throws NetSpecException with a one-line message naming the value and the problem
     */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]", -1);
        if (parts.length != 6) {
            throw new NetSpecException("--mac '" + text + "': expected six hex octets like 52:54:00:12:34:56");
        }
        int[] octets = new int[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("[0-9A-Fa-f]{2}")) {
                throw new NetSpecException("--mac '" + text + "': '" + parts[i] + "' is not a two-digit hex octet");
            }
            octets[i] = Integer.parseInt(parts[i], 16);
        }
        if ((octets[0] & 1) != 0) {
            throw new NetSpecException("--mac '" + text
                    + "': a multicast address; a card's own address needs the low bit of the first octet clear");
        }
        return of(octets);
    }

    /** Octet {@code i} (0-5), 0-255. */
    public int octet(int i) {
        return bytes[i] & 0xFF;
    }

    /** A copy of the six octets. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** {@code 52:54:00:12:34:56}. */
    @Override
    public String toString() {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x",
                octet(0), octet(1), octet(2), octet(3), octet(4), octet(5));
    }
}
