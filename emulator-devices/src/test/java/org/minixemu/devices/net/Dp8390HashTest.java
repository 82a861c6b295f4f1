package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The multicast hash against the standard Ethernet CRC-32 as java.util.zip computes it. */
class Dp8390HashTest {
    /**
     * The same index derived from java.util.zip.CRC32, which runs the bit-reflected form of the
     * Ethernet CRC and inverts the result: undo the inversion, mirror the 32 bits back to the
     * DP8390's shift order and take the top six.
     */
    static int referenceIndex(byte[] address) {
        CRC32 crc = new CRC32();
        crc.update(address, 0, 6);
        return Integer.reverse(~(int) crc.getValue()) >>> 26;
    }

    @Test
    void agreesWithTheStandardCrcOnManyAddresses() {
        Random random = new Random(8390);
        byte[] a = new byte[6];
        for (int i = 0; i < 10_000; i++) {
            random.nextBytes(a);
            assertEquals(referenceIndex(a), Dp8390.multicastIndex(a, 0));
        }
    }

    @Test
    void readsTheAddressAtTheOffset() {
        byte[] frame = {9, 9, 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01};
        assertEquals(referenceIndex(new byte[] {0x01, 0x00, 0x5E, 0x00, 0x00, 0x01}), Dp8390.multicastIndex(frame, 2));
    }
}
