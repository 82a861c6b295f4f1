package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.minixemu.devices.net.Dp8390.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.minixemu.devices.EventQueue;
import org.minixemu.devices.IoBus;
import org.minixemu.devices.IrqLine;
import org.minixemu.devices.VirtualClock;

/**
 * One NE2000 on a bus with a virtual clock, a recording IRQ line and a scripted back end, plus
 * the driver sequences the tests share (written from the DP8390D datasheet's initialization
 * procedure, as the MINIX and Linux drivers follow it).
 */
final class NicHarness {
    static final int BASE = 0x300;
    static final int DATA = BASE + 0x10;
    static final int RESET = BASE + 0x1F;
    static final MacAddress MAC = MacAddress.DEFAULT;
    static final MacAddress OTHER = MacAddress.of(0x52, 0x54, 0x00, 0xAA, 0xBB, 0xCC);
    static final int TX_PAGE = 0x40;
    static final int RX_START = 0x46;
    static final int RX_STOP = 0x80;

    /** An IRQ line that remembers its level and how often it rose. */
    static final class RecordingIrq implements IrqLine {
        boolean high;
        int raises;

        @Override
        public void set(boolean level) {
            if (level && !high) {
                raises++;
            }
            high = level;
        }
    }

    /** A back end whose arriving frames the test queues and whose sent frames it inspects. */
    static final class FakeBackend implements NetworkBackend {
        final List<byte[]> sent = new ArrayList<>();
        final ArrayDeque<byte[]> incoming = new ArrayDeque<>();
        boolean closed;

        @Override
        public void send(byte[] frame, int length) {
            sent.add(Arrays.copyOf(frame, length));
        }

        @Override
        public int receive(byte[] buffer) {
            byte[] f = incoming.poll();
            if (f == null) {
                return -1;
            }
            System.arraycopy(f, 0, buffer, 0, Math.min(f.length, buffer.length));
            return f.length;
        }

        @Override
        public boolean canReceive() {
            return true;
        }

        @Override
        public boolean awaitFrame(long timeoutMillis) {
            return !incoming.isEmpty();
        }

