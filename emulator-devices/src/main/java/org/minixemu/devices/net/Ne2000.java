package org.minixemu.devices.net;

import static org.minixemu.devices.net.Dp8390.*;

import java.io.Closeable;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.minixemu.devices.DeviceSnapshot;
import org.minixemu.devices.EventQueue;
import org.minixemu.devices.Inspectable;
import org.minixemu.devices.IoBus;
import org.minixemu.devices.IoDevice;
import org.minixemu.devices.IrqLine;
import org.minixemu.devices.Timer;

/**
 * A Novell NE2000 (ISA): a DP8390D network controller, 32 KiB of buffer memory reached through
 * the controller's remote DMA, and the station-address PROM ({@link CardMemory}). Register names
 * and bits are in {@link Dp8390}. Where the datasheet leaves a choice, QEMU's ne2000 is the
 * reference.
 *
 * <p>I/O ports, from the base (default 0x300; IRQ 9 by default):
 * <pre>
 *  0x00-0x0F  DP8390 registers, byte access (wider accesses are split by the bus)
 *  0x10-0x17  data port: remote DMA through it, byte, word or dword access
 *  0x18-0x1F  reset port (drivers use 0x1F): a read resets the DP8390, a write does nothing
 * </pre>
 *
 * <p>Remote DMA: writing RSAR sets the current remote address (CRDA). Each data-port transfer
 * moves one byte, or one 16-bit word at an even address when DCR.WTS is set, advances CRDA
 * (wrapping from PSTOP to PSTART as the ring does) and counts RBCR down; when RBCR reaches zero
 * ISR.RDC is set. As on QEMU, the data port does not check which remote command is active:
 * reads always move data, writes only while RBCR is not zero. In word mode a byte access still
 * moves a word (a read returns its low byte, a write stores a zero high byte); a dword access
 * moves two words (the ISA bus splits it in two 16-bit cycles) or, in byte mode, four bytes.
 * A remote read or write command with RBCR zero completes at once (RDC, as drivers probing the
 * IRQ expect). Send Packet loads CRDA from BNRY and RBCR from that packet's header. Abort only
 * ends the command.
 *
 * <p>Transmit: TXP, while the controller is not stopped, copies TBCR bytes from page TPSR. A
 * frame shorter than 60 bytes goes out padded with zeros to 60 (the DP8390 leaves padding to the
 * driver; we pad so that no runt ever reaches the virtual wire); longer frames go as they are,
 * the DP8390 does not truncate. With TCR.CRC (inhibit CRC) the frame's last four bytes are its
 * FCS and nothing is padded. The frame reaches the back end, and PTX is set in ISR and TSR,
 * when its last bit has left: preamble (8 bytes), frame and FCS at 10 Mbit/s (800 ns a byte),
 * on the virtual clock. TBCR 0 sends nothing but still completes.
 *
 * <p>Receive, at slice boundaries ({@link #pollHost}) or from a loopback transmission: nothing is
 * received while the controller is stopped, nor from the wire while TCR selects loopback. The
 * address filter: RCR.PRO accepts every frame (QEMU's reading; the datasheet calls it
 * "promiscuous physical"); otherwise the broadcast address needs RCR.AB, a multicast address
 * needs RCR.AM and its bit in MAR0-7 ({@link Dp8390#multicastIndex}), and a physical address
 * must equal PAR0-5. Frames shorter than 60 bytes without FCS are runts, taken only with RCR.AR
 * and then stored unpadded; frames longer than 1518 bytes (1514 plus an 802.1Q tag) are
 * dropped. In monitor mode (RCR.MON) an accepted frame is only counted in CNTR2. A stored frame
 * takes ceil((4 + length + 4) / 256) pages from CURR (the 4 for the FCS the chip would store,
 * as QEMU reserves it): a 4-byte header (receive status, next page, byte count = length + 4,
 * low byte first), then the frame, wrapping from PSTOP to PSTART. The frame must leave the page
 * BNRY untouched and CURR must not land on BNRY, so a full ring is never mistaken for an empty
 * one whichever of the two common BNRY conventions the driver follows; otherwise the frame is
 * dropped: ISR.OVW and ISR.RXE, RSR.MPA, CNTR2 counts it. A stored frame sets ISR.PRX.
 *
 * <p>Loopback (TCR.LB1/LB0 not zero; all three modes behave as internal loopback): a
 * transmitted frame does not reach the back end but, after its wire time, the card's own
 * receiver, into the ring like any frame. With TCR.CRC the receiver checks the frame's FCS; a
 * bad one is a CRC error (CNTR1, RSR.CRC, ISR.RXE; stored only with RCR.SEP).
 *
 * <p>Tally counters CNTR0-2 (frame alignment, CRC, missed) count up to 192 and clear when read;
 * ISR.CNT is set when one has its top bit set. No frame has an alignment error here, so CNTR0
 * stays 0. ISR.RST is set by STP and by the reset port and cleared by STA; writing it does
 * nothing, and it never interrupts. The IRQ line is high while ISR &amp; IMR &amp; 0x7F is not zero.
 *
 * <p>Not modelled: collisions and transmit errors (TSR only ever reports PTX, NCR is 0), the
 * FIFO register (reads 0), RST being set by a ring overflow, BNRY advancing by itself after Send
 * Packet, DCR's byte order, long-address and FIFO-threshold bits (stored, read back on page 2),
 * and the time a frame takes to arrive. Page 3 reads 0; page 2 writes to CLDA, the packet
 * pointers and the address counter are stored, others are ignored.
 *
 * <p>The IN/OUT paths allocate nothing.
 */
