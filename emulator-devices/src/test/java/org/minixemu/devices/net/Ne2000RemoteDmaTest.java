package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;
import static org.minixemu.devices.net.NicHarness.DATA;
import static org.minixemu.devices.net.NicHarness.MAC;

import org.junit.jupiter.api.Test;

/** Remote DMA through the data port: the PROM, card RAM, byte and word mode, RDC. */
class Ne2000RemoteDmaTest {
    private final NicHarness h = new NicHarness();

    @Test
    void promReadInByteModeShowsEveryByteTwice() {
        // Linux ne.c reads 32 bytes byte-wide and takes doubled bytes as the sign of an NE2000.
        h.wordMode = false;
        h.out(CR, CR_STP | CR_RD_ABORT);
        h.out(DCR, DCR_LS | 0x40);
        byte[] prom = h.remoteRead(0, 32);
        for (int i = 0; i < 6; i++) {
            assertEquals(MAC.octet(i), prom[2 * i] & 0xFF);
            assertEquals(MAC.octet(i), prom[2 * i + 1] & 0xFF);
        }
        for (int i = 12; i < 28; i++) {
            assertEquals(0, prom[i]);
        }
        for (int i = 28; i < 32; i++) {
            assertEquals(0x57, prom[i] & 0xFF, "the 'WW' NE2000 signature");
        }
        assertEquals(ISR_RDC, h.in(ISR) & ISR_RDC);
    }

    @Test
    void promReadInWordModeAsMinixDoesIt() {
        // MINIX ne_init: RBCR = 12, RSAR = 0, remote read, six inw; the low byte is the octet.
        h.out(DCR, DCR_WTS | DCR_LS | 0x40);
        h.out(RBCR0, 12);
        h.out(RBCR1, 0);
        h.out(RSAR0, 0);
        h.out(RSAR1, 0);
        h.out(CR, CR_RD_READ | CR_STA);
        for (int i = 0; i < 6; i++) {
            int word = h.bus.in(DATA, 2);
            assertEquals(MAC.octet(i) * 0x101, word, "octet " + i + " in both halves");
        }
        assertEquals(ISR_RDC, h.in(ISR) & ISR_RDC);
        assertEquals("0000", h.snap("RBCR"), "count reached zero");
    }

    @Test
    void rdcIsRaisedOnlyWhenTheCountRunsOutAndInterruptsWhenEnabled() {
        h.init(0);
        h.out(IMR, ISR_RDC);
        h.out(RBCR0, 4);
        h.out(RBCR1, 0);
        h.out(RSAR0, 0x00);
        h.out(RSAR1, 0x50);
        h.out(CR, CR_RD_WRITE | CR_STA);
        h.bus.out(DATA, 2, 0x1111);
        assertEquals(0, h.in(ISR) & ISR_RDC);
        assertFalse(h.irq.high);
        h.bus.out(DATA, 2, 0x2222);
        assertEquals(ISR_RDC, h.in(ISR) & ISR_RDC);
        assertTrue(h.irq.high);
        h.bus.out(DATA, 2, 0x3333); // the count is spent: ignored
        h.out(ISR, ISR_RDC);
        assertArrayEquals(new byte[] {0x11, 0x11, 0x22, 0x22, 0, 0}, h.remoteRead(0x5000, 6));
    }

    @Test
    void ramRoundTripsInWordAndByteMode() {
        h.init(0);
        byte[] data = NicHarness.frame(MAC, 300, 7);
        h.remoteWrite(0x6000, data);
        assertArrayEquals(data, h.remoteRead(0x6000, 300));
        h.wordMode = false;
        h.out(DCR, DCR_LS | 0x40);
        assertArrayEquals(data, h.remoteRead(0x6000, 300));
        byte[] odd = {1, 2, 3, 4, 5};
        h.remoteWrite(0x6101, odd);
        assertArrayEquals(odd, h.remoteRead(0x6101, 5));
    }

