package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Register-level tests of the small devices, through the bus as the CPU reaches them. */
class DevicesTest {
    private final IoBus bus = new IoBus();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
    private final EventQueue events = new EventQueue(clock);

    private Uart16550 com1() {
        return com1(line);
    }

    private Uart16550 com1(OutputStream host) {
        Uart16550 uart = new Uart16550("COM1", events, IrqLine.NONE, SerialBackend.of("COM1", host, SerialInput.NONE));
        uart.attachTo(bus, Uart16550.COM1);
        return uart;
    }

    /** Lets 10 ms of guest time pass: long enough for a byte to leave the line even at 9600 baud. */
    private void settle() {
        clock.advanceTo(clock.nanos() + 10_000_000);
        events.runDue();
    }

    @Test
    void uartTransmitsWhatIsWrittenToThr() {
        com1();
        for (byte b : "hi\n".getBytes()) {
            assertEquals(0x20, bus.in(0x3FD, 1) & 0x20, "THRE");
            bus.out(0x3F8, 1, b);
            settle();
        }
        assertEquals("hi\n", line.toString());
    }

    @Test
    void uartRegistersAfterReset() {
        com1();
        assertEquals(0x00, bus.in(0x3F8, 1), "RBR: nothing received");
        assertEquals(0x00, bus.in(0x3F9, 1), "IER");
        assertEquals(0x01, bus.in(0x3FA, 1), "IIR: no interrupt pending");
        assertEquals(0x00, bus.in(0x3FB, 1), "LCR");
        assertEquals(0x08, bus.in(0x3FC, 1), "MCR: OUT2, as QEMU");
        assertEquals(0x60, bus.in(0x3FD, 1), "LSR: THRE | TEMT, no DR");
        assertEquals(0xB0, bus.in(0x3FE, 1), "MSR: DCD | DSR | CTS, as QEMU");
        assertEquals(0x00, bus.in(0x3FF, 1), "SCR");
    }

    @Test
    void uartStorageRegistersAndTheDivisorLatch() {
        Uart16550 uart = com1();
        bus.out(0x3FB, 1, 0x83);           // DLAB, 8N1
        bus.out(0x3F8, 1, 0x0C);           // DLL: 9600 baud
        bus.out(0x3F9, 1, 0x00);           // DLM
        assertEquals(0x0C, bus.in(0x3F8, 1));
        assertEquals(0x000C, uart.divisor());
        assertEquals("", line.toString(), "DLL writes are not transmitted");
        bus.out(0x3FB, 1, 0x03);
        assertEquals(0x03, bus.in(0x3FB, 1));
        bus.out(0x3F9, 1, 0xFF);
        assertEquals(0x0F, bus.in(0x3F9, 1), "IER keeps bits 0-3");
        bus.out(0x3FC, 1, 0xFF);
        assertEquals(0x1F, bus.in(0x3FC, 1), "MCR keeps bits 0-4");
        bus.out(0x3FC, 1, 0x0B);
        bus.out(0x3FF, 1, 0x5A);
        assertEquals(0x5A, bus.in(0x3FF, 1));
        bus.out(0x3FA, 1, 0xC7);           // FCR: FIFOs on, both reset, trigger 14
        assertEquals(0xC2, bus.in(0x3FA, 1), "IIR: FIFOs on; THR empty (IER bit 1 went on with THR empty)");
        bus.out(0x3FD, 1, 0);              // LSR is read-only
        assertEquals(0x60, bus.in(0x3FD, 1));
        bus.out(0x3F8, 1, 'k');
        settle();
        assertEquals("k", line.toString());
    }

    @Test
    void uartInLoopbackDoesNotTransmit() {
        com1();
        bus.out(0x3FC, 1, 0x10);
        bus.out(0x3F8, 1, 'x');
        settle();
        bus.out(0x3FC, 1, 0x00);
        bus.out(0x3F8, 1, 'y');
        settle();
        assertEquals("y", line.toString());
    }

    @Test
    void aWordWriteToThrIsSplitIntoThrAndIer() {
        com1();
        bus.out(0x3F8, 2, 0x0541);
        settle();
        assertEquals("A", line.toString());
        assertEquals(0x05, bus.in(0x3F9, 1));
    }

