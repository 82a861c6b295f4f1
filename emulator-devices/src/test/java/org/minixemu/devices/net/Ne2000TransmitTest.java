package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;
import static org.minixemu.devices.net.NicHarness.BROADCAST;
import static org.minixemu.devices.net.NicHarness.TX_PAGE;
import static org.minixemu.devices.net.NicHarness.wireNanos;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Transmission: TPSR/TBCR/TXP, the wire time on the virtual clock, PTX and its interrupt. */
class Ne2000TransmitTest {
    private final NicHarness h = new NicHarness();

    @BeforeEach
    void init() {
        h.init(RCR_AB);
    }

    @Test
    void frameLeavesAfterItsWireTimeThenPtxInterrupts() {
        byte[] frame = NicHarness.frame(BROADCAST, 100, 1);
        h.transmit(frame);
        assertEquals(CR_TXP, h.in(CR) & CR_TXP, "TXP reads 1 while sending");
        assertTrue(h.fake().sent.isEmpty());
        // 8 bytes preamble + 100 + 4 FCS = 112 bytes = 896 bits = 89.6 us at 10 Mbit/s.
        assertEquals(89_600, wireNanos(100));
        h.advance(89_599);
        assertTrue(h.fake().sent.isEmpty(), "not before the last bit");
        assertEquals(0, h.in(ISR) & ISR_PTX);
        assertFalse(h.irq.high);
        h.advance(1);
        assertEquals(1, h.fake().sent.size());
        assertArrayEquals(frame, h.fake().sent.get(0));
        assertEquals(ISR_PTX, h.in(ISR) & ISR_PTX);
        assertEquals(TSR_PTX, h.in(TSR));
        assertEquals(0, h.in(CR) & CR_TXP, "TXP cleared at the end");
        assertTrue(h.irq.high);
        h.out(ISR, ISR_PTX);
        assertFalse(h.irq.high);
    }

    @Test
    void shortFramesArePaddedWithZerosToSixtyBytes() {
        byte[] frame = NicHarness.frame(BROADCAST, 42, 9);
        h.transmit(frame);
        h.advance(wireNanos(60));
        byte[] sent = h.fake().sent.get(0);
        assertEquals(60, sent.length);
        assertArrayEquals(frame, Arrays.copyOf(sent, 42));
        assertArrayEquals(new byte[18], Arrays.copyOfRange(sent, 42, 60));
    }

    @Test
    void longFramesAreNotTruncated() {
        byte[] frame = NicHarness.frame(BROADCAST, 1514, 5);
        h.transmit(frame);
        h.advance(wireNanos(1514) - 1);
        assertTrue(h.fake().sent.isEmpty());
        h.advance(1);
        assertArrayEquals(frame, h.fake().sent.get(0));
        assertEquals((TX_PAGE << 8) + 1514, h.in(CLDA0) | h.in(CLDA1) << 8, "local DMA stopped after the frame");
    }

    @Test
    void txpIsIgnoredWhileSendingAndWhenStopped() {
        byte[] frame = NicHarness.frame(BROADCAST, 60, 1);
        h.transmit(frame);
        h.out(CR, CR_TXP | CR_STA | CR_RD_ABORT);
        h.advance(wireNanos(60));
        assertEquals(1, h.fake().sent.size(), "one frame: the second TXP came during the first");
        h.out(ISR, 0xFF);
        h.out(CR, CR_STP | CR_RD_ABORT);
        h.out(CR, CR_TXP | CR_STP | CR_RD_ABORT);
        h.advance(wireNanos(60));
        assertEquals(1, h.fake().sent.size());
        assertEquals(0, h.in(ISR) & ISR_PTX);
    }

    @Test
    void writingZeroToTxpDoesNotStopATransmission() {
        h.transmit(NicHarness.frame(BROADCAST, 60, 1));
        h.out(CR, CR_STA | CR_RD_ABORT);
        assertEquals(CR_TXP, h.in(CR) & CR_TXP);
        h.advance(wireNanos(60));
        assertEquals(1, h.fake().sent.size());
    }

    @Test
    void aResetAbandonsTheTransmission() {
        h.transmit(NicHarness.frame(BROADCAST, 60, 1));
        h.bus.in(NicHarness.RESET, 1);
        h.advance(wireNanos(60));
        assertTrue(h.fake().sent.isEmpty());
        assertEquals(0, h.in(ISR) & ISR_PTX);
    }

    @Test
    void inhibitedCrcMeansTheLastFourBytesAreTheFcs() {
        h.out(TCR, TCR_CRC);
        byte[] frame = NicHarness.frame(BROADCAST, 64, 2);
        h.transmit(frame);
        h.advance((8 + 64) * 800L);
        assertArrayEquals(Arrays.copyOf(frame, 60), h.fake().sent.get(0));
    }

    @Test
    void aZeroLengthTransmitSendsNothingButCompletes() {
        h.out(TPSR, TX_PAGE);
        h.out(TBCR0, 0);
        h.out(TBCR1, 0);
        h.out(CR, CR_TXP | CR_STA | CR_RD_ABORT);
        h.advance(wireNanos(0));
        assertTrue(h.fake().sent.isEmpty());
        assertEquals(ISR_PTX, h.in(ISR) & ISR_PTX);
    }

    @Test
    void minixSendSequenceWithTbcr1First() {
        byte[] frame = NicHarness.frame(BROADCAST, 590, 4);
        h.remoteWrite(TX_PAGE << 8, frame);
        h.out(TPSR, TX_PAGE);
        h.out(TBCR1, 590 >> 8);
        h.out(TBCR0, 590 & 0xFF);
        h.out(CR, CR_TXP | CR_STA); // MINIX writes RD = 000 here
        assertEquals(CR_TXP | CR_STA, h.in(CR));
        h.advance(wireNanos(590));
        assertArrayEquals(frame, h.fake().sent.get(0));
        assertEquals(CR_STA, h.in(CR));
    }
}
