/*
 * ne.c -- the NE2000 (a DP8390 with 16/32 KiB of buffer memory behind the remote DMA), at
 * I/O base 0x300 and IRQ 9 (the emulator's defaults), through sys_inb/sys_outb for the
 * registers and sys_sdevio on the data port. Facts: emulator-devices .../net/Ne2000.java and
 * Dp8390.java (register map, PROM layout, ring rules).
 *
 * Card memory (pages of 256 bytes; the 16 KiB of a genuine NE2000, 0x40-0x7F):
 *   0x40-0x45  one transmit buffer (1536 bytes)
 *   0x46-0x7F  the receive ring. BNRY is the last page read, the next frame to read starts
 *              at BNRY + 1 (wrapping), the ring is empty when that is CURR.
 *
 * Overflow (ISR.OVW: the ring was full and a frame was dropped): the datasheet's recovery --
 * stop, clear the remote byte count, start in loopback, free at least one frame (the oldest,
 * counted as missed), back to normal -- and a transmission that the stop cut short is started
 * again. A ring header that makes no sense (bad next page or length) re-initialises the card.
 */
#include "dp8390.h"
#include <stdio.h>
#include <string.h>

#define BASE            0x300
#define DATA            (BASE + 0x10)
#define RESET           (BASE + 0x1F)
#define NE_IRQ          9

/* registers (offsets), page 0 unless said */
#define CR 0x00
#define PSTART 0x01
#define PSTOP 0x02
#define BNRY 0x03
#define TPSR 0x04
#define TBCR0 0x05
#define TBCR1 0x06
#define ISR 0x07
#define RSAR0 0x08
#define RSAR1 0x09
#define RBCR0 0x0A
#define RBCR1 0x0B
#define RCR 0x0C
#define TCR 0x0D
#define DCR 0x0E
#define IMR 0x0F
#define CNTR0 0x0D
#define CNTR1 0x0E
#define CNTR2 0x0F
#define PAR0 0x01       /* page 1 */
#define CURR 0x07       /* page 1 */
#define MAR0 0x08       /* page 1 */

#define CR_STP 0x01
#define CR_STA 0x02
#define CR_TXP 0x04
#define CR_RD_READ 0x08
#define CR_RD_WRITE 0x10
#define CR_RD_ABORT 0x20
#define CR_PAGE1 0x40

#define ISR_PRX 0x01
#define ISR_PTX 0x02
#define ISR_RXE 0x04
#define ISR_TXE 0x08
#define ISR_OVW 0x10
#define ISR_CNT 0x20
#define ISR_RDC 0x40
#define ISR_RST 0x80

#define DCR_WTS 0x01
#define DCR_LS 0x08
#define DCR_FT1 0x40
#define TCR_LB_INTERNAL 0x02
#define RCR_AB 0x04
#define RCR_AM 0x08
#define RCR_PRO 0x10
#define RCR_MON 0x20
#define RSR_PRX 0x01

#define TX_PAGE 0x40
#define RX_START 0x46
#define RX_STOP 0x80
#define PAGE 256

eth_stat stats;

static int hook_id = 0;
static int tx_busy;
static int cur_mode;
static uint8_t cur_mac[ETH_ADDR_LEN];
static uint8_t tx_copy[MAX_FRAME + 2];  /* the frame on the wire, for a restart after OVW */
static int tx_len;

static void out(int reg, int v)
{
    sys_outb(BASE + reg, (uint32_t)v);
}

static int in(int reg)
{
    uint32_t v = 0xFF;

    sys_inb(BASE + reg, &v);
    return (int)v;
}

/* Remote DMA: len bytes (rounded up to a word) from card address addr into buf. */
static int rdma_read(uint32_t addr, void *buf, int len)
{
    int words = (len + 1) / 2;

    out(RBCR0, (words * 2) & 0xFF);
    out(RBCR1, (words * 2) >> 8);
    out(RSAR0, addr & 0xFF);
    out(RSAR1, addr >> 8);
    out(CR, CR_RD_READ | CR_STA);
    int r = sys_sdevio(DIO_INPUT | DIO_WORD, DATA, buf, words);
    out(ISR, ISR_RDC);
    return r;
}

