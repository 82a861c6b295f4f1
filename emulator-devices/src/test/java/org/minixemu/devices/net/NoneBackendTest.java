package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.minixemu.devices.net.Dp8390.RCR_AB;

import org.junit.jupiter.api.Test;

class NoneBackendTest {
    @Test
    void dropsWhatIsSentAndNeverReceives() {
        NetworkBackend none = NetSpec.parse("none").open();
        assertSame(NoneBackend.INSTANCE, none);
        none.send(new byte[60], 60);
        assertEquals(-1, none.receive(new byte[1518]));
        assertFalse(none.canReceive());
        assertFalse(none.awaitFrame(1_000_000), "returns at once");
        assertEquals("none", none.describe());
        none.close();
    }

    @Test
    void aCardOnNoneTransmitsIntoTheVoid() {
        NicHarness h = new NicHarness(NoneBackend.INSTANCE);
        h.init(RCR_AB);
        h.transmit(NicHarness.frame(NicHarness.BROADCAST, 60, 1));
        h.advance(NicHarness.wireNanos(60));
        assertEquals(Dp8390.ISR_PTX, h.in(Dp8390.ISR) & Dp8390.ISR_PTX);
        h.nic.pollHost();
        h.assertCurr(NicHarness.RX_START + 1);
    }
}
