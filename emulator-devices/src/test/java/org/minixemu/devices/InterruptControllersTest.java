package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minixemu.cpu.Cpu;
import org.minixemu.cpu.FlatMemory;

/**
 * The 8259A pair, programmed as a PC operating system does (8259A datasheet): ICW1 0x11 (edge,
 * cascade, ICW4 needed), ICW2 the vector base, ICW3 the cascade wiring (master: slave on IR2;
 * slave: identity 2), ICW4 0x01 (8086 mode). The CPU's INTR pin is observed through a Cpu.
 */
class InterruptControllersTest {
    private final FlatMemory memory = new FlatMemory(4096);
    private final Cpu cpu = new Cpu(memory);
    private final InterruptControllers pics = new InterruptControllers(cpu);

    InterruptControllersTest() {
        // The INTR pin is watched through the CPU: in hosted mode, a request with IF=1 makes the
        // next run() return an INTERRUPT exit before executing anything (here a NOP).
        cpu.setHostedMode(true);
        cpu.setSegmentReal(Cpu.CS, 0);
        memory.write8(0, 0x90);
    }

    private boolean intr() {
        cpu.setEip(0);
        cpu.setEflags(0x202);
        return cpu.run(1).kind() == org.minixemu.cpu.ExitKind.INTERRUPT;
    }

    private void initialize(int masterBase, int slaveBase) {
        pics.write(0x20, 1, 0x11);
        pics.write(0x21, 1, masterBase);
        pics.write(0x21, 1, 0x04);
        pics.write(0x21, 1, 0x01);
        pics.write(0xA0, 1, 0x11);
        pics.write(0xA1, 1, slaveBase);
        pics.write(0xA1, 1, 0x02);
        pics.write(0xA1, 1, 0x01);
    }

    @Test
    void anEdgeOnIrq1RaisesIntrAndTheAcknowledgeReturnsBasePlus1AndSetsIsr() {
        initialize(0x20, 0x28);
        assertFalse(intr());
        pics.line(1).raise();
        assertTrue(intr());
        assertEquals(0x21, pics.acknowledge());
        assertFalse(intr(), "in service: nothing else pending");
        pics.write(0x20, 1, 0x0B); // OCW3: read ISR
        assertEquals(0x02, pics.read(0x20, 1));
        pics.write(0x20, 1, 0x20); // non-specific EOI
        assertEquals(0x00, pics.read(0x20, 1));
    }

    @Test
    void irrShowsRequestsAndTheHigherPriorityIrqIsServedFirst() {
        initialize(0x20, 0x28);
        pics.line(3).raise();
        pics.line(0).raise();
        pics.write(0x20, 1, 0x0A); // OCW3: read IRR
        assertEquals(0x09, pics.read(0x20, 1));
        assertEquals(0x20, pics.acknowledge());
        pics.write(0x20, 1, 0x20);
        assertEquals(0x23, pics.acknowledge());
    }

    @Test
    void aMaskedRequestWaitsInIrrUntilUnmasked() {
        initialize(0x20, 0x28);
        pics.write(0x21, 1, 0x10); // OCW1: mask IRQ4
        assertEquals(0x10, pics.read(0x21, 1));
        pics.line(4).raise();
        assertFalse(intr());
        pics.write(0x21, 1, 0x00);
        assertTrue(intr());
        assertEquals(0x24, pics.acknowledge());
    }

    @Test
    void aLowerPriorityRequestWaitsForTheEoiOfAHigherOneInService() {
        initialize(0x20, 0x28);
        pics.line(0).raise();
        assertEquals(0x20, pics.acknowledge());
        pics.line(5).raise();
        assertFalse(intr(), "IRQ5 must wait while IRQ0 is in service");
        pics.write(0x20, 1, 0x60); // specific EOI for IR0
        assertTrue(intr());
        assertEquals(0x25, pics.acknowledge());
    }

    @Test
    void aSlaveIrqCascadesThroughIr2AndNeedsEoiOnBothChips() {
        initialize(0x20, 0x28);
        pics.line(9).raise();
        assertTrue(intr());
        assertEquals(0x29, pics.acknowledge(), "the slave supplies the vector");
        pics.write(0x20, 1, 0x0B);
        pics.write(0xA0, 1, 0x0B);
        assertEquals(0x04, pics.read(0x20, 1), "master IR2 in service");
        assertEquals(0x02, pics.read(0xA0, 1), "slave IR1 in service");
        pics.write(0xA0, 1, 0x20);
        pics.write(0x20, 1, 0x20);
        assertEquals(0, pics.read(0x20, 1));
        assertEquals(0, pics.read(0xA0, 1));
    }