static int rdma_write(uint32_t addr, const void *buf, int len)
{
    int words = (len + 1) / 2, r;

    out(RBCR0, (words * 2) & 0xFF);
    out(RBCR1, (words * 2) >> 8);
    out(RSAR0, addr & 0xFF);
    out(RSAR1, addr >> 8);
    out(CR, CR_RD_WRITE | CR_STA);
    r = sys_sdevio(DIO_OUTPUT | DIO_WORD, DATA, (void *)buf, words);
    for (int i = 0; i < 100 && !(in(ISR) & ISR_RDC); i++)
        ;
    out(ISR, ISR_RDC);
    return r;
}

static int reset_card(void)
{
    uint32_t v;

    sys_inb(RESET, &v);
    sys_outb(RESET, v);
    for (int i = 0; i < 100; i++)
        if (in(ISR) & ISR_RST)
            return OK;
    return ENXIO;
}

/* The PROM holds each byte of the station address twice (bytes 2i and 2i+1), and 'WW' (0x57)
   at bytes 14-15, i.e. 28-31 as read here: the NE2000 signature. */
int ne_probe(uint8_t mac[ETH_ADDR_LEN])
{
    uint8_t prom[32];

    if (reset_card() != OK)
        return ENXIO;
    out(CR, CR_STP | CR_RD_ABORT);
    out(DCR, DCR_FT1 | DCR_LS);            /* byte mode for the 8-bit PROM */
    out(RBCR0, 32);
    out(RBCR1, 0);
    out(RSAR0, 0);
    out(RSAR1, 0);
    out(CR, CR_RD_READ | CR_STA);
    if (sys_sdevio(DIO_INPUT | DIO_BYTE, DATA, prom, 32) != OK)
        return ENXIO;
    out(ISR, ISR_RDC);
    if (prom[28] != 0x57 || prom[30] != 0x57)
        return ENXIO;
    for (int i = 0; i < ETH_ADDR_LEN; i++)
        mac[i] = prom[2 * i];
    return OK;
}

int ne_hook_irq(void)
{
    hook_id = 0;
    return sys_irqsetpolicy(NE_IRQ, IRQ_REENABLE, &hook_id);
}

static int rcr_of(int mode)
{
    int rcr = 0;

    if (mode & DL_BROAD_REQ)
        rcr |= RCR_AB;
    if (mode & DL_MULTI_REQ)
        rcr |= RCR_AM;
    if (mode & DL_PROMISC_REQ)
        rcr |= RCR_PRO;
    return rcr;
}

/* The datasheet's initialisation sequence; the card comes out running with the mode's
   receive filter. Whatever was being sent is gone (a reset ends it whole: no half frame). */
int ne_init(const uint8_t mac[ETH_ADDR_LEN], int mode)
{
    if (reset_card() != OK)
        return ENXIO;
    memcpy(cur_mac, mac, ETH_ADDR_LEN);
    cur_mode = mode;
    tx_busy = 0;
    out(CR, CR_STP | CR_RD_ABORT);
    out(DCR, DCR_FT1 | DCR_LS | DCR_WTS);
    out(RBCR0, 0);
    out(RBCR1, 0);
    out(RCR, RCR_MON);
    out(TCR, TCR_LB_INTERNAL);
    out(PSTART, RX_START);
    out(PSTOP, RX_STOP);
    out(BNRY, RX_START);
    out(ISR, 0xFF);
    out(IMR, 0);
    out(CR, CR_PAGE1 | CR_STP | CR_RD_ABORT);
    for (int i = 0; i < ETH_ADDR_LEN; i++)
        out(PAR0 + i, mac[i]);
    for (int i = 0; i < 8; i++)
        out(MAR0 + i, 0xFF);                /* multicast: let the hash pass all, inet filters */
    out(CURR, RX_START + 1);
    out(CR, CR_STA | CR_RD_ABORT);
    out(TCR, 0);
    out(RCR, rcr_of(mode));
    out(ISR, 0xFF);
    out(IMR, ISR_PRX | ISR_PTX | ISR_RXE | ISR_TXE | ISR_OVW | ISR_CNT);
    return OK;
}

int ne_tx_busy(void)
{
    return tx_busy;
}

int ne_send(const uint8_t *frame, int len)
{
    if (tx_busy)
        return EBUSY;
    if (len < ETH_MIN_PACK_SIZE || len > MAX_FRAME)
        return EINVAL;
    memcpy(tx_copy, frame, (size_t)len);
    tx_copy[len] = 0;
    tx_len = len;
    if (rdma_write(TX_PAGE * PAGE, tx_copy, len) != OK)
        return EIO;
    out(TPSR, TX_PAGE);
    out(TBCR0, len & 0xFF);
    out(TBCR1, len >> 8);
    out(CR, CR_TXP | CR_STA | CR_RD_ABORT);
    tx_busy = 1;
    return OK;
}

