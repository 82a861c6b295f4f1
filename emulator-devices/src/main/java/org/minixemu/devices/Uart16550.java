package org.minixemu.devices;

import java.io.OutputStream;

/**
 * A 16550 UART's transmit side, register-correct for a polling driver: what is written to the
 * transmit holding register goes to the host at once, so the line status always reports the
 * transmitter empty.
 *
 * <p>Registers (offsets from the base, DLAB is LCR bit 7):
 * <pre>
 *  0  DLAB=0: write THR (to the host), read RBR (0: nothing is ever received)
 *     DLAB=1: divisor latch low (read/write storage)
 *  1  DLAB=0: IER (bits 0-3 read/write, no interrupt is ever raised)
 *     DLAB=1: divisor latch high (read/write storage)
 *  2  read IIR = 0x01 (no interrupt pending, no FIFOs); write FCR (ignored)
 *  3  LCR (read/write)
 *  4  MCR (bits 0-4 read/write; 0x08 after reset, OUT2, as QEMU has it)
 *  5  LSR = 0x60 (THRE | TEMT; DR is never set); writes ignored
 *  6  MSR = 0xB0 (DCD | DSR | CTS: a terminal is attached, as QEMU reports)
 *  7  SCR (read/write storage)
 * </pre>
 *
 * <p>Not emulated yet (the devices issue brings the full 16550): receiving, the FIFOs and the
 * FCR, interrupts, line timing (bytes leave instantly, whatever the divisor), modem-status
 * changes, and loopback. In loopback mode (MCR bit 4) transmitted bytes do not reach the host,
 * as a real UART disconnects its line, but neither do they come back as received data yet.
 */
public final class Uart16550 implements IoDevice {
    /** Base port of COM1. */
    public static final int COM1 = 0x3F8;

    static final int LSR_THRE = 0x20, LSR_TEMT = 0x40;
    static final int LCR_DLAB = 0x80;
    static final int MCR_OUT2 = 0x08, MCR_LOOP = 0x10;
    static final int MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_DCD = 0x80;
    static final int IIR_NO_INTERRUPT = 0x01;

    private final String name;
    private final OutputSink sink;
    private int base = -1;
    private int ier;
    private int lcr;
    private int mcr = MCR_OUT2;
    private int scr;
    private int divisorLow;
    private int divisorHigh;

    /** A UART called {@code name} (e.g. "COM1") whose transmitted bytes go to {@code line}. */
    public Uart16550(String name, OutputStream line) {
        this.name = name;
        this.sink = new OutputSink(name, line);
    }

    /** Claims the eight registers from {@code base} (byte access, as on the ISA bus). */
    public void attachTo(IoBus bus, int base) {
        bus.claim(name, base, 8, IoBus.BYTE, this);
        this.base = base;
    }

    @Override
    public int read(int port, int size) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        return switch (port - base) {
            case 0 -> dlab ? divisorLow : 0;
            case 1 -> dlab ? divisorHigh : ier;
            case 2 -> IIR_NO_INTERRUPT;
            case 3 -> lcr;
            case 4 -> mcr;
            case 5 -> LSR_THRE | LSR_TEMT;
            case 6 -> MSR_DCD | MSR_DSR | MSR_CTS;
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
                    divisorLow = value;
                } else if ((mcr & MCR_LOOP) == 0) {
                    sink.write(value);
                }
            }
            case 1 -> {
                if (dlab) {
                    divisorHigh = value;
                } else {
                    ier = value & 0x0F;
                }
            }
            case 3 -> lcr = value;
            case 4 -> mcr = value & 0x1F;
            case 7 -> scr = value;
            default -> {
                // FCR (2): FIFOs are not emulated yet. LSR (5), MSR (6): read-only.
            }
        }
    }

    /** The baud-rate divisor the guest programmed (DLM:DLL). */
    public int divisor() {
        return divisorHigh << 8 | divisorLow;
    }

    /** Pushes buffered output to the host. */
    public void flush() {
        sink.flush();
    }
}
