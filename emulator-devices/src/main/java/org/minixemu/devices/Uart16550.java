package org.minixemu.devices;

import java.io.OutputStream;

/**
 * A National Semiconductor 16550A UART, written from the datasheet, with its line timing on the
 * virtual clock. The host end of the line is a {@link SerialBackend}.
 *
 * <p>Registers (offsets from the base; DLAB is LCR bit 7):
 * <pre>
 *  0  read RBR (receiver buffer / RX FIFO), write THR (TX FIFO)    DLAB=1: divisor latch low
 *  1  IER: 0 received data (and FIFO timeout), 1 THR empty,         DLAB=1: divisor latch high
 *          2 receiver line status, 3 modem status
 *  2  read IIR (bits 7-6 = 11 when the FIFOs are on), write FCR (0 FIFO enable, 1 RX FIFO reset,
 *     2 TX FIFO reset, 3 DMA mode (stored), 7-6 RX trigger level 1/4/8/14)
 *  3  LCR  4 MCR (0 DTR, 1 RTS, 2 OUT1, 3 OUT2, 4 loopback)  5 LSR  6 MSR  7 SCR
 * </pre>
 *
 * <p>Interrupts, highest priority first, as IIR reports them: receiver line status (06: overrun;
 * cleared by reading LSR), received data available (04: the RX FIFO at its trigger level, or any
 * byte in 16450 mode; cleared by reading below it) and character timeout (0C: FIFO mode, data
 * below the trigger and nothing received or read for four character times; cleared by reading
 * RBR), THR empty (02: raised when the THR or TX FIFO empties and when IER bit 1 goes from 0 to 1
 * while it is empty; cleared by reading IIR while it is the one reported, or by writing THR),
 * modem status (00: a delta bit in MSR; cleared by reading MSR). The chip's interrupt output
 * reaches the {@link IrqLine} only while MCR.OUT2 is set, through the gate every PC serial port
 * has; in loopback mode the OUT2 pin is forced inactive (the datasheet: all four modem-control
 * outputs go inactive), so there is no IRQ then either, as on a real PC.
 *
 * <p>Timing: baud = 115200 / divisor (a divisor of 0 counts as 65536); a character is 1 start bit,
 * 5-8 data bits, an optional parity bit and 1, 1.5 or 2 stop bits. A byte written to an idle
 * transmitter starts at once; at the end of its start bit it moves from the THR/TX FIFO to the
 * shift register (THRE comes back if nothing else waits), and when its last stop bit ends it
 * reaches the host (TEMT is set if nothing else waits) or, in loopback, the receiver. The chip
 * takes a fraction of a bit time to move THR to the shift register; this model takes the start
 * bit, so in 16450 mode a second THR write within it finds the THR full (bytes written to a
 * full THR or TX FIFO wait in a hidden backlog rather than being lost; see writeThr), and a polling
 * writer sees THRE one bit time after each write. {@link #drainTransmitter} hands whatever is
 * still in the transmitter to the host when a run ends.
 *
 * <p>Host input: {@link #pollHost} (the machine's {@link HostInput#poll} between slices) takes what
 * the host has ready and sends it down the line: each byte reaches the receiver one character time
 * after the line became free for it, at the guest's current line settings. The host end sends like
 * a terminal without flow control: it ignores RTS/DTR, and a guest that does not read in time gets
 * an overrun. While loopback is on the line is disconnected and host bytes wait.
 *
 * <p>What a host stream cannot produce is not modelled: parity, framing and break errors (LSR
 * bits 2-4 and 7 are always 0), break in loopback, and modem-line changes from the host (MSR shows
 * CTS, DSR and DCD asserted, as QEMU does). Data bits beyond the word length are not stripped:
 * the host gets the whole byte written (QEMU's behaviour; it keeps an unprogrammed port's output
 * readable). Not modelled either: the 16550A's delayed THRE indication in FIFO mode when fewer
 * than two bytes were in the TX FIFO, DMA signalling, and the receiver's half-bit sampling delays.
 *
 * <p>Reset state: IER 0, LCR 0, MCR 0x08 (OUT2, as QEMU's board has it), FIFOs off, divisor 1
 * (the datasheet leaves the divisor latch undefined at reset). The register paths allocate
 * nothing.
 */
