/*
 * net -- an NE2000 (DP8390) driver at I/O base 0x300, IRQ 9, written from the DP8390D
 * datasheet, in one of three roles chosen by the multiboot command line:
 *
 *   role=self (the default)  needs a back end that hands every frame sent back to the card
 *                            (minix-emu --net udp:P:127.0.0.1:P, QEMU -netdev dgram with
 *                            local = remote): the reset port, the station-address PROM (each
 *                            byte twice, the 'WW' signature), the datasheet's initialisation
 *                            sequence with PAR, MAR, CURR, PSTART, PSTOP read back, remote DMA
 *                            in word mode, transmit (PTX in ISR and TSR, IRQ 9) and receive
 *                            (PRX, the 4-byte header: status, next page, byte count) of frames
 *                            from 60 to 1514 bytes until the receive ring has wrapped several
 *                            times, the address filter (broadcast with and without RCR.AB, our
 *                            own and another unicast address, the multicast hash, promiscuous
 *                            mode), internal loopback, the tally counters;
 *   role=pong                initialises the card, prints "ready", then answers every ping
 *                            frame with a pong frame to its sender until the last one;
 *   role=ping                initialises the card, then sends PING_COUNT broadcast ping
 *                            frames of several sizes, one at a time, each answered before
 *                            the next goes.
 *
 * scripts/net-pair.sh runs a ping and a pong minix-emu connected by the udp back end. Ping
 * and pong use no timer (a waiting side halts until IRQ 9), so they need no guest time to
 * pass and repeat exactly with --clock virtual; the script bounds the wall-clock time.
 * Frames use the IEEE local experimental EtherType 0x88B5.
 *
 * Not checked, QEMU 7.2 not modelling them: ring overflow (QEMU holds frames back instead),
 * ISR.RST on a stop command, and the page 2 read-back of RCR, TCR, DCR and IMR.
 */
#include "pc.h"

const char test_name[] = "net";

#define NE_BASE     0x300
#define NE_IRQ      9
#define NE_DATA     (NE_BASE + 0x10)
#define NE_RESET    (NE_BASE + 0x1F)

/* Page 0 (and CR on every page). */
#define CR      (NE_BASE + 0x00)
#define PSTART  (NE_BASE + 0x01)
#define PSTOP   (NE_BASE + 0x02)
#define BNRY    (NE_BASE + 0x03)
#define TPSR    (NE_BASE + 0x04)    /* write; read: TSR */
#define TSR     (NE_BASE + 0x04)
#define TBCR0   (NE_BASE + 0x05)
#define TBCR1   (NE_BASE + 0x06)
#define ISR     (NE_BASE + 0x07)
#define RSAR0   (NE_BASE + 0x08)
#define RSAR1   (NE_BASE + 0x09)
#define RBCR0   (NE_BASE + 0x0A)
#define RBCR1   (NE_BASE + 0x0B)
#define RCR     (NE_BASE + 0x0C)    /* write; read: RSR */
#define TCR     (NE_BASE + 0x0D)    /* write; read: CNTR0 */
#define DCR     (NE_BASE + 0x0E)    /* write; read: CNTR1 */
#define IMR     (NE_BASE + 0x0F)    /* write; read: CNTR2 */
#define CNTR0   (NE_BASE + 0x0D)
#define CNTR1   (NE_BASE + 0x0E)
#define CNTR2   (NE_BASE + 0x0F)
/* Page 1. */
#define PAR(i)  (NE_BASE + 0x01 + (i))
#define CURR    (NE_BASE + 0x07)
#define MAR(i)  (NE_BASE + 0x08 + (i))

#define CR_STP  0x01
#define CR_STA  0x02
#define CR_TXP  0x04
#define CR_RREAD  0x08
#define CR_RWRITE 0x10
#define CR_NODMA  0x20
#define CR_PAGE(n) ((n) << 6)

#define ISR_PRX 0x01
#define ISR_PTX 0x02
#define ISR_RXE 0x04
#define ISR_TXE 0x08
#define ISR_OVW 0x10
#define ISR_CNT 0x20
#define ISR_RDC 0x40
#define ISR_RST 0x80

#define RCR_AB  0x04
#define RCR_AM  0x08
#define RCR_PRO 0x10