public final class Ne2000 implements IoDevice, Inspectable, Closeable {
    public static final int DEFAULT_IO_BASE = 0x300;
    public static final int DEFAULT_IRQ = 9;
    /** The card decodes 32 ports from its base. */
    public static final int PORT_COUNT = 0x20;
    static final int DATA_PORT = 0x10;
    static final int RESET_PORT = 0x1F;
    private static final int RESET_PORTS = 0x18;

    /** 10 Mbit/s: one byte on the wire takes 800 ns. */
    public static final long NANOS_PER_BYTE = 800;
    /** Preamble and start-of-frame delimiter. */
    static final int PREAMBLE_BYTES = 8;
    static final int FCS_BYTES = 4;
    /** The shortest frame without FCS (64 bytes on the wire). */
    public static final int MIN_FRAME = 60;
    /** The longest frame accepted, without FCS: 1514 plus a 4-byte 802.1Q tag. */
    public static final int MAX_FRAME = 1518;
    static final int HEADER_BYTES = 4;
    /** At most this many host frames are taken per slice boundary; the rest wait for the next. */
    static final int MAX_FRAMES_PER_POLL = 64;

    private final String name;
    private final MacAddress mac;
    private final CardMemory memory;
    private final Timer txTimer;
    private final IrqLine irq;
    private final NetworkBackend backend;
    private final byte[] txFrame = new byte[0x10000 + MIN_FRAME];
    private final byte[] rxFrame = new byte[MAX_FRAME + 1];
    private final CRC32 crc = new CRC32();
    private int base = -1;

    // DP8390 registers.
    private int cr;
    private int pstart;
    private int pstop;
    private int bnry;
    private int tpsr;
    private int tbcr;
    private int isr;
    private int imr;
    private int rsar;
    private int crda;
    private int rbcr;
    private int rcr;
    private int tcr;
    private int dcr;
    private int tsr;
    private int rsr;
    private int cntr0;
    private int cntr1;
    private int cntr2;
    private final int[] par = new int[6];
    private int curr;
    private final int[] mar = new int[8];
    private int clda;
    private int rnpp;
    private int lnpp;
    private int addressCounter;

    // Transmission in progress.
    private boolean transmitting;
    private int txLength;
    private boolean txLoopback;
    private boolean txCrcInhibit;
    private boolean irqHigh;

    // Statistics for the debugger.
    private long framesSent;
    private long framesLooped;
    private long framesFromHost;
    private long framesStored;
    private long framesFiltered;
    private long framesMissed;

    /**
     * A card called "NE2000".
     *
     * @param events the machine's event queue (the card creates its transmit timer there)
     * @param irq its interrupt line ({@code InterruptControllers.line(9)} by default)
     * @param backend where frames go and come from; the card closes it in {@link #close}
     * @param mac the station address in the PROM
     */
    public Ne2000(EventQueue events, IrqLine irq, NetworkBackend backend, MacAddress mac) {
        this("NE2000", events, irq, backend, mac);
    }

    /** A card with its own name (for port claims and the debugger), when a machine has several. */
    public Ne2000(String name, EventQueue events, IrqLine irq, NetworkBackend backend, MacAddress mac) {
        this.name = name;
        this.mac = mac;
        this.memory = new CardMemory(mac);
        this.irq = irq;
        this.backend = backend;
        this.txTimer = events.timer(name + " transmit", this::transmitDone);
        cr = CR_STP | CR_RD_ABORT;
        isr = ISR_RST;
        dcr = DCR_LAS;
    }

