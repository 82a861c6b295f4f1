package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;
import static org.minixemu.devices.net.NicHarness.MAC;
import static org.minixemu.devices.net.NicHarness.RX_START;
import static org.minixemu.devices.net.NicHarness.RX_STOP;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receive ring: headers, CURR, wrap-around at PSTOP, overflow and the tally counters. */
class Ne2000ReceiveTest {
    private final NicHarness h = new NicHarness();

    @BeforeEach
    void init() {
        h.init(RCR_AB);
    }

    @Test
    void aFrameLandsAtCurrWithItsHeaderAndCurrMovesOn() {
        byte[] frame = NicHarness.frame(MAC, 100, 1);
        h.arrive(frame);
        int page = RX_START + 1;
        // 4 + 100 + 4 bytes: one page.
        assertArrayEquals(new int[] {RSR_PRX, page + 1, 104}, h.header(page));
        assertArrayEquals(frame, h.storedFrame(page, 100));
        h.assertCurr(page + 1);
        assertEquals(ISR_PRX, h.in(ISR) & ISR_PRX);
        assertEquals(RSR_PRX, h.in(RSR));
        assertTrue(h.irq.high);
        assertEquals(RX_START, h.in(BNRY), "BNRY is the driver's");
    }

    @Test
    void framesFollowEachOtherPageByPage() {
        h.arrive(NicHarness.frame(MAC, 60, 1)); // 68 bytes: 1 page
        h.arrive(NicHarness.frame(MAC, 600, 2)); // 608 bytes: 3 pages
        h.arrive(NicHarness.frame(MAC, 248, 3)); // exactly 256: 1 page
        h.arrive(NicHarness.frame(MAC, 249, 4)); // 257: 2 pages
        int p = RX_START + 1;
        assertEquals(p + 1, h.header(p)[1]);
        assertEquals(p + 4, h.header(p + 1)[1]);
        assertEquals(604, h.header(p + 1)[2]);
        assertEquals(p + 5, h.header(p + 4)[1]);
        assertEquals(p + 7, h.header(p + 5)[1]);
        assertArrayEquals(NicHarness.frame(MAC, 600, 2), h.storedFrame(p + 1, 600));
        h.assertCurr(p + 7);
    }

    @Test
    void aFrameWrapsFromPstopToPstart() {
        // The ring is nearly used up: CURR on the last page, the driver has read everything.
        h.page(1);
        h.out(CURR, RX_STOP - 1);
        h.page(0);
        h.out(BNRY, RX_STOP - 2);
        byte[] frame = NicHarness.frame(MAC, 500, 6);
        h.arrive(frame); // 508 bytes: 2 pages, the last one and PSTART
        assertArrayEquals(new int[] {RSR_PRX, RX_START + 1, 504}, h.header(RX_STOP - 1));
        // 252 bytes fit on the last page, the other 248 continue at PSTART.
        byte[] tail = h.remoteRead(RX_START << 8, 248);
        for (int i = 0; i < 248; i++) {
            assertEquals(frame[252 + i], tail[i], "byte " + (252 + i));
        }
        assertArrayEquals(frame, h.storedFrame(RX_STOP - 1, 500), "read back across the wrap");
        h.assertCurr(RX_START + 1);
    }

    @Test
    void aFullRingDropsTheFrameWithOverwriteWarningAndCountsItMissed() {
        // A ten-page ring, MINIX convention: BNRY = PSTART, CURR = PSTART + 1.
        h.out(CR, CR_STP | CR_RD_ABORT);
        h.out(PSTART, 0x46);
        h.out(PSTOP, 0x50);
        h.out(BNRY, 0x46);
        h.page(1);
        h.out(CURR, 0x47);
        h.out(CR, CR_STA | CR_RD_ABORT);
        for (int i = 0; i < 8; i++) {
            h.arrive(NicHarness.frame(MAC, 100, i)); // one page each
        }
        h.assertCurr(0x4F);
        h.out(ISR, 0xFF);
        h.arrive(NicHarness.frame(MAC, 100, 99));
        h.assertCurr(0x4F);
        assertEquals(ISR_OVW | ISR_RXE, h.in(ISR));
        assertEquals(RSR_MPA, h.in(RSR));
        assertTrue(h.irq.high);
        assertEquals(1, h.in(CNTR2));
        assertEquals(0, h.in(CNTR2), "cleared by reading");
        // The driver takes the first four frames: BNRY moves to the page before the next one.
        h.out(BNRY, 0x4A);
        h.out(ISR, 0xFF);
        h.arrive(NicHarness.frame(MAC, 100, 100));
        h.assertCurr(0x46 + 0); // 0x4F + 1 = PSTOP: wrapped to PSTART
        assertEquals(ISR_PRX, h.in(ISR));
        assertArrayEquals(NicHarness.frame(MAC, 100, 100), h.storedFrame(0x4F, 100));
    }