#define TX_PAGE   0x40          /* 6 pages: one 1536-byte frame */
#define RX_START  0x46
#define RX_STOP   0x60          /* 26 pages: a small ring wraps often */

#define ETHERTYPE 0x88B5
#define PING_COUNT 24

static uint8_t mac[6];
static uint8_t txbuf[1536], rxbuf[1536];
static uint8_t next_page;       /* where the next frame to read starts */

/* ---- IRQ 9 ------------------------------------------------------------------------------ */

/* Registers are only touched with IF = 0, on page 0 and with no remote DMA running, so the
   handler may read and acknowledge ISR as it finds it. */
static volatile uint8_t isr_seen;
static volatile uint32_t irq_count;

static int irq9(struct frame *f)
{
    (void)f;
    /* The card's line is high while ISR & IMR is not zero and the 8259A wants an edge:
       acknowledge until nothing enabled is left, or an event that came between the read
       and the acknowledge would hold the line high and no interrupt would come again. */
    for (int i = 0; i < 16; i++) {
        uint8_t isr = inb(ISR) & 0x3F;
        if (!isr)
            break;
        isr_seen |= isr;
        outb(ISR, isr);
    }
    irq_count++;
    pic_eoi(NE_IRQ);
    return 1;
}

/* HLT until ISR showed one of bits (acknowledged by the handler); with timeout_ms 0 no
   timer is used at all: only IRQ 9 can end the wait. Returns the bits seen. */
static uint8_t wait_isr(uint8_t bits, uint32_t timeout_ms)
{
    uint32_t start = pit_ticks;
    while (!(isr_seen & bits) && (!timeout_ms || pit_ticks - start < timeout_ms))
        wait_for_interrupt();
    uint8_t seen = isr_seen & bits;
    isr_seen &= (uint8_t)~bits;
    return seen;
}

/* ---- remote DMA ------------------------------------------------------------------------- */

static int remote_dma_done(void)
{
    for (uint32_t n = 0; n < 1000000; n++) {
        if (inb(ISR) & ISR_RDC) {
            outb(ISR, ISR_RDC);
            return 1;
        }
    }
    return 0;
}

static void dma_setup(uint16_t addr, uint16_t len, uint8_t cmd)
{
    outb(RBCR0, (uint8_t)len);
    outb(RBCR1, (uint8_t)(len >> 8));
    outb(RSAR0, (uint8_t)addr);
    outb(RSAR1, (uint8_t)(addr >> 8));
    outb(CR, (uint8_t)(cmd | CR_STA));
}

/* Word mode (DCR.WTS): lengths rounded up to even. */
static int dma_write(uint16_t addr, const void *data, uint16_t len)
{
    len = (uint16_t)((len + 1) & ~1);
    dma_setup(addr, len, CR_RWRITE);
    outsw(NE_DATA, data, len / 2u);
    return remote_dma_done();
}

static int dma_read(uint16_t addr, void *data, uint16_t len)
{
    len = (uint16_t)((len + 1) & ~1);
    dma_setup(addr, len, CR_RREAD);
    insw(NE_DATA, data, len / 2u);
    return remote_dma_done();
}

/* ---- the card ---------------------------------------------------------------------------- */

static int card_present(void)
{
    /* A stop command with no remote DMA, then CR must read back as written. */
    outb(CR, CR_PAGE(0) | CR_NODMA | CR_STP);
    return inb(CR) == (CR_PAGE(0) | CR_NODMA | CR_STP);
}

static int reset_done(void)
{
    for (uint32_t n = 0; n < 1000000; n++)
        if (inb(ISR) & ISR_RST)
            return 1;
    return 0;
}

static void read_prom(uint8_t prom[32])
{
    outb(DCR, 0x48);                /* byte-wide DMA, normal operation, FIFO 8 bytes */
    outb(RBCR0, 0);
    outb(RBCR1, 0);
    outb(IMR, 0);
    outb(ISR, 0xFF);
    outb(RCR, 0x20);                /* monitor */
    outb(TCR, 0x02);                /* internal loopback */
    dma_setup(0, 32, CR_RREAD);
    for (int i = 0; i < 32; i++)
        prom[i] = inb(NE_DATA);
    remote_dma_done();
}