    /**
     * Claims the card's 32 ports from {@code base}.
     *
     * @throws IllegalArgumentException if another device holds one of them
     */
    public void attachTo(IoBus bus, int base) {
        bus.claim(name, base, DATA_PORT, IoBus.BYTE, this);
        bus.claim(name, base + DATA_PORT, RESET_PORTS - DATA_PORT, IoBus.BYTE | IoBus.WORD | IoBus.DWORD, this);
        bus.claim(name, base + RESET_PORTS, PORT_COUNT - RESET_PORTS, IoBus.BYTE, this);
        this.base = base;
    }

    /** The back end, for the machine's idle loop ({@link NetworkBackend#awaitFrame}). */
    public NetworkBackend backend() {
        return backend;
    }

    /** The station address in the PROM. */
    public MacAddress macAddress() {
        return mac;
    }

    // ---------------------------------------------------------------- I/O ports

    @Override
    public int read(int port, int size) {
        int offset = port - base;
        if (offset < DATA_PORT) {
            return readRegister(offset);
        }
        if (offset < RESET_PORTS) {
            return readData(size);
        }
        hardwareReset();
        return 0;
    }

    @Override
    public void write(int port, int size, int value) {
        int offset = port - base;
        if (offset < DATA_PORT) {
            writeRegister(offset, value & 0xFF);
        } else if (offset < RESET_PORTS) {
            writeData(size, value);
        }
        // A write to the reset port ends the reset pulse: nothing to do.
    }

    private int page() {
        return (cr & CR_PS_MASK) >>> CR_PS_SHIFT;
    }

    private int readRegister(int offset) {
        if (offset == CR) {
            return cr;
        }
        return switch (page()) {
            case 0 -> readPage0(offset);
            case 1 -> readPage1(offset);
            case 2 -> readPage2(offset);
            default -> 0;
        };
    }

    private int readPage0(int offset) {
        switch (offset) {
            case CLDA0: return clda & 0xFF;
            case CLDA1: return clda >>> 8;
            case BNRY: return bnry;
            case TSR: return tsr;
            case NCR: return 0;
            case FIFO: return 0;
            case ISR: return isr;
            case CRDA0: return crda & 0xFF;
            case CRDA1: return crda >>> 8;
            case RSR: return rsr;
            case CNTR0: {
                int v = cntr0;
                cntr0 = 0;
                return v;
            }
            case CNTR1: {
                int v = cntr1;
                cntr1 = 0;
                return v;
            }
            case CNTR2: {
                int v = cntr2;
                cntr2 = 0;
                return v;
            }
            default: return 0xFF; // 0x0A and 0x0B are reserved
        }
    }

    private int readPage1(int offset) {
        if (offset < CURR) {
            return par[offset - PAR0];
        }
        if (offset == CURR) {
            return curr;
        }
        return mar[offset - MAR0];
    }

    private int readPage2(int offset) {
        return switch (offset) {
            case PSTART -> pstart;
            case PSTOP -> pstop;
            case RNPP -> rnpp;
            case TPSR -> tpsr;
            case LNPP -> lnpp;
            case ACU -> addressCounter >>> 8;
            case ACL -> addressCounter & 0xFF;
            case RCR -> rcr;
            case TCR -> tcr;
            case DCR -> dcr;
            case IMR -> imr;
            default -> 0xFF; // 0x08-0x0B are reserved
        };
    }

    private void writeRegister(int offset, int value) {
        if (offset == CR) {
            writeCommand(value);
            return;
        }
        switch (page()) {
            case 0 -> writePage0(offset, value);
            case 1 -> writePage1(offset, value);
            case 2 -> writePage2(offset, value);
            default -> {
                // page 3 is the chip's test page: ignored
            }
        }
    }