    @Test
    void theLinuxBoundaryConventionWorksToo() {
        // Linux: BNRY = PSTOP - 1 and CURR = PSTART when empty.
        h.out(CR, CR_STP | CR_RD_ABORT);
        h.out(PSTART, 0x46);
        h.out(PSTOP, 0x4A);
        h.out(BNRY, 0x49);
        h.page(1);
        h.out(CURR, 0x46);
        h.out(CR, CR_STA | CR_RD_ABORT);
        h.arrive(NicHarness.frame(MAC, 100, 1));
        h.arrive(NicHarness.frame(MAC, 100, 2));
        h.assertCurr(0x48);
        h.arrive(NicHarness.frame(MAC, 100, 3));
        h.assertCurr(0x48);
        assertEquals(ISR_OVW, h.in(ISR) & ISR_OVW, "CURR may not reach BNRY");
    }

    @Test
    void aFrameLargerThanTheFreeSpaceIsDroppedWhole() {
        h.out(CR, CR_STP | CR_RD_ABORT);
        h.out(PSTART, 0x46);
        h.out(PSTOP, 0x4A);
        h.out(BNRY, 0x46);
        h.page(1);
        h.out(CURR, 0x47);
        h.out(CR, CR_STA | CR_RD_ABORT);
        h.arrive(NicHarness.frame(MAC, 1000, 1)); // 4 pages of a 4-page ring
        h.assertCurr(0x47);
        assertEquals(ISR_OVW, h.in(ISR) & ISR_OVW);
    }

    @Test
    void tallyCountersStopAt192AndRaiseCnt() {
        h.out(RCR, RCR_AB | RCR_MON);
        assertEquals(RSR_DIS, h.in(RSR) & RSR_DIS, "monitor mode disables the receiver");
        for (int i = 0; i < 127; i++) {
            h.arrive(NicHarness.frame(MAC, 60, i));
        }
        h.assertCurr(RX_START + 1);
        assertEquals(0, h.in(ISR) & ISR_CNT);
        h.arrive(NicHarness.frame(MAC, 60, 0));
        assertEquals(ISR_CNT, h.in(ISR) & ISR_CNT, "the counter's top bit is set at 128");
        assertTrue(h.irq.high, "CNT is enabled in IMR");
        for (int i = 0; i < 100; i++) {
            h.arrive(NicHarness.frame(MAC, 60, i));
        }
        assertEquals(192, h.in(CNTR2));
        assertEquals(0, h.in(CNTR2));
        assertEquals(0, h.in(CNTR0));
        assertEquals(0, h.in(CNTR1));
        h.out(RCR, RCR_AB);
        assertEquals(0, h.in(RSR) & RSR_DIS);
    }

    @Test
    void nothingIsReceivedWhileStopped() {
        h.out(CR, CR_STP | CR_RD_ABORT);
        h.arrive(NicHarness.frame(MAC, 100, 1));
        h.out(CR, CR_STA | CR_RD_ABORT);
        h.assertCurr(RX_START + 1);
        assertEquals(0, h.in(ISR));
        assertTrue(h.fake().incoming.isEmpty(), "the frame was taken off the wire and lost");
    }

    @Test
    void wireFramesAreIgnoredInLoopbackMode() {
        h.out(TCR, TCR_LB_INTERNAL);
        h.arrive(NicHarness.frame(MAC, 100, 1));
        h.assertCurr(RX_START + 1);
        assertFalse(h.irq.high);
    }

    @Test
    void runtsNeedArAndAreStoredUnpadded() {
        byte[] runt = NicHarness.frame(MAC, 42, 1);
        h.arrive(runt);
        h.assertCurr(RX_START + 1);
        h.out(RCR, RCR_AB | RCR_AR);
        h.arrive(runt);
        assertArrayEquals(new int[] {RSR_PRX, RX_START + 2, 46}, h.header(RX_START + 1));
        assertArrayEquals(runt, h.storedFrame(RX_START + 1, 42));
        h.arrive(new byte[] {1, 2, 3});
        h.assertCurr(RX_START + 2);
    }

    @Test
    void giantsAreDropped() {
        h.arrive(NicHarness.frame(MAC, 1519, 1));
        h.assertCurr(RX_START + 1);
        h.arrive(NicHarness.frame(MAC, 1518, 1));
        h.assertCurr(RX_START + 1 + 6);
    }

    @Test
    void manyWaitingFramesAreTakenAtMostSixtyFourPerSlice() {
        h.out(RCR, RCR_AB | RCR_MON);
        for (int i = 0; i < 70; i++) {
            h.fake().incoming.add(NicHarness.frame(MAC, 60, i));
        }
        h.nic.pollHost();
        assertEquals(6, h.fake().incoming.size());
        assertEquals(64, h.in(CNTR2));
    }
}