/* The datasheet's initialisation sequence; the receiver accepts rcr. */
static void card_init(uint8_t rcr)
{
    outb(CR, CR_PAGE(0) | CR_NODMA | CR_STP);
    outb(DCR, 0x49);                /* word-wide DMA, normal operation, FIFO 8 bytes */
    outb(RBCR0, 0);
    outb(RBCR1, 0);
    outb(RCR, 0x20);                /* monitor while initialising */
    outb(TCR, 0x02);                /* internal loopback while initialising */
    outb(PSTART, RX_START);
    outb(PSTOP, RX_STOP);
    outb(BNRY, RX_STOP - 1);        /* BNRY: the last page read; the ring is empty */
    outb(ISR, 0xFF);
    outb(IMR, ISR_PRX | ISR_PTX | ISR_RXE | ISR_TXE | ISR_OVW);
    outb(CR, CR_PAGE(1) | CR_NODMA | CR_STP);
    for (int i = 0; i < 6; i++)
        outb(PAR(i), mac[i]);
    for (int i = 0; i < 8; i++)
        outb(MAR(i), 0);
    outb(CURR, RX_START);
    outb(CR, CR_PAGE(0) | CR_NODMA | CR_STA);
    outb(TCR, 0x00);                /* normal transmit */
    outb(RCR, rcr);
    next_page = RX_START;
}

static void set_rcr(uint8_t rcr)
{
    outb(RCR, rcr);
}

static void set_mar(const uint8_t mar[8])
{
    outb(CR, CR_PAGE(1) | CR_NODMA | CR_STA);
    for (int i = 0; i < 8; i++)
        outb(MAR(i), mar[i]);
    outb(CR, CR_PAGE(0) | CR_NODMA | CR_STA);
}

/* Sends len bytes of txbuf; waits (timeout_ms as wait_isr) for PTX. Returns TSR, or 0x100
   if the transmission did not complete. */
static unsigned transmit(uint16_t len, uint32_t timeout_ms)
{
    if (!dma_write(TX_PAGE << 8, txbuf, len))
        return 0x200;
    outb(TPSR, TX_PAGE);
    outb(TBCR0, (uint8_t)len);
    outb(TBCR1, (uint8_t)(len >> 8));
    outb(CR, CR_NODMA | CR_TXP | CR_STA);
    if (!(wait_isr(ISR_PTX | ISR_TXE, timeout_ms) & ISR_PTX))
        return 0x100;
    return inb(TSR);
}

static uint8_t curr(void)
{
    outb(CR, CR_PAGE(1) | CR_NODMA | CR_STA);
    uint8_t c = inb(CURR);
    outb(CR, CR_PAGE(0) | CR_NODMA | CR_STA);
    return c;
}

struct rx {
    int got;                    /* 1: a frame; 0: none within the time */
    uint8_t status, next;
    uint16_t count;             /* the header's byte count: frame + 4 */
    uint16_t len;               /* frame bytes in rxbuf */
    uint8_t page;               /* where it was */
    int header_ok;              /* next page where the byte count says */
};

/* Takes the next frame from the ring, waiting (timeout_ms as wait_isr) if it is empty. */
static struct rx receive(uint32_t timeout_ms)
{
    struct rx r = { 0, 0, 0, 0, 0, 0, 0 };
    while (curr() == next_page) {
        if (!wait_isr(ISR_PRX, timeout_ms) && timeout_ms)
            return r;
    }
    uint8_t hdr[4];
    r.page = next_page;
    dma_read((uint16_t)(next_page << 8), hdr, 4);
    r.status = hdr[0];
    r.next = hdr[1];
    r.count = (uint16_t)(hdr[2] | hdr[3] << 8);
    r.len = r.count >= 4 ? (uint16_t)(r.count - 4) : 0;
    if (r.len > sizeof rxbuf)
        r.len = sizeof rxbuf;
    dma_read((uint16_t)((next_page << 8) + 4), rxbuf, r.len);
    unsigned pages = (r.count + 4u + 255u) / 256u;
    unsigned want = next_page + pages;
    if (want >= RX_STOP)
        want -= RX_STOP - RX_START;
    r.header_ok = r.next == want;
    next_page = r.next >= RX_START && r.next < RX_STOP ? r.next : RX_START;
    outb(BNRY, next_page == RX_START ? RX_STOP - 1 : next_page - 1);
    r.got = 1;
    return r;
}