    @Test
    void aFailingHostStreamDoesNotReachTheGuest() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        Uart16550 uart = com1(broken);
        bus.out(0x3F8, 1, 'a');
        bus.out(0x3F8, 1, 'b');
        settle();
        uart.flush();
        assertEquals(0x60, bus.in(0x3FD, 1));
    }

    @Test
    void debugPortPassesBytesAndReadsE9() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DebugPort(out).attachTo(bus);
        bus.out(0xE9, 1, 'o');
        bus.out(0xE9, 2, 0x4B4B);  // split: only the low byte is the debug port's
        bus.out(0xE9, 1, 0xFF);
        assertArrayEquals(new byte[] {'o', 'K', (byte) 0xFF}, out.toByteArray());
        assertEquals(0xE9, bus.in(0xE9, 1));
        assertEquals(0xFFE9, bus.in(0xE9, 2));
    }

    @Test
    void postPortHandsOverEachByte() {
        List<Integer> codes = new ArrayList<>();
        new PostCodePort(codes::add).attachTo(bus);
        bus.out(0x80, 1, 0x13);
        bus.out(0x80, 2, 0xAA55);
        assertEquals(List.of(0x13, 0x55), codes);
        assertEquals(0xFF, bus.in(0x80, 1));
    }

    private int[] hookCalls = new int[1];

    private PowerControl power() {
        PowerControl p = new PowerControl(() -> hookCalls[0]++);
        p.attachTo(bus);
        return p;
    }

    @Test
    void isaDebugExitGivesValueShiftedLeftOrOne() {
        PowerControl p = power();
        assertEquals(0, bus.in(0xF4, 1));
        assertFalse(p.isOff());
        bus.out(0xF4, 1, 0x10);
        assertTrue(p.isOff());
        assertEquals(0x21, p.exitStatus());
        bus.out(0xF4, 1, 0x00); // the first power-off wins
        assertEquals(0x21, p.exitStatus());
        assertEquals(1, hookCalls[0]);
    }

    @Test
    void isaDebugExitTakesEveryWidthAndPort() {
        PowerControl p = power();
        bus.out(0xF6, 2, 0x100);
        assertEquals(0x201, p.exitStatus());
        PowerControl q = new PowerControl(() -> { });
        IoBus other = new IoBus();
        q.attachTo(other);
        other.out(0xF7, 4, 0);
        assertEquals(1, q.exitStatus());
    }

    @Test
    void acpiSoftOffThroughPm1aControl() {
        PowerControl p = power();
        bus.out(0x604, 2, 0x0001);            // SCI_EN: stored, no power-off
        assertFalse(p.isOff());
        assertEquals(0x0001, bus.in(0x604, 2));
        bus.out(0x604, 2, 0x2000 | (5 << 10)); // SLP_EN with sleep type 5: not soft-off
        assertFalse(p.isOff());
        assertEquals(5 << 10, bus.in(0x604, 2), "SLP_EN reads back 0");
        bus.out(0x604, 2, 0x2000);
        assertTrue(p.isOff());
        assertEquals(0, p.exitStatus());
        assertEquals(1, hookCalls[0]);
    }

    @Test
    void acpiSoftOffWithByteWrites() {
        PowerControl p = power();
        bus.out(0x604, 1, 0x00);
        assertFalse(p.isOff());
        bus.out(0x605, 1, 0x20);
        assertTrue(p.isOff());
        assertEquals(0, p.exitStatus());
    }

    @Test
    void acpiSoftOffWithADwordWrite() {
        PowerControl p = power();
        bus.out(0x604, 4, 0x2000); // split into bytes by the bus: 0x605 gets SLP_EN
        assertTrue(p.isOff());
    }

    @Test
    void theMachinesPortsDoNotOverlap() {
        com1();
        power();
        new DebugPort(OutputStream.nullOutputStream()).attachTo(bus);
        new PostCodePort(c -> { }).attachTo(bus);
        assertEquals("COM1", bus.owner(0x3FF));
        assertEquals("isa-debug-exit", bus.owner(0xF7));
        assertEquals("ACPI PM1a control", bus.owner(0x605));
    }
}
