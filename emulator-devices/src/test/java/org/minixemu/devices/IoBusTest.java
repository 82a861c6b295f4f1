package org.minixemu.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoBusTest {

    /** Records every access it gets and answers reads with a pattern. */
    static final class Recorder implements IoDevice {
        final List<String> log = new ArrayList<>();

        @Override
        public int read(int port, int size) {
            log.add(String.format("in%d %X", size, port));
            return 0x12345600 | (port & 0xFF);
        }

        @Override
        public void write(int port, int size, int value) {
            log.add(String.format("out%d %X=%X", size, port, value));
        }
    }

    @Test
    void unclaimedPortsReadAllOnesAndIgnoreWrites() {
        IoBus bus = new IoBus();
        assertEquals(0xFF, bus.in(0x1234, 1));
        assertEquals(0xFFFF, bus.in(0x1234, 2));
        assertEquals(0xFFFFFFFF, bus.in(0xFFFF, 4));
        bus.out(0x1234, 4, 0);
        assertNull(bus.owner(0x1234));
    }

    @Test
    void anAccessOfAClaimedWidthGoesToTheDeviceWhole() {
        IoBus bus = new IoBus();
        Recorder r = new Recorder();
        bus.claim("dev", 0x100, 4, IoBus.BYTE | IoBus.WORD | IoBus.DWORD, r);
        assertEquals(0x56_00, bus.in(0x100, 2) & 0xFF00);
        assertEquals(0x12345600, bus.in(0x100, 4));
        assertEquals(0x00, bus.in(0x100, 1));
        bus.out(0x102, 2, 0xABCDEF); // the bus passes only the low 16 bits
        assertEquals(List.of("in2 100", "in4 100", "in1 100", "out2 102=CDEF"), r.log);
        assertEquals("dev", bus.owner(0x103));
    }

    @Test
    void anAccessOfAnUnclaimedWidthIsSplitIntoBytes() {
        IoBus bus = new IoBus();
        Recorder r = new Recorder();
        bus.claim("bytes", 0x60, 2, IoBus.BYTE, r);
        bus.out(0x60, 2, 0xBBAA);
        assertEquals(List.of("out1 60=AA", "out1 61=BB"), r.log);
        r.log.clear();
        // Bytes 0x62 and 0x63 are unclaimed: they read 0xFF.
        assertEquals(0xFFFF6160, bus.in(0x60, 4));
        assertEquals(List.of("in1 60", "in1 61"), r.log);
    }

    @Test
    void aSplitAccessReachesTwoDevices() {
        IoBus bus = new IoBus();
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        bus.claim("a", 0x200, 1, IoBus.BYTE, a);
        bus.claim("b", 0x201, 1, IoBus.BYTE, b);
        bus.out(0x200, 2, 0x2211);
        assertEquals(List.of("out1 200=11"), a.log);
        assertEquals(List.of("out1 201=22"), b.log);
    }

    @Test
    void aByteOfADeviceThatOnlyTakesWordsIsOpenBus() {
        IoBus bus = new IoBus();
        Recorder r = new Recorder();
        bus.claim("words", 0x300, 2, IoBus.WORD, r);
        assertEquals(0xFF, bus.in(0x300, 1));
        bus.out(0x300, 1, 5);
        assertEquals(List.of(), r.log);
    }

    @Test
    void anOverlappingClaimNamesThePortAndBothDevices() {
        IoBus bus = new IoBus();
        bus.claim("COM1", 0x3F8, 8, IoBus.BYTE, new Recorder());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.claim("modem", 0x3FC, 8, IoBus.BYTE, new Recorder()));
        assertEquals("I/O port 0x03FC is claimed by both COM1 and modem", e.getMessage());
        assertNull(bus.owner(0x400), "a refused claim installs nothing");
    }

    @Test
    void badClaimsAreRefused() {
        IoBus bus = new IoBus();
        Recorder r = new Recorder();
        assertThrows(IllegalArgumentException.class, () -> bus.claim("x", 0xFFFF, 2, IoBus.BYTE, r));
        assertThrows(IllegalArgumentException.class, () -> bus.claim("x", 0, 0, IoBus.BYTE, r));
        assertThrows(IllegalArgumentException.class, () -> bus.claim("x", 0, 1, 0, r));
        assertThrows(IllegalArgumentException.class, () -> bus.claim("x", 0, 1, 8, r));
        assertThrows(IllegalArgumentException.class, () -> bus.claim(" ", 0, 1, IoBus.BYTE, r));
    }

    @Test
    void afterPowerOffEveryPortIsDead() {
        IoBus bus = new IoBus();
        Recorder r = new Recorder();
        bus.claim("dev", 0x10, 1, IoBus.BYTE | IoBus.WORD | IoBus.DWORD, r);
        bus.powerOff();
        assertEquals(0xFF, bus.in(0x10, 1));
        assertEquals(0xFFFFFFFF, bus.in(0x10, 4));
        bus.out(0x10, 1, 1);
        assertEquals(List.of(), r.log);
    }
}