    @Test
    void thirtyTwoKibOfRamFrom0x4000AndNothingElse() {
        h.init(0);
        byte[] pattern = {(byte) 0xA5, 0x5A, 0x69, (byte) 0x96};
        h.remoteWrite(0x4000, pattern);
        h.remoteWrite(0xBFFC, pattern);
        assertArrayEquals(pattern, h.remoteRead(0x4000, 4));
        assertArrayEquals(pattern, h.remoteRead(0xBFFC, 4));
        // Where an NE1000 has its memory (MINIX's 8-bit probe), and above the RAM: nothing.
        h.remoteWrite(0x2000, pattern);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, h.remoteRead(0x2000, 4));
        h.remoteWrite(0xC000, pattern);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, h.remoteRead(0xC000, 4));
        // The PROM is read-only.
        h.remoteWrite(0x0000, pattern);
        assertEquals(MAC.octet(0), h.remoteRead(0, 1)[0] & 0xFF);
    }

    @Test
    void byteAccessInWordModeStillMovesAWord() {
        h.init(0);
        h.remoteWrite(0x5000, new byte[] {0x10, 0x20, 0x30, 0x40});
        h.out(RBCR0, 4);
        h.out(RBCR1, 0);
        h.out(RSAR0, 0);
        h.out(RSAR1, 0x50);
        h.out(CR, CR_RD_READ | CR_STA);
        assertEquals(0x10, h.bus.in(DATA, 1), "the low byte of the first word");
        assertEquals(0x02, h.in(CRDA0), "CRDA moved by a word");
        assertEquals(0x30, h.bus.in(DATA, 1));
    }

    @Test
    void dwordAccessMovesTwoWords() {
        h.init(0);
        h.out(RBCR0, 8);
        h.out(RBCR1, 0);
        h.out(RSAR0, 0);
        h.out(RSAR1, 0x50);
        h.out(CR, CR_RD_WRITE | CR_STA);
        h.bus.out(DATA, 4, 0x44332211);
        h.bus.out(DATA, 4, 0x88776655);
        assertEquals(ISR_RDC, h.in(ISR) & ISR_RDC);
        h.out(RBCR0, 8);
        h.out(RSAR0, 0);
        h.out(RSAR1, 0x50);
        h.out(CR, CR_RD_READ | CR_STA);
        assertEquals(0x44332211, h.bus.in(DATA, 4));
        assertEquals(0x88776655, h.bus.in(DATA, 4));
        assertEquals(0x08, h.in(CRDA0));
    }

    @Test
    void theDataPortAnswersOnItsAliases() {
        h.init(0);
        h.remoteWrite(0x5000, new byte[] {0x12, 0x34});
        h.out(RBCR0, 2);
        h.out(RSAR0, 0);
        h.out(RSAR1, 0x50);
        h.out(CR, CR_RD_READ | CR_STA);
        assertEquals(0x3412, h.bus.in(NicHarness.BASE + 0x12, 2));
    }

    @Test
    void remoteAddressWrapsFromPstopToPstart() {
        h.init(0);
        h.out(RBCR0, 4);
        h.out(RBCR1, 0);
        h.out(RSAR0, 0xFE);
        h.out(RSAR1, NicHarness.RX_STOP - 1);
        h.out(CR, CR_RD_WRITE | CR_STA);
        h.bus.out(DATA, 2, 0xBBAA);
        assertEquals(NicHarness.RX_START, h.in(CRDA1), "wrapped to PSTART");
        assertEquals(0, h.in(CRDA0));
        h.bus.out(DATA, 2, 0xDDCC);
        assertArrayEquals(new byte[] {(byte) 0xCC, (byte) 0xDD}, h.remoteRead(NicHarness.RX_START << 8, 2));
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xBB}, h.remoteRead(((NicHarness.RX_STOP - 1) << 8) + 0xFE, 2));
    }

    @Test
    void zeroLengthCommandsCompleteAtOnce() {
        h.init(0);
        h.out(RBCR0, 0);
        h.out(RBCR1, 0);
        h.out(CR, CR_RD_WRITE | CR_STA);
        assertEquals(ISR_RDC, h.in(ISR) & ISR_RDC);
    }

    @Test
    void sendPacketLoadsAddressAndCountFromTheHeaderAtBnry() {
        h.init(RCR_AB);
        byte[] frame = NicHarness.frame(MAC, 100, 3);
        h.arrive(frame);
        // The packet is at CURR's old value; use the BNRY-points-at-the-packet convention here.
        h.out(BNRY, NicHarness.RX_START + 1);
        h.out(CR, CR_RD_SEND | CR_STA);
        assertEquals("0068", h.snap("RBCR"), "RBCR from the header's byte count (104)");
        assertEquals(NicHarness.RX_START + 1, h.in(CRDA1));
        assertEquals(0, h.in(CRDA0));
        byte[] got = new byte[104];
        for (int i = 0; i < 104; i += 2) {
            int w = h.bus.in(DATA, 2);
            got[i] = (byte) w;
            got[i + 1] = (byte) (w >> 8);
        }
        assertEquals(RSR_PRX, got[0]);
        for (int i = 0; i < 100; i++) {
            assertEquals(frame[i], got[4 + i]);
        }
        assertEquals(ISR_RDC, h.in(ISR) & ISR_RDC);
        assertEquals(NicHarness.RX_START + 2, h.readPage(2, RNPP), "remote next packet pointer");
    }
}