/* Builds a frame in txbuf: dst, our source, the EtherType, a 6-byte tag, the 16-bit
   sequence number, a flag byte, then a pattern up to len bytes. */
static void build(const uint8_t dst[6], const char *tag, uint16_t seq, uint8_t flags, uint16_t len)
{
    memcpy(txbuf, dst, 6);
    memcpy(txbuf + 6, mac, 6);
    txbuf[12] = ETHERTYPE >> 8;
    txbuf[13] = ETHERTYPE & 0xFF;
    memcpy(txbuf + 14, tag, 6);
    txbuf[20] = (uint8_t)(seq >> 8);
    txbuf[21] = (uint8_t)seq;
    txbuf[22] = flags;
    for (unsigned i = 23; i < len; i++)
        txbuf[i] = (uint8_t)(seq * 7u + i * 13u);
}

static const uint8_t broadcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

/* ---- common start ---------------------------------------------------------------------- */

static void start(uint8_t rcr)
{
    if (!card_present())
        panic("no NE2000 at I/O port 0x%x (minix-emu: --net; QEMU: -device ne2k_isa)", NE_BASE);
    outb(NE_RESET, inb(NE_RESET));
    check(reset_done(), "reset port: ISR.RST set");
    outb(ISR, 0xFF);

    uint8_t prom[32];
    read_prom(prom);
    int doubled = 1;
    for (int i = 0; i < 32; i += 2)
        doubled &= prom[i] == prom[i + 1];
    check(doubled, "PROM (byte-wide read of 32 bytes): every byte twice, a 16-bit card");
    check(prom[28] == 0x57 && prom[30] == 0x57, "PROM bytes 14 and 15: the NE2000 signature 'WW'");
    for (int i = 0; i < 6; i++)
        mac[i] = prom[2 * i];
    check(!(mac[0] & 1) && (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]),
          "PROM: an individual, non-zero station address");

    irq_set_handler(NE_IRQ, irq9);
    pic_unmask(NE_IRQ);
    card_init(rcr);
}

/* ---- role=self -------------------------------------------------------------------------- */

static int frame_back(const struct rx *r, uint16_t len)
{
    return r->got && r->len == len && memcmp(rxbuf, txbuf, len) == 0;
}

