package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.devices.net.Dp8390.*;
import static org.minixemu.devices.net.NicHarness.BASE;
import static org.minixemu.devices.net.NicHarness.MAC;
import static org.minixemu.devices.net.NicHarness.RESET;
import static org.minixemu.devices.net.NicHarness.RX_START;
import static org.minixemu.devices.net.NicHarness.RX_STOP;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minixemu.devices.IoBus;

/** Register pages, the command register, ISR/IMR and the reset port. */
class Ne2000RegistersTest {
    private final NicHarness h = new NicHarness();

    @Test
    void powersUpStoppedInTheResetState() {
        assertEquals(CR_STP | CR_RD_ABORT, h.in(CR), "CR = 0x21");
        assertEquals(ISR_RST, h.in(ISR), "ISR.RST");
        assertEquals(0, h.readPage(2, IMR));
        assertEquals(DCR_LAS, h.readPage(2, DCR));
        assertFalse(h.irq.high);
    }

    @Test
    void initializationSequenceReadsBackOnPagesOneAndTwo() {
        h.init(RCR_AB | RCR_AM);
        assertEquals(CR_STA | CR_RD_ABORT, h.in(CR));
        assertEquals(0, h.in(ISR), "start clears RST; ISR was cleared");
        assertEquals(RX_START, h.readPage(2, PSTART));
        assertEquals(RX_STOP, h.readPage(2, PSTOP));
        assertEquals(RCR_AB | RCR_AM, h.readPage(2, RCR));
        assertEquals(0, h.readPage(2, TCR), "TCR back to normal after start");
        assertEquals(DCR_WTS | DCR_LS | 0x40, h.readPage(2, DCR));
        assertEquals(0x3F, h.readPage(2, IMR));
        assertEquals(RX_START, h.in(BNRY));
        h.page(1);
        for (int i = 0; i < 6; i++) {
            assertEquals(MAC.octet(i), h.in(PAR0 + i), "PAR" + i);
        }
        assertEquals(RX_START + 1, h.in(CURR));
        assertEquals(CR_STA | CR_RD_ABORT | 0x40, h.in(CR), "page 1 selected, still started");
        h.page(0);
        assertFalse(h.irq.high);
    }

    @Test
    void pageTwoShowsTransmitPageAndMasksReservedBits() {
        h.init(0);
        h.out(TPSR, 0x40);
        h.out(RCR, 0xFF);
        h.out(TCR, 0xFF & ~TCR_LB_MASK);
        h.out(IMR, 0xFF);
        assertEquals(0x40, h.readPage(2, TPSR));
        assertEquals(0x3F, h.readPage(2, RCR));
        assertEquals(0x19, h.readPage(2, TCR));
        assertEquals(0x7F, h.readPage(2, IMR));
        assertEquals(0xFF, h.readPage(2, 0x08), "reserved");
        assertEquals(0xFF, h.in(0x0A), "page 0 reserved register");
        assertEquals(0, h.readPage(3, 0x05), "page 3 reads 0");
    }

    @Test
    void stopSetsRstAndStartClearsIt() {
        h.init(0);
        h.out(CR, CR_STP | CR_RD_ABORT);
        assertEquals(ISR_RST, h.in(ISR) & ISR_RST);
        h.out(ISR, 0xFF);
        assertEquals(ISR_RST, h.in(ISR) & ISR_RST, "writing RST does nothing");
        h.out(CR, CR_STA | CR_RD_ABORT);
        assertEquals(0, h.in(ISR) & ISR_RST);
    }

    @Test
    void isrBitsClearByWritingOnesAndTheLineFollowsIsrAndImr() {
        h.init(0);
        h.out(IMR, 0);
        // A zero-length remote read completes at once: RDC.
        h.out(RBCR0, 0);
        h.out(RBCR1, 0);
        h.out(CR, CR_RD_READ | CR_STA);
        assertEquals(ISR_RDC, h.in(ISR));
        assertFalse(h.irq.high, "masked");
        h.out(IMR, ISR_RDC);
        assertTrue(h.irq.high, "unmasking raises the line");
        h.out(ISR, ISR_PRX); // other bits: no effect on RDC
        assertTrue(h.irq.high);
        h.out(ISR, ISR_RDC);
        assertEquals(0, h.in(ISR));
        assertFalse(h.irq.high);
        assertEquals(1, h.irq.raises);
    }