public final class Uart16550 implements IoDevice, HostInput, Inspectable {
    /** Base ports and IRQs of COM1 and COM2. */
    public static final int COM1 = 0x3F8, COM2 = 0x2F8;
    public static final int COM1_IRQ = 4, COM2_IRQ = 3;
    /** The divisor latch divides 1.8432 MHz / 16 = 115200 Hz. */
    public static final int BASE_BAUD = 115_200;
    /** Bytes in each FIFO. */
    public static final int FIFO_SIZE = 16;
    /** The divisor after reset: 115200 baud. */
    static final int RESET_DIVISOR = 1;
    /** Host bytes taken on by {@link #pollHost} and waiting to go down the line. */
    static final int LINE_BUFFER = 256;

    static final int IER_RDA = 0x01, IER_THRE = 0x02, IER_RLS = 0x04, IER_MS = 0x08;
    static final int IIR_NONE = 0x01, IIR_MS = 0x00, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_RLS = 0x06,
            IIR_TIMEOUT = 0x0C, IIR_FIFOS = 0xC0;
    static final int FCR_ENABLE = 0x01, FCR_RX_RESET = 0x02, FCR_TX_RESET = 0x04, FCR_DMA = 0x08;
    static final int LCR_PARITY = 0x08, LCR_EVEN = 0x10, LCR_STICK = 0x20, LCR_BREAK = 0x40, LCR_DLAB = 0x80,
            LCR_STOP = 0x04;
    static final int MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10;
    static final int LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    static final int MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08,
            MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80;
    /** The modem inputs with a host attached: CTS, DSR and DCD asserted. */
    static final int HOST_LINES = MSR_DCD | MSR_DSR | MSR_CTS;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int[] TRIGGER_LEVELS = {1, 4, 8, 14};
    private static final int TX_IDLE = 0, TX_START_BIT = 1, TX_SHIFTING = 2;

    private final String name;
    private final VirtualClock clock;
    private final EventQueue queue;
    private final IrqLine irq;
    private final SerialBackend backend;
    private final Timer txTimer;
    private final Timer rxTimer;
    private final Timer timeoutTimer;
    private final Timer inputTimer;
    private int base = -1;

    private int ier;
    private int lcr;
    private int mcr = MCR_OUT2;
    private int scr;
    private int dll = RESET_DIVISOR & 0xFF;
    private int dlm = RESET_DIVISOR >>> 8;
    private boolean fifoEnabled;
    private boolean dmaMode;
    private int triggerIndex;

    /** RX FIFO (in 16450 mode, one byte: the RBR). */
    private final byte[] rx = new byte[FIFO_SIZE];
    private int rxHead;
    private int rxCount;
    /** What reading RBR returns when nothing is there: the last byte read. */
    private int rbr;
    private boolean overrun;
    private boolean timeoutPending;

    /** TX FIFO (in 16450 mode, one byte: the THR). */
    private final byte[] tx = new byte[FIFO_SIZE];
    private int txHead;
    private int txCount;
    private int txPhase = TX_IDLE;
    /** Bytes written while the THR/TX FIFO was full (see {@link #writeThr}). */
    private static final int BACKLOG_SIZE = 4096;
    private final byte[] backlog = new byte[BACKLOG_SIZE];
    private int backlogHead;
    private int backlogCount;
    private int tsr;
    private long txEnd;
    private boolean threPending;

    /** MSR bits 4-7 (the modem inputs) and 0-3 (their deltas since MSR was last read). */
    private int msrLines = HOST_LINES;
    private int msrDeltas;

    /** Host bytes waiting to be sent to us down the line, and whether one is on its way. */
    private final byte[] line = new byte[LINE_BUFFER];
    private int lineHead;
    private int lineCount;
    private boolean receiving;
    /** Whether the host waits for room in the receiver before sending (see {@link #setHostPacing}). */
    private boolean hostPacing;
    /** Line pacing: host input is held after each line until the guest asks for more. */
    private boolean linePacing;
    private boolean heldForGuest;
    /** The guest has raised RTS once: from then on a held line waits for RTS as well. */
    private boolean rtsFlowControl;

    /** The level last driven on the IRQ line. */
    private boolean irqLevel;