    @Test
    void aRequestThatVanishesBeforeTheAcknowledgeGivesSpuriousIrq7WithoutIsr() {
        initialize(0x20, 0x28);
        pics.write(0x20, 1, 0x19); // ICW1 again with LTIM (level-triggered)
        pics.write(0x21, 1, 0x20);
        pics.write(0x21, 1, 0x04);
        pics.write(0x21, 1, 0x01);
        pics.line(3).raise();
        assertTrue(intr());
        pics.line(3).lower();
        assertEquals(0x27, pics.acknowledge());
        pics.write(0x20, 1, 0x0B);
        assertEquals(0, pics.read(0x20, 1), "spurious: no in-service bit");
    }

    @Test
    void aSpuriousSlaveInterruptIsIrq15AndLeavesTheMasterCascadeInService() {
        pics.write(0xA0, 1, 0x19); // slave level-triggered
        pics.write(0xA1, 1, 0x28);
        pics.write(0xA1, 1, 0x02);
        pics.write(0xA1, 1, 0x01);
        pics.write(0x20, 1, 0x11);
        pics.write(0x21, 1, 0x20);
        pics.write(0x21, 1, 0x04);
        pics.write(0x21, 1, 0x01);
        pics.line(11).raise();
        assertTrue(intr());
        // The device withdraws its request after the master latched IR2's edge.
        pics.line(11).lower();
        assertEquals(0x2F, pics.acknowledge());
        pics.write(0x20, 1, 0x0B);
        assertEquals(0x04, pics.read(0x20, 1), "the master still served IR2: the OS must EOI it");
    }

    @Test
    void edgeTriggeredNeedsANewRisingEdgeButLevelTriggeredRequestsAgain() {
        initialize(0x20, 0x28);
        pics.line(6).raise();
        assertEquals(0x26, pics.acknowledge());
        pics.write(0x20, 1, 0x20);
        assertFalse(intr(), "edge mode: the line is still high but there was no new edge");
        pics.line(6).lower();
        pics.line(6).raise();
        assertTrue(intr());
    }

    @Test
    void autoEoiLeavesNothingInService() {
        pics.write(0x20, 1, 0x11);
        pics.write(0x21, 1, 0x20);
        pics.write(0x21, 1, 0x04);
        pics.write(0x21, 1, 0x03); // ICW4: 8086 mode, AEOI
        pics.line(1).raise();
        assertEquals(0x21, pics.acknowledge());
        pics.write(0x20, 1, 0x0B);
        assertEquals(0, pics.read(0x20, 1));
    }

    @Test
    void rotateOnNonSpecificEoiMakesTheServedIrqTheLowestPriority() {
        initialize(0x20, 0x28);
        pics.line(0).raise();
        assertEquals(0x20, pics.acknowledge());
        pics.write(0x20, 1, 0xA0); // rotate on non-specific EOI
        pics.line(0).lower();
        pics.line(0).raise();
        pics.line(1).raise();
        assertEquals(0x21, pics.acknowledge(), "IR0 is now the lowest priority");
    }

    @Test
    void pollCommandReadsTheHighestRequestAndAcknowledgesIt() {
        initialize(0x20, 0x28);
        pics.line(5).raise();
        pics.write(0x20, 1, 0x0C); // OCW3: poll
        assertEquals(0x85, pics.read(0x20, 1));
        pics.write(0x20, 1, 0x0B);
        assertEquals(0x20, pics.read(0x20, 1), "IR5 in service after the poll");
    }

    @Test
    void initializationClearsTheMaskAndTheDataPortThenReadsIt() {
        pics.write(0x21, 1, 0xFF);
        initialize(0x08, 0x70);
        assertEquals(0x00, pics.read(0x21, 1));
        pics.write(0x21, 1, 0xFB);
        assertEquals(0xFB, pics.read(0x21, 1));
    }

    @Test
    void inSpecialMaskModeANonSpecificEoiLeavesAMaskedInServiceBit() {
        initialize(0x20, 0x28);
        pics.line(3).raise();
        assertEquals(0x23, pics.acknowledge());
        pics.write(0x20, 1, 0x68); // OCW3: set special mask mode
        pics.write(0x21, 1, 0x08); // mask IR3 (in service)
        pics.line(5).raise();
        assertEquals(0x25, pics.acknowledge(), "special mask mode lets IR5 in under a masked IR3");
        pics.write(0x20, 1, 0x20); // non-specific EOI: ends IR5, not the masked IR3
        pics.write(0x20, 1, 0x0B);
        assertEquals(0x08, pics.read(0x20, 1));
    }
}