static void self_test(void)
{
    start(RCR_AB);

    /* Registers read back on pages 1 and 2. */
    outb(CR, CR_PAGE(1) | CR_NODMA | CR_STA);
    int par = 1;
    for (int i = 0; i < 6; i++)
        par &= inb(PAR(i)) == mac[i];
    uint8_t cur = inb(CURR);
    outb(CR, CR_PAGE(2) | CR_NODMA | CR_STA);
    uint8_t pstart = inb(PSTART), pstop = inb(PSTOP);
    outb(CR, CR_PAGE(0) | CR_NODMA | CR_STA);
    check(par, "page 1: PAR0-5 read back");
    check_eq("page 1: CURR reads back", cur, RX_START);
    check(pstart == RX_START && pstop == RX_STOP, "page 2: PSTART and PSTOP read back");
    check_eq("page 0: BNRY reads back", inb(BNRY), RX_STOP - 1);
    check_eq("after the start command: ISR.RST clear", inb(ISR) & ISR_RST, 0);

    /* Remote DMA, word mode: a pattern into card memory and back. */
    for (int i = 0; i < 256; i++)
        txbuf[i] = (uint8_t)(i * 3 + 1);
    int w = dma_write(0x5000, txbuf, 256);
    memset(rxbuf, 0, 256);
    int r = dma_read(0x5000, rxbuf, 256);
    check(w && r, "remote DMA write and read: ISR.RDC at the end of each");
    check(memcmp(rxbuf, txbuf, 256) == 0, "remote DMA: card memory reads back what was written");

    /* The smallest frame, broadcast. */
    build(broadcast, "MXSELF", 0, 0, 60);
    unsigned tsr = transmit(60, 1000);
    check_eq("transmit 60 bytes: PTX in ISR (IRQ 9), TSR.PTX", tsr & 0x101, 0x01);
    struct rx rx = receive(1000);
    if (!rx.got)
        panic("no frame came back within a second: role=self needs a back end that returns "
              "every frame (minix-emu --net udp:P:127.0.0.1:P; QEMU -netdev dgram with local = remote)");
    check(frame_back(&rx, 60), "receive: the broadcast frame back, 60 bytes");
    check_eq("receive header: status PRX and PHY (broadcast)", rx.status, 0x21);
    check_eq("receive header: byte count = frame + 4", rx.count, 64);
    check(rx.header_ok, "receive header: next page after header, frame and FCS");

    /* Every size, around the ring several times. */
    static const uint16_t sizes[] = { 1514, 61, 252, 253, 1000, 508, 509, 1513, 64, 700 };
    int all = 1, headers = 1, wrapped = 0;
    for (int i = 0; i < 30; i++) {
        uint16_t len = sizes[i % 10];
        build(broadcast, "MXSELF", (uint16_t)(i + 1), 0, len);
        tsr = transmit(len, 1000);
        rx = receive(1000);
        all &= (tsr & 0x101) == 0x01 && frame_back(&rx, len);
        headers &= rx.header_ok && rx.status == 0x21 && rx.count == len + 4u;
        wrapped += rx.got && rx.next < rx.page;
        if (!all || !headers) {
            printf("    frame %d (%u bytes): TSR 0x%x, got %d, %u bytes, status 0x%x count %u next 0x%x at 0x%x\n",
                   i, len, tsr, rx.got, rx.len, rx.status, rx.count, rx.next, rx.page);
            break;
        }
    }
    check(all, "30 frames of 61 to 1514 bytes: each sent and received intact");
    check(headers, "30 frames: every header right (status, byte count, next page)");
    check(wrapped >= 3, "the receive ring wrapped from PSTOP to PSTART three times");

    /* The address filter. A frame that must be dropped is followed by one that must
       arrive: the first frame received tells. */
    static const uint8_t other[6] = { 0x02, 0x00, 0x5E, 0x10, 0x20, 0x30 };
    static const uint8_t mcast_in[6] = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x01 };
    static const uint8_t mcast_out[6] = { 0x01, 0x00, 0x5E, 0x00, 0x00, 0x02 };

    build(other, "MXSELF", 100, 0, 80);
    transmit(80, 1000);
    build(mac, "MXSELF", 101, 0, 80);
    transmit(80, 1000);
    rx = receive(1000);
    check(frame_back(&rx, 80) && rx.status == 0x01,
          "another station's address dropped; our own accepted (status PRX, PHY clear)");

    set_rcr(0);
    build(broadcast, "MXSELF", 102, 0, 80);
    transmit(80, 1000);
    build(mac, "MXSELF", 103, 0, 80);
    transmit(80, 1000);
    rx = receive(1000);
    check(frame_back(&rx, 80), "RCR.AB clear: broadcast dropped");

    /* Multicast: the hash is the top 6 bits of the Ethernet CRC of the address. */
    uint32_t crc = 0xFFFFFFFF;
    for (int i = 0; i < 6; i++) {
        uint8_t b = mcast_in[i];
        for (int j = 0; j < 8; j++) {
            uint32_t carry = ((crc >> 31) ^ b) & 1;
            crc <<= 1;
            b >>= 1;
            if (carry)
                crc ^= 0x04C11DB7;
        }
    }
    unsigned hash = crc >> 26;
    uint8_t mar[8] = { 0 };
    mar[hash >> 3] = (uint8_t)(1 << (hash & 7));
    set_mar(mar);
    set_rcr(RCR_AM);
    build(mcast_in, "MXSELF", 104, 0, 80);
    transmit(80, 1000);
    rx = receive(1000);
    check(frame_back(&rx, 80) && rx.status == 0x21, "RCR.AM: a multicast address whose hash bit is set arrives");
    build(mcast_out, "MXSELF", 105, 0, 80);
    transmit(80, 1000);
    build(mac, "MXSELF", 106, 0, 80);
    transmit(80, 1000);
    rx = receive(1000);
    check(frame_back(&rx, 80), "RCR.AM: a multicast address whose hash bit is clear is dropped");

    set_rcr(RCR_PRO);
    build(other, "MXSELF", 107, 0, 80);
    transmit(80, 1000);
    rx = receive(1000);
    check(frame_back(&rx, 80), "RCR.PRO: another station's frame arrives");

    /* Internal loopback (TCR LB = 01). */
    set_rcr(RCR_AB);
    outb(TCR, 0x02);
    build(broadcast, "MXSELF", 108, 0, 100);
    tsr = transmit(100, 1000);
    rx = receive(1000);
    outb(TCR, 0x00);
    check((tsr & 0x101) == 0x01 && frame_back(&rx, 100), "internal loopback: the frame sent is received");

    check(curr() == next_page, "the ring is empty at the end");
    uint8_t c0 = inb(CNTR0), c1 = inb(CNTR1), c2 = inb(CNTR2);
    check(c0 == 0 && c1 == 0 && c2 == 0, "tally counters: no alignment or CRC error, none missed");
    check_eq("no receive error, overwrite or transmit error seen", isr_seen & (ISR_RXE | ISR_OVW | ISR_TXE), 0);
}

