package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minixemu.devices.net.Dp8390.*;
import static org.minixemu.devices.net.NicHarness.BROADCAST;
import static org.minixemu.devices.net.NicHarness.MAC;
import static org.minixemu.devices.net.NicHarness.OTHER;
import static org.minixemu.devices.net.NicHarness.RX_START;

import org.junit.jupiter.api.Test;

/** The receive address filter: PAR, broadcast (AB), the multicast hash (AM, MAR0-7), promiscuous. */
class Ne2000FilterTest {
    private static final byte[] ALL_HOSTS = {0x01, 0x00, 0x5E, 0x00, 0x00, 0x01};
    private static final byte[] OTHER_GROUP = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};

    private final NicHarness h = new NicHarness();

    private int stored() {
        return h.readPage(1, CURR) - (RX_START + 1);
    }

    private void setMar(byte[] group) {
        int index = Dp8390HashTest.referenceIndex(group);
        h.page(1);
        h.out(MAR0 + (index >> 3), 1 << (index & 7));
        h.page(0);
    }

    @Test
    void physicalAddressMustMatchPar() {
        h.init(0);
        h.arrive(NicHarness.frame(OTHER, 60, 1));
        assertEquals(0, stored());
        h.arrive(NicHarness.frame(MAC, 60, 1));
        assertEquals(1, stored());
        assertEquals(RSR_PRX, h.header(RX_START + 1)[0], "PHY clear: a physical address");
        // PAR decides, not the PROM.
        h.page(1);
        h.out(PAR0 + 5, 0x57);
        h.page(0);
        h.arrive(NicHarness.frame(MAC, 60, 1));
        assertEquals(1, stored());
    }

    @Test
    void broadcastNeedsAb() {
        h.init(0);
        h.arrive(NicHarness.frame(BROADCAST, 60, 1));
        assertEquals(0, stored());
        h.out(RCR, RCR_AB);
        h.arrive(NicHarness.frame(BROADCAST, 60, 1));
        assertEquals(1, stored());
        assertEquals(RSR_PRX | RSR_PHY, h.header(RX_START + 1)[0]);
        assertEquals(RSR_PRX | RSR_PHY, h.in(RSR));
    }

    @Test
    void broadcastIsNotTakenThroughTheHashAlone() {
        h.init(RCR_AM);
        for (int i = 0; i < 8; i++) {
            h.page(1);
            h.out(MAR0 + i, 0xFF);
            h.page(0);
        }
        h.arrive(NicHarness.frame(BROADCAST, 60, 1));
        assertEquals(0, stored());
    }

    @Test
    void multicastNeedsAmAndItsHashBit() {
        h.init(0);
        setMar(ALL_HOSTS);
        h.arrive(NicHarness.frame(ALL_HOSTS, 60, 1));
        assertEquals(0, stored(), "AM off");
        h.out(RCR, RCR_AM);
        h.arrive(NicHarness.frame(ALL_HOSTS, 60, 1));
        assertEquals(1, stored());
        assertEquals(RSR_PRX | RSR_PHY, h.header(RX_START + 1)[0]);
        // 01:00:5e:00:00:01 hashes to bit 31, 33:33:00:00:00:01 to bit 62.
        assertEquals(31, Dp8390HashTest.referenceIndex(ALL_HOSTS));
        assertEquals(62, Dp8390HashTest.referenceIndex(OTHER_GROUP));
        h.arrive(NicHarness.frame(OTHER_GROUP, 60, 1));
        assertEquals(1, stored(), "its hash bit is clear");
        h.arrive(NicHarness.frame(BROADCAST, 60, 1));
        assertEquals(1, stored(), "AB off");
    }

    @Test
    void promiscuousTakesEverything() {
        h.init(RCR_PRO);
        h.arrive(NicHarness.frame(OTHER, 60, 1));
        h.arrive(NicHarness.frame(OTHER_GROUP, 60, 1));
        h.arrive(NicHarness.frame(BROADCAST, 60, 1));
        h.arrive(NicHarness.frame(MAC, 60, 1));
        assertEquals(4, stored());
    }
}