        @Override
        public String describe() {
            return "fake";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final VirtualClock clock = new VirtualClock(VirtualClock.DEFAULT_INSTRUCTIONS_PER_SECOND);
    final EventQueue events = new EventQueue(clock);
    final IoBus bus = new IoBus();
    final RecordingIrq irq = new RecordingIrq();
    final NetworkBackend backend;
    final Ne2000 nic;
    final MacAddress mac;
    boolean wordMode = true;

    NicHarness() {
        this(new FakeBackend());
    }

    NicHarness(NetworkBackend backend) {
        this(backend, MAC);
    }

    NicHarness(NetworkBackend backend, MacAddress mac) {
        this(clock -> backend, mac);
    }

    /** A card whose back end is made with the harness's clock (a capture needs it). */
    NicHarness(Function<VirtualClock, NetworkBackend> backend, MacAddress mac) {
        this.backend = backend.apply(clock);
        this.mac = mac;
        nic = new Ne2000(events, irq, this.backend, mac);
        nic.attachTo(bus, BASE);
    }

    FakeBackend fake() {
        return (FakeBackend) backend;
    }

    int in(int reg) {
        return bus.in(BASE + reg, 1);
    }

    void out(int reg, int value) {
        bus.out(BASE + reg, 1, value);
    }

    /** Selects a register page, keeping STP/STA as they are and issuing no DMA command. */
    void page(int page) {
        out(CR, (in(CR) & (CR_STP | CR_STA)) | CR_RD_ABORT | page << CR_PS_SHIFT);
    }

    int readPage(int page, int reg) {
        page(page);
        int v = in(reg);
        page(0);
        return v;
    }

    /** Lets guest time pass and runs the timers that fall due, as the machine does between slices. */
    void advance(long nanos) {
        clock.advanceTo(clock.nanos() + nanos);
        events.runDue();
    }

    /**
     * The datasheet's initialization: stop, DCR, clear RBCR, RCR, loopback, ring, clear ISR, IMR,
     * page 1 PAR/MAR/CURR, start, normal TCR. BNRY = PSTART and CURR = PSTART + 1 (the MINIX
     * convention: the next packet to read is at BNRY + 1).
     */
    void init(int rcr) {
        out(CR, CR_STP | CR_RD_ABORT);
        out(DCR, (wordMode ? DCR_WTS : 0) | DCR_LS | 0x40);
        out(RBCR0, 0);
        out(RBCR1, 0);
        out(RCR, rcr);
        out(TCR, TCR_LB_INTERNAL);
        out(BNRY, RX_START);
        out(PSTART, RX_START);
        out(PSTOP, RX_STOP);
        out(ISR, 0xFF);
        out(IMR, ISR_PRX | ISR_PTX | ISR_RXE | ISR_TXE | ISR_OVW | ISR_CNT);
        out(CR, 1 << CR_PS_SHIFT | CR_RD_ABORT | CR_STP);
        for (int i = 0; i < 6; i++) {
            out(PAR0 + i, mac.octet(i));
        }
        for (int i = 0; i < 8; i++) {
            out(MAR0 + i, 0);
        }
        out(CURR, RX_START + 1);
        out(CR, CR_RD_ABORT | CR_STA);
        out(TCR, 0);
    }

    /** Copies {@code data} to card memory through remote DMA and waits for RDC, as a driver does. */
    void remoteWrite(int address, byte[] data) {
        int count = wordMode ? (data.length + 1) & ~1 : data.length;
        out(ISR, ISR_RDC);
        out(RBCR0, count & 0xFF);
        out(RBCR1, count >> 8);
        out(RSAR0, address & 0xFF);
        out(RSAR1, address >> 8);
        out(CR, CR_RD_WRITE | CR_STA);
        if (wordMode) {
            for (int i = 0; i < data.length; i += 2) {
                int hi = i + 1 < data.length ? data[i + 1] & 0xFF : 0;
                bus.out(DATA, 2, (data[i] & 0xFF) | hi << 8);
            }
        } else {
            for (byte b : data) {
                bus.out(DATA, 1, b & 0xFF);
            }
        }
        assertNotEquals(0, in(ISR) & ISR_RDC, "remote DMA write completes");
    }

    /** Reads {@code count} bytes of card memory through remote DMA. */
    byte[] remoteRead(int address, int count) {
        int evenCount = wordMode ? (count + 1) & ~1 : count;
        out(RBCR0, evenCount & 0xFF);
        out(RBCR1, evenCount >> 8);
        out(RSAR0, address & 0xFF);
        out(RSAR1, address >> 8);
        out(CR, CR_RD_READ | CR_STA);
        byte[] data = new byte[evenCount];
        if (wordMode) {
            for (int i = 0; i < evenCount; i += 2) {
                int w = bus.in(DATA, 2);
                data[i] = (byte) w;
                data[i + 1] = (byte) (w >> 8);
            }
        } else {
            for (int i = 0; i < count; i++) {
                data[i] = (byte) bus.in(DATA, 1);
            }
        }
        return Arrays.copyOf(data, count);
    }

    /** Puts {@code frame} at the transmit page and starts it. */
    void transmit(byte[] frame) {
        remoteWrite(TX_PAGE << 8, frame);
        out(TPSR, TX_PAGE);
        out(TBCR0, frame.length & 0xFF);
        out(TBCR1, frame.length >> 8);
        out(CR, CR_TXP | CR_STA | CR_RD_ABORT);
    }

    /** Queues a frame from the host and delivers it, as a slice boundary does. */
    void arrive(byte[] frame) {
        fake().incoming.add(frame);
        nic.pollHost();
    }

    /** A frame to {@code dst} of {@code length} bytes: addresses, type 0x0800, a counting payload. */
    static byte[] frame(byte[] dst, int length, int seed) {
        byte[] f = new byte[length];
        System.arraycopy(dst, 0, f, 0, Math.min(6, length));
        byte[] src = OTHER.toBytes();
        for (int i = 6; i < 12 && i < length; i++) {
            f[i] = src[i - 6];
        }
        if (length > 13) {
            f[12] = 0x08;
            f[13] = 0x00;
        }
        for (int i = 14; i < length; i++) {
            f[i] = (byte) (seed + i);
        }
        return f;
    }

    static byte[] frame(MacAddress dst, int length, int seed) {
        return frame(dst.toBytes(), length, seed);
    }

    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    /** The wire time of a frame of {@code length} bytes without FCS (padded to 60). */
    static long wireNanos(int length) {
        return (8 + Math.max(length, 60) + 4) * 800L;
    }

    /** The receive header at {@code page}: status, next page, byte count. */
    int[] header(int page) {
        byte[] h = remoteRead(page << 8, 4);
        return new int[] {h[0] & 0xFF, h[1] & 0xFF, (h[2] & 0xFF) | (h[3] & 0xFF) << 8};
    }

    /** Reads a stored frame's bytes starting after the header at {@code page}, wrapping at PSTOP. */
    byte[] storedFrame(int page, int length) {
        // Remote DMA wraps from PSTOP to PSTART by itself, so one read covers a wrapped frame.
        return remoteRead((page << 8) + 4, length);
    }

    /** A register as the debugger shows it (for registers a driver cannot read back, like RBCR). */
    String snap(String register) {
        return nic.snapshot().registers().get(register);
    }

    void assertCurr(int expected) {
        assertEquals(expected, readPage(1, CURR), "CURR");
    }
}