    private void writePage0(int offset, int value) {
        switch (offset) {
            case PSTART -> pstart = value;
            case PSTOP -> pstop = value;
            case BNRY -> bnry = value;
            case TPSR -> tpsr = value;
            case TBCR0 -> tbcr = (tbcr & 0xFF00) | value;
            case TBCR1 -> tbcr = (tbcr & 0x00FF) | value << 8;
            case ISR -> {
                isr &= ~(value & ISR_INTERRUPTS);
                updateIrq();
            }
            case RSAR0 -> {
                rsar = (rsar & 0xFF00) | value;
                crda = rsar;
            }
            case RSAR1 -> {
                rsar = (rsar & 0x00FF) | value << 8;
                crda = rsar;
            }
            case RBCR0 -> rbcr = (rbcr & 0xFF00) | value;
            case RBCR1 -> rbcr = (rbcr & 0x00FF) | value << 8;
            case RCR -> {
                rcr = value & RCR_MASK;
                rsr = (rcr & RCR_MON) != 0 ? rsr | RSR_DIS : rsr & ~RSR_DIS;
            }
            case TCR -> tcr = value & TCR_MASK;
            case DCR -> dcr = value & DCR_MASK;
            default -> { // IMR
                imr = value & ISR_INTERRUPTS;
                updateIrq();
            }
        }
    }

    private void writePage1(int offset, int value) {
        if (offset < CURR) {
            par[offset - PAR0] = value;
        } else if (offset == CURR) {
            curr = value;
        } else {
            mar[offset - MAR0] = value;
        }
    }

    private void writePage2(int offset, int value) {
        switch (offset) {
            case CLDA0 -> clda = (clda & 0xFF00) | value;
            case CLDA1 -> clda = (clda & 0x00FF) | value << 8;
            case RNPP -> rnpp = value;
            case LNPP -> lnpp = value;
            case ACU -> addressCounter = (addressCounter & 0x00FF) | value << 8;
            case ACL -> addressCounter = (addressCounter & 0xFF00) | value;
            default -> {
                // the rest of page 2 is read-only or reserved
            }
        }
    }

    private void writeCommand(int value) {
        // TXP reads as 1 while a frame is being sent; writing a 0 to it does nothing.
        cr = (value & ~CR_TXP) | (cr & CR_TXP);
        if ((value & CR_STP) != 0) {
            isr |= ISR_RST;
        } else if ((value & CR_STA) != 0) {
            isr &= ~ISR_RST;
        }
        switch (value & CR_RD_MASK) {
            case CR_RD_READ, CR_RD_WRITE -> {
                if (rbcr == 0) {
                    isr |= ISR_RDC;
                }
            }
            case CR_RD_SEND -> {
                crda = bnry << 8;
                rnpp = memory.read(crda + 1);
                rbcr = memory.read(crda + 2) | memory.read(crda + 3) << 8;
                if (rbcr == 0) {
                    isr |= ISR_RDC;
                }
            }
            default -> {
                // 000 is not a command; RD2 set aborts (or completes) remote DMA
            }
        }
        if ((value & CR_TXP) != 0 && (value & CR_STP) == 0 && !transmitting) {
            startTransmit();
        }
        updateIrq();
    }

    // ---------------------------------------------------------------- remote DMA