    /**
     * A UART on the machine's clock.
     *
     * @param name the port's name, for the bus, the debugger and the timers ("COM1")
     * @param queue the machine's event queue (and through it the virtual clock)
     * @param irq the interrupt input it drives ({@code InterruptControllers.line(COM1_IRQ)})
     * @param backend the host end of the line
     */
    public Uart16550(String name, EventQueue queue, IrqLine irq, SerialBackend backend) {
        this.name = name;
        this.queue = queue;
        this.clock = queue.clock();
        this.irq = irq;
        this.backend = backend;
        txTimer = queue.timer(name + " transmitter", this::transmitterEvent);
        rxTimer = queue.timer(name + " receiver", this::receiverEvent);
        timeoutTimer = queue.timer(name + " FIFO timeout", this::timeoutEvent);
        inputTimer = queue.timer(name + " scripted input", this::scriptedInputEvent);
    }

    /** Claims the eight registers from {@code base} (byte access, as on the ISA bus). */
    public void attachTo(IoBus bus, int base) {
        bus.claim(name, base, 8, IoBus.BYTE, this);
        this.base = base;
    }

    // ---- the CPU's side --------------------------------------------------------------------

    @Override
    public int read(int port, int size) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        return switch (port - base) {
            case 0 -> dlab ? dll : readRbr();
            case 1 -> dlab ? dlm : ier;
            case 2 -> readIir();
            case 3 -> lcr;
            case 4 -> mcr;
            case 5 -> readLsr();
            case 6 -> readMsr();
            default -> scr;
        };
    }

    @Override
    public void write(int port, int size, int value) {
        value &= 0xFF;
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch (port - base) {
            case 0 -> {
                if (dlab) {
                    dll = value;
                } else {
                    writeThr(value);
                }
            }
            case 1 -> {
                if (dlab) {
                    dlm = value;
                } else {
                    writeIer(value);
                }
            }
            case 2 -> writeFcr(value);
            case 3 -> lcr = value;
            case 4 -> writeMcr(value);
            case 7 -> scr = value;
            default -> {
                // LSR (5) and MSR (6) are read-only.
            }
        }
        update();
    }

    private int readRbr() {
        if (rxCount > 0) {
            rbr = rx[rxHead] & 0xFF;
            rxHead = (rxHead + 1) % FIFO_SIZE;
            rxCount--;
            if (fifoEnabled) {
                timeoutPending = false;
                restartTimeout(clock.nanos());
            }
            if (hostPacing) {
                startLineCharacter(clock.nanos()); // there is room for the next host byte now
            }
            update();
        }
        return rbr;
    }

    private int readIir() {
        int id = interruptId();
        if (id == IIR_THRE) {
            threPending = false;
            update();
        }
        return id | (fifoEnabled ? IIR_FIFOS : 0);
    }

    private int readLsr() {
        int value = lsr();
        if (overrun) {
            overrun = false;
            update();
        }
        return value;
    }

    private int readMsr() {
        int value = msrLines | msrDeltas;
        if (msrDeltas != 0) {
            msrDeltas = 0;
            update();
        }
        return value;
    }

    private void writeThr(int value) {
        if (txCount < (fifoEnabled ? FIFO_SIZE : 1) && backlogCount == 0) {
            tx[(txHead + txCount) % FIFO_SIZE] = (byte) value;
            txCount++;
        } else if (backlogCount < BACKLOG_SIZE) {
            // The THR (or TX FIFO) is full. Real hardware would lose or replace a byte here, but
            // many small kernels write without polling THRE because QEMU sends at once; so the
            // byte waits out of sight and enters the FIFO as it drains. LSR keeps saying "full"
            // meanwhile, so a driver that polls, as the datasheet says, sees no difference.
            backlog[(backlogHead + backlogCount) % BACKLOG_SIZE] = (byte) value;
            backlogCount++;
        }
        threPending = false;
        if (txPhase == TX_IDLE) {
            startCharacter(clock.nanos());
        }
    }

    private void writeIer(int value) {
        value &= 0x0F;
        if ((value & IER_THRE) != 0 && (ier & IER_THRE) == 0 && txCount == 0) {
            threPending = true;
        }
        ier = value;
    }

    private void writeFcr(int value) {
        boolean enable = (value & FCR_ENABLE) != 0;
        if (enable != fifoEnabled) {
            // Switching between 16450 and FIFO mode empties both FIFOs.
            fifoEnabled = enable;
            clearRx();
            clearTx();
        }
        if (enable) {   // the other bits are programmed only together with bit 0
            if ((value & FCR_RX_RESET) != 0) {
                clearRx();
            }
            if ((value & FCR_TX_RESET) != 0) {
                clearTx();
            }
            dmaMode = (value & FCR_DMA) != 0;
            triggerIndex = value >>> 6;
        }
    }

    /** Empties the RX FIFO; a character being received still arrives. */
    private void clearRx() {
        rxCount = 0;
        rxHead = 0;
        timeoutPending = false;
        timeoutTimer.cancel();
        if (hostPacing) {
            startLineCharacter(clock.nanos());
        }
    }

    /** Empties the TX FIFO (the shift register keeps sending); THR is empty, so THRE is raised. */
    private void clearTx() {
        txCount = 0;
        txHead = 0;
        backlogCount = 0;
        threPending = true;
    }

    private void writeMcr(int value) {
        boolean wasLoop = loopback();
        mcr = value & 0x1F;
        if ((mcr & MCR_RTS) != 0 && !loopback()) {
            rtsFlowControl = true; // line pacing and readerWaiting follow RTS from now on
        }
        int lines = loopback()
                ? ((mcr & MCR_RTS) != 0 ? MSR_CTS : 0) | ((mcr & MCR_DTR) != 0 ? MSR_DSR : 0)
                        | ((mcr & MCR_OUT1) != 0 ? MSR_RI : 0) | ((mcr & MCR_OUT2) != 0 ? MSR_DCD : 0)
                : HOST_LINES;
        int changed = lines ^ msrLines;
        if ((changed & MSR_CTS) != 0) {
            msrDeltas |= MSR_DCTS;
        }
        if ((changed & MSR_DSR) != 0) {
            msrDeltas |= MSR_DDSR;
        }
        if ((msrLines & MSR_RI) != 0 && (lines & MSR_RI) == 0) {
            msrDeltas |= MSR_TERI;
        }
        if ((changed & MSR_DCD) != 0) {
            msrDeltas |= MSR_DDCD;
        }
        msrLines = lines;
        if (wasLoop && !loopback()) {
            startLineCharacter(clock.nanos());
        }
    }

    private boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    /** LSR without its read side effect. */
    private int lsr() {
        int value = 0;
        if (rxCount > 0) {
            value |= LSR_DR;
        }
        if (overrun) {
            value |= LSR_OE;
        }
        if (txCount == 0) {
            value |= LSR_THRE;
            if (txPhase == TX_IDLE) {
                value |= LSR_TEMT;
            }
        }
        return value;
    }

    /** The IIR's bits 0-3: the highest-priority enabled interrupt, or 1 for none. */
    private int interruptId() {
        if ((ier & IER_RLS) != 0 && overrun) {
            return IIR_RLS;
        }
        if ((ier & IER_RDA) != 0 && rxCount > 0) {
            if (rxCount >= (fifoEnabled ? TRIGGER_LEVELS[triggerIndex] : 1)) {
                return IIR_RDA;
            }
            if (timeoutPending) {
                return IIR_TIMEOUT;
            }
        }
        if ((ier & IER_THRE) != 0 && threPending) {
            return IIR_THRE;
        }
        if ((ier & IER_MS) != 0 && msrDeltas != 0) {
            return IIR_MS;
        }
        return IIR_NONE;
    }

    /** Drives the IRQ line: the chip's interrupt output, gated by the OUT2 pin. */
    private void update() {
        boolean level = interruptId() != IIR_NONE && (mcr & (MCR_OUT2 | MCR_LOOP)) == MCR_OUT2;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    // ---- line timing -----------------------------------------------------------------------

    /** The divisor latch as the baud generator uses it: 0 divides by 65536. */
    private long divisorValue() {
        int d = dlm << 8 | dll;
        return d == 0 ? 65536 : d;
    }

    /** One bit time, in guest nanoseconds. */
    long bitNanos() {
        return NANOS_PER_SECOND * divisorValue() / BASE_BAUD;
    }

    /** One character time (start, data, parity and stop bits) at the current LCR and divisor. */
    long characterNanos() {
        int dataBits = 5 + (lcr & 3);
        int halfBits = 2 * (1 + dataBits + ((lcr & LCR_PARITY) != 0 ? 1 : 0));
        halfBits += (lcr & LCR_STOP) == 0 ? 2 : dataBits == 5 ? 3 : 4;
        return halfBits * NANOS_PER_SECOND * divisorValue() / (2L * BASE_BAUD);
    }

    /** The transmitter was idle and the THR/TX FIFO has a byte: its start bit begins at {@code now}. */
    private void startCharacter(long now) {
        txPhase = TX_START_BIT;
        txEnd = now + characterNanos();
        txTimer.at(now + bitNanos());
    }

    private void transmitterEvent() {
        if (txPhase == TX_START_BIT) {
            if (txCount == 0) {
                txPhase = TX_IDLE;     // the TX FIFO was reset before the byte reached the shift register
            } else {
                tsr = tx[txHead] & 0xFF;
                txHead = (txHead + 1) % FIFO_SIZE;
                txCount--;
                if (backlogCount > 0) {
                    tx[(txHead + txCount) % FIFO_SIZE] = backlog[backlogHead];
                    txCount++;
                    backlogHead = (backlogHead + 1) % BACKLOG_SIZE;
                    backlogCount--;
                }
                if (txCount == 0) {
                    threPending = true;
                }
                txPhase = TX_SHIFTING;
                txTimer.at(txEnd);
            }
        } else if (txPhase == TX_SHIFTING) {
            // Times are taken from the deadline, not the clock, which may be a little past it.
            long end = txTimer.lastDue();
            txPhase = TX_IDLE;
            if (loopback()) {
                receiveCharacter(tsr, end);
            } else {
                backend.write(tsr);
            }
            if (txCount > 0) {
                startCharacter(end);
            }
        }
        update();
    }

    /** A whole character has reached the receiver's shift register. */
    private void receiveCharacter(int b, long now) {
        if (fifoEnabled) {
            if (rxCount == FIFO_SIZE) {
                overrun = true;                                    // the character is lost
            } else {
                rx[(rxHead + rxCount) % FIFO_SIZE] = (byte) b;
                rxCount++;
            }
            restartTimeout(now);
        } else if (rxCount > 0) {
            overrun = true;                                        // it replaces the unread byte
            rx[rxHead] = (byte) b;
        } else {
            rx[rxHead] = (byte) b;
            rxCount = 1;
        }
    }

    private void restartTimeout(long now) {
        if (rxCount > 0) {
            timeoutTimer.at(now + 4 * characterNanos());
        } else {
            timeoutTimer.cancel();
        }
    }

    private void timeoutEvent() {
        if (fifoEnabled && rxCount > 0) {
            timeoutPending = true;
            update();
        }
    }

    /** Starts the next host byte down the line at {@code now} if the line is free (and not cut off by loopback). */
    private void startLineCharacter(long now) {
        if (!receiving && lineCount > 0 && !loopback() && (!hostPacing || receiverHasRoom())) {
            receiving = true;
            rxTimer.at(now + characterNanos());
        }
    }

    private void receiverEvent() {
        long now = rxTimer.lastDue();
        receiving = false;
        if (!loopback() && lineCount > 0) {
            int b = line[lineHead] & 0xFF;
            lineHead = (lineHead + 1) % LINE_BUFFER;
            lineCount--;
            receiveCharacter(b, now);
            if (lineCount == LINE_BUFFER - 1) {
                scheduleInput();     // there is room again for a scripted byte that is due
            }
        }
        startLineCharacter(now);
        update();
    }

    /** Whether one more character could be received without an overrun. */
    private boolean receiverHasRoom() {
        return fifoEnabled ? rxCount < FIFO_SIZE : rxCount == 0;
    }

    // ---- the machine's side ----------------------------------------------------------------

    /**
     * Host pacing: when on, the host end sends the next byte down the line only when the receiver
     * has room for it (an empty RBR in 16450 mode, a free FIFO slot in FIFO mode), as a terminal
     * with flow control would, so a guest that reads slowly never loses input to an overrun. For
     * input that is not typed (a pipe, a file, a script). Off by default: the line then runs at
     * the line's speed whatever the guest does, and a slow guest gets overruns, as on hardware.
     */
    public void setHostPacing(boolean on) {
        hostPacing = on;
        if (!on) {
            startLineCharacter(clock.nanos());
        }
    }

    /**
     * Whether the guest is waiting for input on this port: the received-data interrupt is enabled
     * and gated through to the PIC (MCR.OUT2), nothing received is waiting to be read, and the
     * transmitter has nothing left to send (so what the guest last wrote, a prompt, is all out).
     */
    /**
     * Line pacing, for a session piped in from a script: the host end sends one line, then holds
     * the rest until the guest asks for more, and holds even the first line until then. The
     * guest asks by idling while it {@link #waitingForInput} (the machine then calls
     * {@link #releaseHeldInput}) and, once it has ever raised RTS, with RTS up: our tty raises it
     * exactly while a read waits on the line, so each line goes in at a prompt. The transcript
     * reads as if a person had typed each line when asked -- the echo of a line follows the
     * output of the one before -- and no input reaches the UART before its driver set it up.
     */
    public void setLinePacing(boolean on) {
        linePacing = on;
        heldForGuest = on;
    }

    /**
     * The machine is idle and the guest {@link #waitingForInput}: ends a line-pacing hold (see
     * {@link #setLinePacing}) if the piece before it has been received in full and, for a guest
     * that uses RTS, RTS is up.
     */
    public void releaseHeldInput() {
        // Only once the last piece is all in: while its bytes are still on the line the guest
        // has not seen them (a ^C, say), so its waiting read and raised RTS are from before it.
        if (heldForGuest && lineCount == 0 && !receiving && (!rtsFlowControl || (mcr & MCR_RTS) != 0)) {
            heldForGuest = false;
            takeHostInput(clock.nanos());
        }
    }

    /**
     * Whether a reader waits on this port: {@link #waitingForInput} with RTS up (a console driver
     * with RTS flow control, as our tty, raises RTS exactly while a read waits). The machine is
     * "ready" the first time it idles with a reader waiting.
     */
    public boolean readerWaiting() {
        return waitingForInput() && (mcr & MCR_RTS) != 0;
    }

    public boolean waitingForInput() {
        return (ier & IER_RDA) != 0 && (mcr & MCR_OUT2) != 0 && !loopback() && rxCount == 0
                && txPhase == TX_IDLE && txCount == 0 && backlogCount == 0;
    }

    /**
     * Takes the bytes the host has ready (without blocking) and sends them down the line to the
     * receiver, one character time apart from now on. The machine calls this between slices
     * only ({@link HostInput#poll}), so host input enters at slice boundaries, at the virtual
     * time of the call; input whose time is known in advance ({@link SerialInput#nextArrival},
     * a script) is also polled by a timer at that time. In loopback mode the line is
     * disconnected: host bytes wait until loopback ends.
     */
    public void pollHost() {
        takeHostInput(clock.nanos());
    }

    private void scriptedInputEvent() {
        takeHostInput(inputTimer.lastDue());
    }

    private void takeHostInput(long now) {
        while (lineCount < LINE_BUFFER && !(linePacing && heldForGuest)) {
            int b = backend.read(now);
            if (b < 0) {
                break;
            }
            line[(lineHead + lineCount) % LINE_BUFFER] = (byte) b;
            lineCount++;
            if (linePacing && endsPacedChunk(b)) {
                heldForGuest = true;
            }
        }
        scheduleInput();
        startLineCharacter(now);
        update();
    }

    /**
     * Where line pacing holds: after a line's end, and after a character a terminal driver acts
     * on at once (^C, ^\ and ^D: interrupt, quit, end of file), which ends the reader's wait
     * as a line does; what was typed after one then waits for the next read instead of arriving
     * while the shell is still printing its new prompt.
     */
    private static boolean endsPacedChunk(int b) {
        return b == '\n' || b == '\r' || b == 0x03 || b == 0x1C || b == 0x04;
    }

    /**
     * Arms the input timer for the next scripted byte, if there is one, room for it, and no
     * line-pacing hold (a hold ends through {@link #releaseHeldInput}, which takes the input
     * itself; a timer armed during the hold would fire at once, take nothing, and re-arm forever).
     */
    private void scheduleInput() {
        long next = backend.nextArrival();
        if (next == Long.MAX_VALUE || lineCount == LINE_BUFFER || (linePacing && heldForGuest)) {
            inputTimer.cancel();
        } else {
            inputTimer.at(Math.max(next, clock.nanos()));
        }
    }

    /** {@link HostInput}: the machine's poll between slices. */
    @Override
    public void poll() {
        pollHost();
    }

    /** {@link HostInput}: whether host bytes may still arrive (or are on their way down the line). */
    @Override
    public boolean open() {
        return backend.inputOpen() || receivingFromHost();
    }

    /** The untimed mode's clock: jumps over every character on the line at once. */
    /**
     * Hands the host, at once, every byte the guest has written that is still in the transmitter
     * (shift register, THR or TX FIFO), leaving the transmitter empty, and pushes the host
     * output. The machine calls this when a run ends, so that what a guest printed just before
     * powering off is not lost (a real UART would lose it; QEMU hands each byte over when it is
     * written). In loopback mode the bytes are dropped, as they never reach the line.
     */
    public void drainTransmitter() {
        if (txPhase == TX_SHIFTING && !loopback()) {
            backend.write(tsr);
        }
        while (txCount > 0) {
            int b = tx[txHead] & 0xFF;
            txHead = (txHead + 1) % FIFO_SIZE;
            txCount--;
            if (!loopback()) {
                backend.write(b);
            }
        }
        if (txPhase != TX_IDLE) {
            txPhase = TX_IDLE;
            txTimer.cancel();
            threPending = true;
            update();
        }
        backend.flush();
    }

    /** Pushes buffered output to the host. */
    public void flush() {
        backend.flush();
    }

    /** The baud-rate divisor the guest programmed (DLM:DLL). */
    public int divisor() {
        return dlm << 8 | dll;
    }

    /** Whether the UART drives its IRQ line now. */
    public boolean irqAsserted() {
        return irqLevel;
    }

    /** Whether host bytes are waiting to come down the line (or one is on its way). */
    public boolean receivingFromHost() {
        return receiving || lineCount > 0;
    }

    public String name() {
        return name;
    }

    @Override
    public DeviceSnapshot snapshot() {
        long d = divisorValue();
        String baud = BASE_BAUD % d == 0 ? Long.toString(BASE_BAUD / d) : String.format("%.2f", (double) BASE_BAUD / d);
        int dataBits = 5 + (lcr & 3);
        char parity = (lcr & LCR_PARITY) == 0 ? 'N'
                : (lcr & LCR_STICK) != 0 ? ((lcr & LCR_EVEN) != 0 ? 'S' : 'M')
                : (lcr & LCR_EVEN) != 0 ? 'E' : 'O';
        String stop = (lcr & LCR_STOP) == 0 ? "1" : dataBits == 5 ? "1.5" : "2";
        int fcr = fifoEnabled ? FCR_ENABLE | (dmaMode ? FCR_DMA : 0) | triggerIndex << 6 : 0;
        return DeviceSnapshot.of(name)
                .hex8("RBR", rbr).hex8("IER", ier).hex8("IIR", interruptId() | (fifoEnabled ? IIR_FIFOS : 0))
                .hex8("FCR", fcr).hex8("LCR", lcr).hex8("MCR", mcr).hex8("LSR", lsr())
                .hex8("MSR", msrLines | msrDeltas).hex8("SCR", scr).hex16("divisor", divisor())
                .value("baud", baud).value("format", "" + dataBits + parity + stop)
                .value("break", (lcr & LCR_BREAK) != 0)
                .value("RX FIFO", rxCount + (fifoEnabled ? " (trigger " + TRIGGER_LEVELS[triggerIndex] + ")" : ""))
                .value("TX FIFO", txCount)
                .value("transmitter", txPhase == TX_IDLE ? "idle" : txPhase == TX_START_BIT ? "start bit" : "shifting")
                .value("from host", lineCount + (receiving ? " (receiving)" : ""))
                .value("IRQ", irqLevel ? "asserted" : "low")
                .build();
    }
}