    @Test
    void rstNeverInterrupts() {
        h.out(IMR, 0xFF);
        assertEquals(ISR_RST, h.in(ISR));
        assertFalse(h.irq.high);
    }

    @Test
    void readingTheResetPortResetsTheController() {
        h.init(RCR_AB);
        h.out(TCR, TCR_LB_INTERNAL);
        assertEquals(0, h.in(ISR));
        h.bus.in(RESET, 1);
        assertEquals(CR_STP | CR_RD_ABORT, h.in(CR));
        assertEquals(ISR_RST, h.in(ISR));
        assertEquals(0, h.readPage(2, IMR));
        assertEquals(0, h.readPage(2, TCR) & TCR_LB_MASK);
        assertEquals(DCR_LAS, h.readPage(2, DCR) & DCR_LAS);
        assertEquals(RCR_AB, h.readPage(2, RCR), "configuration is kept");
        assertEquals(RX_START, h.readPage(2, PSTART));
        h.bus.out(RESET, 1, 0); // the end of the reset pulse: nothing happens
        assertEquals(ISR_RST, h.in(ISR));
    }

    @Test
    void theResetPortAnswersOnEveryAliasFrom0x18() {
        h.init(0);
        h.bus.in(BASE + 0x18, 1);
        assertEquals(ISR_RST, h.in(ISR));
    }

    @Test
    void linuxProbeSeesCountersClearedByRead() {
        // Linux ne.c: write 0xFF to MAR5 on page 1, then page 0 CNTR0 must read 0 after one read.
        h.out(CR, CR_RD_ABORT | 0x40 | CR_STP);
        h.out(0x0D, 0xFF);
        h.out(CR, CR_RD_ABORT);
        h.in(CNTR0);
        assertEquals(0, h.in(CNTR0));
        assertEquals(0xFF, h.readPage(1, 0x0D), "MAR5 kept its value");
    }

    @Test
    void minixProbeFindsTheStopAndAbortBitsInCr() {
        int b = h.bus.in(RESET, 1);
        h.bus.out(RESET, 1, b);
        h.out(CR, CR_STP | CR_RD_ABORT);
        assertTrue((h.in(ISR) & ISR_RST) != 0);
        assertEquals(CR_STP | CR_RD_ABORT, h.in(CR) & (CR_STP | CR_RD_ABORT));
    }

    @Test
    void aWordOutToTwoByteRegistersIsSplitByTheBus() {
        h.init(0);
        h.bus.out(BASE + RSAR0, 2, 0x4321);
        assertEquals(0x21, h.in(CRDA0));
        assertEquals(0x43, h.in(CRDA1));
    }

    @Test
    void claimsThirtyTwoPortsAndRefusesAClash() {
        IoBus bus = new IoBus();
        Ne2000 nic = new Ne2000(new NicHarness().events, high -> { }, NoneBackend.INSTANCE, MAC);
        nic.attachTo(bus, 0x320);
        assertEquals("NE2000", bus.owner(0x320));
        assertEquals("NE2000", bus.owner(0x330));
        assertEquals("NE2000", bus.owner(0x33F));
        assertEquals(null, bus.owner(0x340));
        Ne2000 second = new Ne2000(new NicHarness().events, high -> { }, NoneBackend.INSTANCE, MAC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> second.attachTo(bus, 0x330));
        assertTrue(e.getMessage().contains("0x0330"), e.getMessage());
    }

    @Test
    void snapshotShowsTheRegisters() {
        h.init(RCR_AB);
        Map<String, String> r = h.nic.snapshot().registers();
        assertEquals("NE2000", h.nic.snapshot().device());
        assertEquals("0x300", r.get("I/O base"));
        assertEquals("22", r.get("CR"));
        assertEquals("46", r.get("PSTART"));
        assertEquals("47", r.get("CURR"));
        assertEquals("52:54:00:12:34:56", r.get("PAR"));
        assertEquals("0000000000000000", r.get("MAR"));
        assertEquals("started", r.get("state"));
        assertEquals("fake", r.get("back end"));
    }

    @Test
    void closeClosesTheBackEnd() {
        h.nic.close();
        assertTrue(h.fake().closed);
    }
}