    private int readData(int size) {
        if ((dcr & DCR_WTS) != 0) {
            int value = readWord();
            if (size == 4) {
                value |= readWord() << 16;
            }
            return value;
        }
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= memory.read(crda) << (8 * i);
            advance(1);
        }
        return value;
    }

    private int readWord() {
        int address = crda & ~1;
        int value = memory.read(address) | memory.read(address + 1) << 8;
        advance(2);
        return value;
    }

    private void writeData(int size, int value) {
        if ((dcr & DCR_WTS) != 0) {
            writeWord(value & 0xFFFF);
            if (size == 4) {
                writeWord(value >>> 16);
            }
            return;
        }
        for (int i = 0; i < size && rbcr != 0; i++) {
            memory.write(crda, value >>> (8 * i));
            advance(1);
        }
    }

    private void writeWord(int value) {
        if (rbcr == 0) {
            return;
        }
        int address = crda & ~1;
        memory.write(address, value);
        memory.write(address + 1, value >>> 8);
        advance(2);
    }

    /** Moves CRDA past {@code n} bytes (wrapping at PSTOP like the ring) and counts RBCR down. */
    private void advance(int n) {
        crda = (crda + n) & 0xFFFF;
        if (crda == pstop << 8) {
            crda = pstart << 8;
        }
        if (rbcr != 0) {
            rbcr = rbcr > n ? rbcr - n : 0;
            if (rbcr == 0) {
                isr |= ISR_RDC;
                updateIrq();
            }
        }
    }

    // ---------------------------------------------------------------- transmit

    private void startTransmit() {
        int start = tpsr << 8;
        int length = tbcr;
        for (int i = 0; i < length; i++) {
            txFrame[i] = (byte) memory.read(start + i);
        }
        clda = (start + length) & 0xFFFF;
        txCrcInhibit = (tcr & TCR_CRC) != 0;
        txLoopback = (tcr & TCR_LB_MASK) != 0;
        txLength = length;
        int wireBytes = length;
        if (!txCrcInhibit) {
            if (length > 0 && length < MIN_FRAME) {
                Arrays.fill(txFrame, length, MIN_FRAME, (byte) 0);
                txLength = MIN_FRAME;
            }
            wireBytes = txLength + FCS_BYTES;
        }
        wireBytes = Math.max(wireBytes, MIN_FRAME + FCS_BYTES);
        transmitting = true;
        cr |= CR_TXP;
        txTimer.after((PREAMBLE_BYTES + wireBytes) * NANOS_PER_BYTE);
    }

    /** The frame's last bit has left: hand it over (or loop it back) and report PTX. */
    private void transmitDone() {
        transmitting = false;
        cr &= ~CR_TXP;
        if (txLength > 0) {
            if (txLoopback) {
                framesLooped++;
                receiveLoopback();
            } else {
                int length = txCrcInhibit ? txLength - FCS_BYTES : txLength;
                if (length > 0) {
                    framesSent++;
                    backend.send(txFrame, length);
                }
            }
        }
        tsr = TSR_PTX;
        isr |= ISR_PTX;
        updateIrq();
    }

    private void receiveLoopback() {
        if (!txCrcInhibit) {
            receive(txFrame, txLength, true, false);
            return;
        }
        int length = txLength - FCS_BYTES;
        boolean badFcs = true;
        if (length >= 0) {
            crc.reset();
            crc.update(txFrame, 0, length);
            int fcs = (txFrame[length] & 0xFF) | (txFrame[length + 1] & 0xFF) << 8
                    | (txFrame[length + 2] & 0xFF) << 16 | (txFrame[length + 3] & 0xFF) << 24;
            badFcs = (int) crc.getValue() != fcs;
        }
        receive(txFrame, Math.max(length, 0), true, badFcs);
    }

    // ---------------------------------------------------------------- receive

    /**
     * Takes the frames that have arrived from the back end (at most {@link #MAX_FRAMES_PER_POLL})
     * and receives them. The machine calls this at every slice boundary, so frames enter at
     * points fixed by guest time. Frames arriving while the card cannot receive are lost, as on
     * a cable.
     */
    public void pollHost() {
        for (int i = 0; i < MAX_FRAMES_PER_POLL; i++) {
            int length = backend.receive(rxFrame);
            if (length < 0) {
                return;
            }
            framesFromHost++;
            receive(rxFrame, length, false, false);
        }
    }

    private void receive(byte[] frame, int length, boolean looped, boolean badFcs) {
        boolean receiverOn = (cr & CR_STP) == 0 && (looped || (tcr & TCR_LB_MASK) == 0);
        if (!receiverOn || length > MAX_FRAME || length < 6
                || (length < MIN_FRAME && (rcr & RCR_AR) == 0) || !accepts(frame)) {
            framesFiltered++;
            return;
        }
        if ((rcr & RCR_MON) != 0) {
            framesMissed++;
            cntr2 = tally(cntr2);
            updateIrq();
            return;
        }
        int status = RSR_PRX;
        if (badFcs) {
            cntr1 = tally(cntr1);
            rsr = RSR_CRC | (rsr & RSR_DIS);
            isr |= ISR_RXE;
            if ((rcr & RCR_SEP) == 0) {
                updateIrq();
                return;
            }
            status = RSR_CRC;
        }
        if ((frame[0] & 1) != 0) {
            status |= RSR_PHY;
        }
        store(frame, length, status);
        updateIrq();
    }

    private boolean accepts(byte[] frame) {
        if ((rcr & RCR_PRO) != 0) {
            return true;
        }
        if ((frame[0] & 1) != 0) {
            boolean broadcast = true;
            for (int i = 0; i < 6; i++) {
                broadcast &= frame[i] == (byte) 0xFF;
            }
            if (broadcast) {
                return (rcr & RCR_AB) != 0;
            }
            if ((rcr & RCR_AM) == 0) {
                return false;
            }
            int index = Dp8390.multicastIndex(frame, 0);
            return (mar[index >>> 3] & (1 << (index & 7))) != 0;
        }
        for (int i = 0; i < 6; i++) {
            if ((frame[i] & 0xFF) != par[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes an accepted frame into the ring at CURR, or drops it as missed when it does not fit. */
    private void store(byte[] frame, int length, int status) {
        int ring = pstop - pstart;
        int pages = (HEADER_BYTES + length + FCS_BYTES + PAGE_SIZE - 1) / PAGE_SIZE;
        int free = ring <= 0 ? 0 : Math.floorMod(bnry - curr, ring);
        if (free == 0) {
            free = ring;
        }
        if (pages >= free) {
            framesMissed++;
            isr |= ISR_OVW | ISR_RXE;
            rsr = RSR_MPA | (rsr & RSR_DIS);
            cntr2 = tally(cntr2);
            return;
        }
        int next = curr + pages;
        if (next >= pstop) {
            next -= ring;
        }
        int address = curr << 8;
        int count = length + HEADER_BYTES;
        memory.write(address, status);
        memory.write(address + 1, next);
        memory.write(address + 2, count);
        memory.write(address + 3, count >>> 8);
        address += HEADER_BYTES;
        int stop = pstop << 8;
        for (int i = 0; i < length; i++) {
            memory.write(address, frame[i]);
            address = (address + 1) & 0xFFFF;
            if (address == stop) {
                address = pstart << 8;
            }
        }
        framesStored++;
        clda = address;
        lnpp = next;
        curr = next & 0xFF;
        rsr = status | (rsr & RSR_DIS);
        if ((status & RSR_PRX) != 0) {
            isr |= ISR_PRX;
        }
    }

    /** One more event for a tally counter: it stops at 192, and its top bit sets ISR.CNT. */
    private int tally(int counter) {
        if (counter < COUNTER_LIMIT) {
            counter++;
        }
        if ((counter & 0x80) != 0) {
            isr |= ISR_CNT;
        }
        return counter;
    }

    // ---------------------------------------------------------------- reset and interrupts

    /**
     * What a read of the reset port does: the NE2000 pulses the DP8390's RESET pin, which stops
     * it (CR = STP and abort DMA, ISR = RST, IMR = 0, DCR.LAS set, TCR loopback bits cleared)
     * and abandons a transmission in progress. The ring, addresses and memory are kept.
     */
    private void hardwareReset() {
        txTimer.cancel();
        transmitting = false;
        cr = CR_STP | CR_RD_ABORT;
        isr = ISR_RST;
        imr = 0;
        dcr |= DCR_LAS;
        tcr &= ~TCR_LB_MASK;
        updateIrq();
    }

    private void updateIrq() {
        boolean high = (isr & imr & ISR_INTERRUPTS) != 0;
        if (high != irqHigh) {
            irqHigh = high;
            irq.set(high);
        }
    }

    // ---------------------------------------------------------------- debugger and shutdown

    @Override
    public DeviceSnapshot snapshot() {
        StringBuilder marText = new StringBuilder();
        for (int m : mar) {
            marText.append(String.format("%02X", m));
        }
        return DeviceSnapshot.of(name)
                .value("I/O base", base < 0 ? "not attached" : String.format("0x%03X", base))
                .value("IRQ line", irqHigh ? "high" : "low")
                .hex8("CR", cr)
                .value("state", (cr & CR_STP) != 0 ? "stopped" : "started")
                .hex8("ISR", isr)
                .hex8("IMR", imr)
                .hex8("PSTART", pstart)
                .hex8("PSTOP", pstop)
                .hex8("BNRY", bnry)
                .hex8("CURR", curr)
                .hex8("TPSR", tpsr)
                .hex16("TBCR", tbcr)
                .hex16("RSAR", rsar)
                .hex16("CRDA", crda)
                .hex16("RBCR", rbcr)
                .hex8("RCR", rcr)
                .hex8("TCR", tcr)
                .hex8("DCR", dcr)
                .hex8("TSR", tsr)
                .hex8("RSR", rsr)
                .hex8("CNTR0", cntr0)
                .hex8("CNTR1", cntr1)
                .hex8("CNTR2", cntr2)
                .value("PAR", String.format("%02x:%02x:%02x:%02x:%02x:%02x",
                        par[0], par[1], par[2], par[3], par[4], par[5]))
                .value("MAR", marText.toString())
                .value("PROM address", mac)
                .value("transmitting", transmitting ? txLength + " bytes, done at " + txTimer.deadline() + " ns" : "no")
                .value("back end", backend.describe())
                .value("frames", "sent " + framesSent + ", looped back " + framesLooped + ", from host "
                        + framesFromHost + ", stored " + framesStored + ", ignored " + framesFiltered
                        + ", missed " + framesMissed)
                .build();
    }

    /** Closes the back end (its socket, its capture file). */
    @Override
    public void close() {
        backend.close();
    }
}