static int curr_page(void)
{
    int c;

    out(CR, CR_PAGE1 | CR_STA | CR_RD_ABORT);
    c = in(CURR);
    out(CR, CR_STA | CR_RD_ABORT);
    return c;
}

int ne_recv(uint8_t *buf)
{
    uint8_t hdr[4];
    int bnry = in(BNRY), next = bnry + 1, len, first;
    uint32_t addr;

    if (next >= RX_STOP)
        next = RX_START;
    if (next == curr_page())
        return 0;
    rdma_read((uint32_t)next * PAGE, hdr, 4);
    len = (hdr[2] | hdr[3] << 8) - 4;        /* the count includes the FCS */
    if (!(hdr[0] & RSR_PRX) || hdr[1] < RX_START || hdr[1] >= RX_STOP
        || len < 14 || len > MAX_FRAME) {
        printf("receive ring damaged (header %02x %02x %02x %02x): card re-initialised\n",
               hdr[0], hdr[1], hdr[2], hdr[3]);
        stats.ets_recvErr++;
        ne_init(cur_mac, cur_mode);
        return -1;
    }
    addr = (uint32_t)next * PAGE + 4;
    first = RX_STOP * PAGE - (int)addr;
    if (first >= len) {
        rdma_read(addr, buf, len);
    } else {
        rdma_read(addr, buf, first);        /* up to the ring's end (even: pages are) */
        rdma_read(RX_START * PAGE, buf + first, len - first);
    }
    out(BNRY, hdr[1] == RX_START ? RX_STOP - 1 : hdr[1] - 1);
    stats.ets_packetR++;
    return len;
}

/* Drops the oldest frame of the ring (overflow recovery with no reader waiting). */
static void drop_oldest(void)
{
    static uint8_t scratch[MAX_FRAME + 2];

    if (ne_recv(scratch) > 0) {
        stats.ets_packetR--;
        stats.ets_missedP++;
    }
}

static void overflow(void)
{
    int was_sending = tx_busy, isr;

    stats.ets_OVW++;
    /* Say so on the 1st, 10th, 100th ... overflow: visible, never a flood of lines. */
    for (unsigned p = 1; p <= stats.ets_OVW; p *= 10)
        if (p == stats.ets_OVW)
            printf("receive ring overflow %u: recovered (%u frames missed so far)\n",
                   (unsigned)stats.ets_OVW, (unsigned)stats.ets_missedP + 1);
    out(CR, CR_STP | CR_RD_ABORT);
    out(RBCR0, 0);
    out(RBCR1, 0);
    isr = in(ISR);
    out(TCR, TCR_LB_INTERNAL);
    out(CR, CR_STA | CR_RD_ABORT);
    drop_oldest();
    out(ISR, ISR_OVW);
    out(TCR, 0);
    /* A transmission the stop cut short (neither PTX nor TXE seen) is started again. */
    if (was_sending && !(isr & (ISR_PTX | ISR_TXE)))
        out(CR, CR_TXP | CR_STA | CR_RD_ABORT);
}

/* Acknowledges until ISR is clear: the IRQ line follows ISR & IMR and the PIC sees edges, so
   an event that arrives between our read and our acknowledgement would otherwise keep the
   line high for ever, and no interrupt would come again. */
int ne_interrupt(void)
{
    int seen = 0;

    for (int rounds = 0; rounds < 16; rounds++) {
        int isr = in(ISR) & 0x7F & ~ISR_RDC;

        if (isr == 0)
            break;
        seen |= isr;
        out(ISR, isr & ~ISR_OVW);
        if (isr & ISR_PTX)
            tx_busy = 0;
        if (isr & ISR_TXE) {
            stats.ets_sendErr++;
            tx_busy = 0;
        }
        if (isr & ISR_RXE)
            stats.ets_recvErr++;
        if (isr & ISR_CNT) {
            stats.ets_frameAll += (unsigned)in(CNTR0);
            stats.ets_CRCerr += (unsigned)in(CNTR1);
            stats.ets_missedP += (unsigned)in(CNTR2);
        }
        if (isr & ISR_OVW)
            overflow();
    }
    return seen;
}