/* ---- role=ping and role=pong --------------------------------------------------------------- */

static const uint16_t ping_sizes[] = { 60, 1514, 100, 1000, 253, 508, 1513, 64 };

static int is_ours(const struct rx *r, const char *tag)
{
    return r->got && r->len >= 23 && rxbuf[12] == (ETHERTYPE >> 8) && rxbuf[13] == (ETHERTYPE & 0xFF)
           && memcmp(rxbuf + 14, tag, 6) == 0;
}

static void ping(void)
{
    start(RCR_AB);
    int replies = 0, intact = 0, stray = 0;
    for (uint16_t seq = 0; seq < PING_COUNT; seq++) {
        uint16_t len = ping_sizes[seq % 8];
        build(broadcast, "MXPING", seq, seq == PING_COUNT - 1, len);
        if ((transmit(len, 0) & 0x101) != 0x01)
            break;
        for (;;) {
            struct rx r = receive(0);
            if (!is_ours(&r, "MXPONG")) {
                stray++;
                continue;
            }
            uint16_t got = (uint16_t)(rxbuf[20] << 8 | rxbuf[21]);
            if (got != seq) {
                stray++;
                continue;
            }
            replies++;
            /* The reply: to us, the same length and bytes after the tag. */
            intact += r.len == len && memcmp(rxbuf, mac, 6) == 0
                      && memcmp(rxbuf + 20, txbuf + 20, len - 20u) == 0;
            break;
        }
    }
    check_eq("ping: every ping answered", replies, PING_COUNT);
    check_eq("ping: every pong addressed to us, the ping's size and contents", intact, PING_COUNT);
    check_eq("ping: no stray frames", stray, 0);
}

static void pong(void)
{
    start(RCR_AB);
    printf("pong: ready\n");
    int answered = 0, bad = 0, in_order = 1;
    for (;;) {
        struct rx r = receive(0);
        if (!is_ours(&r, "MXPING") || !r.header_ok) {
            bad++;
            continue;
        }
        uint16_t seq = (uint16_t)(rxbuf[20] << 8 | rxbuf[21]);
        in_order &= seq == answered;
        int last = rxbuf[22] & 1;
        memcpy(txbuf, rxbuf + 6, 6);        /* back to the sender */
        memcpy(txbuf + 6, mac, 6);
        memcpy(txbuf + 12, rxbuf + 12, 2);
        memcpy(txbuf + 14, "MXPONG", 6);
        memcpy(txbuf + 20, rxbuf + 20, r.len - 20u);
        if ((transmit(r.len, 0) & 0x101) != 0x01)
            break;
        answered++;
        if (last)
            break;
    }
    check_eq("pong: every ping answered", answered, PING_COUNT);
    check(in_order, "pong: pings in sequence");
    check_eq("pong: no stray frames", bad, 0);
}

void test_main(void)
{
    char role[16];
    if (!cmdline_get("role", role, sizeof role))
        memcpy(role, "self", 5);
    pic_init();
    if (strcmp(role, "self") == 0) {
        timebase_start();
        self_test();
    } else if (strcmp(role, "ping") == 0) {
        ping();
    } else if (strcmp(role, "pong") == 0) {
        pong();
    } else {
        panic("unknown role=%s (self, ping or pong)", role);
    }
    check_eq("no spurious IRQ 7 or 15", pic_spurious7 + pic_spurious15, 0);
}
