/*
 * uart.c -- the 16550A of each line, reached only through SYS_DEVIO/SYS_VDEVIO/SYS_SDEVIO on
 * the ports boot.cfg grants, and its IRQ through SYS_IRQCTL.
 *
 * Interrupt driven both ways, FIFOs on:
 *  - input: the receiver interrupts at 8 bytes in its FIFO, or after four character times of
 *    silence (the FIFO timeout) with fewer; the bytes are read with one SYS_VDEVIO of
 *    (LSR, RBR) pairs per 8 bytes (an RBR read is valid only when the LSR just before said
 *    Data Ready; reading an empty RBR has no side effect);
 *  - output: when the transmitter is idle, up to 16 bytes go into the TX FIFO with one
 *    SYS_SDEVIO; the THR-empty interrupt says the FIFO drained, and the next 16 follow. No
 *    per-character polling: a 16-byte burst costs a handful of kernel calls.
 * The hook is set without IRQ_REENABLE: the kernel masks the line when it fires, we read IIR
 * until it says "no interrupt" (so the UART's output has dropped and the next condition makes
 * a new edge for the edge-triggered PIC), and only then enable the line again.
 */
#include <stdio.h>
#include <minix/syslib.h>
#include "tty.h"

/* Register offsets and bits (Uart16550.java has the emulated chip's exact behaviour). */
#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

#define IER_RDA   0x01
#define IER_THRE  0x02
#define IER_RLS   0x04
#define IIR_NONE  0x01
#define IIR_ID    0x0E
#define IIR_MS    0x00
#define IIR_THRE  0x02
#define IIR_RDA   0x04
#define IIR_RLS   0x06
#define IIR_TIMEOUT 0x0C
#define FCR_ENABLE   0x01
#define FCR_RX_RESET 0x02
#define FCR_TX_RESET 0x04
#define FCR_TRIGGER8 0x80
#define LCR_8N1  0x03
#define LCR_DLAB 0x80
#define MCR_DTR  0x01
#define MCR_RTS  0x02
#define MCR_OUT2 0x08
#define LSR_DR   0x01

#define TX_FIFO 16
#define RX_PAIRS 8

static int outb(struct tty *tp, int reg, uint32_t v)
{
    return sys_outb(tp->port + reg, v);
}

static uint32_t inb(struct tty *tp, int reg)
{
    uint32_t v = 0;
    sys_inb(tp->port + reg, &v);
    return v;
}

int uart_init(struct tty *tp, int line)
{
    uint32_t v;
    int r;

    /* Probe: the scratch register keeps what is written to it. */
    if ((r = sys_outb(tp->port + SCR, 0x5A)) != OK)
        return r;
    if (sys_inb(tp->port + SCR, &v) != OK || v != 0x5A) {
        tp->present = 0;
        return ENXIO;
    }
    outb(tp, IER, 0);                       /* quiet while it is set up */
    outb(tp, LCR, LCR_DLAB);
    outb(tp, DLL, 1);                       /* 115200 baud: the fastest the line goes */
    outb(tp, DLM, 0);
    outb(tp, LCR, LCR_8N1);
    outb(tp, FCR, FCR_ENABLE | FCR_RX_RESET | FCR_TX_RESET | FCR_TRIGGER8);
    outb(tp, MCR, MCR_DTR | MCR_OUT2);      /* OUT2 gates the IRQ on a PC; RTS: uart_set_rts */
    tp->rts = 0;
    (void)inb(tp, LSR);                     /* clear stale conditions */
    (void)inb(tp, MSR);
    (void)inb(tp, IIR);

    tp->hook_id = line;                     /* the bit in the HARDWARE notification */
    if ((r = sys_irqsetpolicy(tp->irq, 0, &tp->hook_id)) != OK) {
        printf("%s: cannot hook IRQ %d: %d\n", tp->name, tp->irq, r);
        return r;
    }
    if ((r = sys_irqenable(&tp->hook_id)) != OK)
        return r;
    tp->tx_busy = 0;
    tp->present = 1;
    /* Enabling THRE with an empty FIFO raises it at once: the first interrupt comes now. */
    outb(tp, IER, IER_RDA | IER_THRE | IER_RLS);
    return OK;
}

/* Reads what the RX FIFO holds, 8 (LSR, RBR) pairs per kernel call. */
/*
 * RTS is up exactly while a read waits on the line: flow control at the granularity of a
 * reader. A sender that honours it (minix-emu feeding a piped session) sends a line only when
 * someone asks for one, so a scripted session reads as if typed at each prompt. A terminal
 * that ignores RTS (a person typing) is not affected: input is taken whenever it comes.
 */
void uart_set_rts(struct tty *tp, int on)
{
    on = on != 0;
    if (tp->rts == on)
        return;
    tp->rts = on;
    outb(tp, MCR, MCR_DTR | MCR_OUT2 | (on ? MCR_RTS : 0));
}

static void read_input(struct tty *tp)
{
    pv_pair pairs[2 * RX_PAIRS];
    int events = 0;

    for (;;) {
        int got = 0, more = 1;
        for (int i = 0; i < RX_PAIRS; i++) {
            pairs[2 * i].port = (uint32_t)(tp->port + LSR);
            pairs[2 * i + 1].port = (uint32_t)(tp->port + RBR);
        }
        if (sys_vdevio(DIO_INPUT | DIO_BYTE, pairs, 2 * RX_PAIRS) != OK)
            return;
        for (int i = 0; i < RX_PAIRS; i++) {
            if (!(pairs[2 * i].value & LSR_DR)) {
                more = 0;
                break;
            }
            events |= ld_input(&tp->ld, (unsigned char)pairs[2 * i + 1].value);
            got++;
        }
        if (!more || got == 0)
            break;
    }
    dev_input_arrived(tp, events);
}

void uart_start_output(struct tty *tp)
{
    unsigned char burst[TX_FIFO];
    size_t n;

    if (!tp->present || tp->tx_busy)
        return;
    n = ld_out_take(&tp->ld, burst, sizeof burst);
    if (n == 0)
        return;
    if (sys_sdevio(DIO_OUTPUT | DIO_BYTE, tp->port + THR, burst, (int)n) != OK)
        return;
    tp->tx_busy = 1;
}

void uart_interrupt(struct tty *tp)
{
    int drained = 0;

    if (!tp->present)
        return;
    for (int rounds = 0; rounds < 64; rounds++) {
        uint32_t iir = inb(tp, IIR);
        if (iir & IIR_NONE)
            break;
        switch (iir & IIR_ID) {
        case IIR_RLS:
            (void)inb(tp, LSR);             /* an overrun: a byte was lost; reading clears it */
            break;
        case IIR_RDA:
        case IIR_TIMEOUT:
            read_input(tp);
            break;
        case IIR_THRE:                      /* reading IIR cleared it */
            tp->tx_busy = 0;
            drained = 1;
            uart_start_output(tp);
            break;
        default:
            (void)inb(tp, MSR);
            break;
        }
    }
    if (drained)
        dev_output_room(tp);                /* pending writes, drains, kernel text */
    sys_irqenable(&tp->hook_id);
}
