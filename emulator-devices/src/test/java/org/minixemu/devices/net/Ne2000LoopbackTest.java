package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;
import static org.minixemu.devices.net.NicHarness.MAC;
import static org.minixemu.devices.net.NicHarness.OTHER;
import static org.minixemu.devices.net.NicHarness.RX_START;
import static org.minixemu.devices.net.NicHarness.wireNanos;

import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCR loopback, as driver self-tests use it: the frame comes back to the card's own receiver. */
class Ne2000LoopbackTest {
    private final NicHarness h = new NicHarness();

    @BeforeEach
    void init() {
        h.init(RCR_AB);
        h.out(TCR, TCR_LB_INTERNAL);
    }

    @Test
    void internalLoopbackReceivesTheFrameInsteadOfSendingIt() {
        byte[] frame = NicHarness.frame(MAC, 80, 3);
        h.transmit(frame);
        h.advance(wireNanos(80) - 1);
        h.assertCurr(RX_START + 1);
        h.advance(1);
        assertTrue(h.fake().sent.isEmpty(), "nothing reaches the wire");
        assertEquals(ISR_PTX | ISR_PRX, h.in(ISR) & (ISR_PTX | ISR_PRX));
        assertArrayEquals(new int[] {RSR_PRX, RX_START + 2, 84}, h.header(RX_START + 1));
        assertArrayEquals(frame, h.storedFrame(RX_START + 1, 80));
        assertEquals(TSR_PTX, h.in(TSR));
    }

    @Test
    void loopedFramesGoThroughTheAddressFilter() {
        h.transmit(NicHarness.frame(OTHER, 80, 3));
        h.advance(wireNanos(80));
        h.assertCurr(RX_START + 1);
        assertEquals(ISR_PTX, h.in(ISR) & (ISR_PTX | ISR_PRX));
    }

    @Test
    void everyLoopbackModeLoopsBack() {
        for (int mode : new int[] {TCR_LB_ENDEC, TCR_LB_EXTERNAL}) {
            h.out(TCR, mode);
            h.transmit(NicHarness.frame(MAC, 60, mode));
            h.advance(wireNanos(60));
        }
        h.assertCurr(RX_START + 3);
        assertTrue(h.fake().sent.isEmpty());
    }

    private static byte[] withFcs(byte[] frame, boolean good) {
        CRC32 crc = new CRC32();
        crc.update(frame);
        int fcs = (int) crc.getValue() ^ (good ? 0 : 1);
        byte[] f = Arrays.copyOf(frame, frame.length + 4);
        for (int i = 0; i < 4; i++) {
            f[frame.length + i] = (byte) (fcs >>> (8 * i));
        }
        return f;
    }

    @Test
    void withCrcInhibitedTheReceiverChecksTheDriversFcs() {
        h.out(TCR, TCR_LB_INTERNAL | TCR_CRC);
        byte[] frame = NicHarness.frame(MAC, 60, 1);
        h.transmit(withFcs(frame, true));
        h.advance((8 + 64) * 800L);
        assertArrayEquals(new int[] {RSR_PRX, RX_START + 2, 64}, h.header(RX_START + 1));
        assertArrayEquals(frame, h.storedFrame(RX_START + 1, 60));
        assertEquals(0, h.in(CNTR1));
    }

    @Test
    void aBadFcsIsACrcError() {
        h.out(TCR, TCR_LB_INTERNAL | TCR_CRC);
        h.transmit(withFcs(NicHarness.frame(MAC, 60, 1), false));
        h.advance((8 + 64) * 800L);
        h.assertCurr(RX_START + 1);
        assertEquals(ISR_RXE | ISR_PTX, h.in(ISR) & (ISR_RXE | ISR_PTX | ISR_PRX));
        assertEquals(RSR_CRC, h.in(RSR));
        assertEquals(1, h.in(CNTR1));
        assertEquals(0, h.in(CNTR1));
    }

    @Test
    void savedErroredPacketsKeepTheirStatus() {
        h.out(RCR, RCR_AB | RCR_SEP);
        h.out(TCR, TCR_LB_INTERNAL | TCR_CRC);
        h.transmit(withFcs(NicHarness.frame(MAC, 60, 1), false));
        h.advance((8 + 64) * 800L);
        assertEquals(RSR_CRC, h.header(RX_START + 1)[0]);
        assertEquals(0, h.in(ISR) & ISR_PRX, "PRX is for good packets only");
    }
}
