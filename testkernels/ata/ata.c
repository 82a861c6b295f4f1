/*
 * ata -- an ATA PIO driver for the primary channel (0x1F0-0x1F7, 0x3F6, IRQ 14), written
 * from ATA/ATAPI-6, run against device 0, a 4 MiB scratch image of zeros that the test
 * script creates (8192 sectors): the soft reset (SRST) and EXECUTE DEVICE DIAGNOSTIC
 * signatures; IDENTIFY DEVICE (LBA28 capacity equal to the image size, LBA supported, a
 * non-empty printable model and serial number -- never printed, they differ between
 * emulators -- a consistent CHS geometry, the READ/WRITE MULTIPLE limit); WRITE SECTORS of
 * one and of several sectors, FLUSH CACHE, READ SECTORS back and compared; a never-written
 * sector reading as zeros; the last sector; a sector count of 0 meaning 256 sectors; the
 * command block registers read back; CHS addressing (the current geometry) against
 * LBA; SET MULTIPLE MODE with READ/WRITE MULTIPLE in blocks, and a block size beyond the
 * limit aborted; a sector beyond the end (IDNF or ABRT: ATA-6 allows either, QEMU reports
 * ABRT) and a read running across the end; an unknown command (ABRT); device 1 absent
 * (status 00h). All of that with nIEN set, polling; then with nIEN clear, the same commands
 * counted on IRQ 14: one interrupt per DRQ block of a read, none before the first block of
 * a write and one after each block, one for a non-data command and for an error, none at
 * all while nIEN is set.
 *
 * The script compares the image after the run between emulators: the data written here
 * must have reached the file (FLUSH CACHE, and the end of the run).
 */
#include "pc.h"

const char test_name[] = "ata";

#define DATA    0x1F0
#define ERROR   0x1F1
#define FEATURES 0x1F1
#define COUNT   0x1F2
#define LBA0    0x1F3           /* sector number */
#define LBA1    0x1F4           /* cylinder low */
#define LBA2    0x1F5           /* cylinder high */
#define DEVICE  0x1F6
#define STATUS  0x1F7
#define COMMAND 0x1F7
#define ALTSTATUS 0x3F6
#define CONTROL 0x3F6

#define ST_BSY  0x80
#define ST_DRDY 0x40
#define ST_DRQ  0x08
#define ST_ERR  0x01
#define ER_IDNF 0x10
#define ER_ABRT 0x04
#define CTL_SRST 0x04
#define CTL_NIEN 0x02

#define CMD_READ_SECTORS    0x20
#define CMD_WRITE_SECTORS   0x30
#define CMD_DIAGNOSTIC      0x90
#define CMD_READ_MULTIPLE   0xC4
#define CMD_WRITE_MULTIPLE  0xC5
#define CMD_SET_MULTIPLE    0xC6
#define CMD_FLUSH_CACHE     0xE7
#define CMD_IDENTIFY        0xEC
#define CMD_UNKNOWN         0x01    /* reserved in ATA/ATAPI-6 */

#define SECTORS 8192u           /* the 4 MiB scratch image */

static uint16_t ident[256];
static uint8_t buf[16 * 512], expect[16 * 512];
static uint8_t big[256 * 512];      /* one command of 256 sectors (sector count 0) */
static unsigned cyls, heads, spt;   /* the current CHS translation */
static unsigned max_multiple;

/* ---- the driver -------------------------------------------------------------------------- */

static int irq_mode;                        /* nIEN clear: wait for IRQ 14 */
static volatile uint32_t irq_count;
static volatile uint8_t irq_status;         /* the status register read by the handler */

static int irq14(struct frame *f)
{
    (void)f;
    irq_status = inb(STATUS);               /* acknowledges INTRQ */
    irq_count++;
    pic_eoi(14);
    return 1;
}

static void delay400ns(void)
{
    for (int i = 0; i < 5; i++)
        (void)inb(ALTSTATUS);
}

static int not_busy(void) { return !(inb(ALTSTATUS) & ST_BSY); }

/* Polling: BSY clear, then the status register. 0xFF if BSY stayed set for 2 s. */
static uint8_t wait_ready(void)
{
    delay400ns();
    if (!wait_until(not_busy, 2000))
        return 0xFF;
    return inb(STATUS);
}

/* Interrupt mode: HLT until IRQ 14 came n times in all (the handler read the status);
   0xFF if it did not within 2 s. */
static uint8_t wait_irq(uint32_t n)
{
    uint32_t start = pit_ticks;
    while (irq_count < n && pit_ticks - start < 2000)
        wait_for_interrupt();
    return irq_count >= n ? irq_status : 0xFF;
}

static void set_nien(int nien)
{
    outb(CONTROL, nien ? CTL_NIEN : 0);
    irq_mode = !nien;
}

static void select_lba(uint32_t lba, uint8_t count)
{
    outb(DEVICE, (uint8_t)(0xE0 | ((lba >> 24) & 0x0F)));
    delay400ns();
    outb(COUNT, count);
    outb(LBA0, (uint8_t)lba);
    outb(LBA1, (uint8_t)(lba >> 8));
    outb(LBA2, (uint8_t)(lba >> 16));
}

static void select_chs(unsigned c, unsigned h, unsigned s, uint8_t count)
{
    outb(DEVICE, (uint8_t)(0xA0 | (h & 0x0F)));
    delay400ns();
    outb(COUNT, count);
    outb(LBA0, (uint8_t)s);
    outb(LBA1, (uint8_t)c);
    outb(LBA2, (uint8_t)(c >> 8));
}

/* The outcome of one command. */
struct result {
    uint8_t status;             /* the final status (0xFF: timed out) */
    uint8_t error;              /* the error register if ERR */
    unsigned blocks;            /* DRQ blocks transferred */
    uint32_t irqs;              /* IRQ 14 interrupts during the command */
    uint32_t irqs_before_first; /* interrupts before the first block of a write */
};

/* Issues cmd (registers already loaded) and runs its protocol. dir: 0 non-data, 1 data
   in, 2 data out; sectors: the whole transfer; block: sectors per DRQ block. */
static struct result run(uint8_t cmd, int dir, void *data, unsigned sectors, unsigned block)
{
    struct result r = { 0, 0, 0, 0, 0 };
    uint32_t irq0 = irq_count;
    uint8_t *p = data;
    unsigned left = sectors;
    outb(COMMAND, cmd);
    if (dir == 2) {
        /* Data out: DRQ for the first block comes without an interrupt. */
        r.status = wait_ready();
        r.irqs_before_first = irq_count - irq0;
        while (r.status != 0xFF && (r.status & ST_DRQ) && !(r.status & ST_ERR) && left) {
            unsigned n = left < block ? left : block;
            outsw(DATA, p, n * 256);
            p += n * 512;
            left -= n;
            r.blocks++;
            r.status = irq_mode ? wait_irq(irq0 + r.blocks) : wait_ready();
        }
        if (irq_mode && r.status != 0xFF)
            r.status = wait_ready();
    } else {
        for (;;) {
            r.status = irq_mode ? wait_irq(irq0 + r.blocks + 1) : wait_ready();
            if (r.status == 0xFF || (r.status & ST_ERR) || !(r.status & ST_DRQ) || dir != 1
                || !left)
                break;
            unsigned n = left < block ? left : block;
            insw(DATA, p, n * 256);
            p += n * 512;
            left -= n;
            r.blocks++;
            if (!left) {
                r.status = wait_ready();
                break;
            }
        }
    }
    if (r.status != 0xFF && (r.status & ST_ERR))
        r.error = inb(ERROR);
    /* Any interrupt still on its way (none is expected) would be counted now. */
    if (irq_mode) {
        for (int i = 0; i < 3; i++)
            wait_for_interrupt();
    }
    r.irqs = irq_count - irq0;
    return r;
}

static int ok_status(const struct result *r)
{
    return r->status != 0xFF && !(r->status & (ST_BSY | ST_ERR | ST_DRQ)) && (r->status & ST_DRDY);
}

/* ---- data --------------------------------------------------------------------------------- */

static uint8_t pattern(uint32_t lba, unsigned i)
{
    return (uint8_t)(lba * 31u + i * 7u + (i >> 8) * 3u + 1u);
}

static void fill(uint8_t *p, uint32_t lba, unsigned sectors)
{
    for (unsigned s = 0; s < sectors; s++)
        for (unsigned i = 0; i < 512; i++)
            p[s * 512 + i] = pattern(lba + s, i);
}

static struct result write_lba(uint32_t lba, unsigned n)
{
    fill(expect, lba, n);
    select_lba(lba, (uint8_t)n);
    return run(CMD_WRITE_SECTORS, 2, expect, n, 1);
}

static struct result read_lba(uint32_t lba, unsigned n)
{
    memset(buf, 0xEE, n * 512);
    select_lba(lba, (uint8_t)n);
    return run(CMD_READ_SECTORS, 1, buf, n, 1);
}

static int same(uint32_t lba, unsigned n)
{
    fill(expect, lba, n);
    return memcmp(buf, expect, n * 512) == 0;
}

static void check_result(const char *name, const struct result *r, unsigned blocks)
{
    if (!check(ok_status(r) && r->blocks == blocks, name))
        printf("    status 0x%x error 0x%x, %u blocks, want status 0x40/0x50 and %u blocks\n",
               r->status, r->error, r->blocks, blocks);
}

static void check_error(const char *name, const struct result *r, uint8_t errors)
{
    int ok = r->status != 0xFF && (r->status & ST_ERR) && !(r->status & (ST_BSY | ST_DRQ))
             && (r->error & errors) && !(r->error & ~errors);
    if (!check(ok, name))
        printf("    status 0x%x error 0x%x\n", r->status, r->error);
}

/* ---- the tests ---------------------------------------------------------------------------- */

static void check_signature(const char *name)
{
    uint8_t sig[4] = { inb(COUNT), inb(LBA0), inb(LBA1), inb(LBA2) };
    if (!check(sig[0] == 1 && sig[1] == 1 && sig[2] == 0 && sig[3] == 0, name))
        printf("    %x %x %x %x\n", sig[0], sig[1], sig[2], sig[3]);
}

static void reset_and_diagnostic(void)
{
    outb(DEVICE, 0xA0);
    outb(CONTROL, CTL_SRST | CTL_NIEN);
    pit_delay_ms(1);
    outb(CONTROL, CTL_NIEN);
    pit_delay_ms(3);
    int idle = wait_until(not_busy, 1000);
    uint8_t st = inb(STATUS);
    if (!idle || st == 0x00 || st == 0xFF)
        panic("no ATA device 0 on the primary channel (status 0x%x after a soft reset); "
              "minix-emu: --hda IMAGE, QEMU: -drive file=IMAGE,format=raw,if=ide,index=0", st);
    check(idle, "soft reset: BSY clears");
    check_eq("soft reset: device 0 ready (DRDY, no DRQ or ERR)", st & (ST_BSY | ST_DRDY | ST_DRQ | ST_ERR), ST_DRDY);
    check_eq("soft reset: error register 01h (diagnostic passed)", inb(ERROR), 0x01);
    check_signature("soft reset: ATA signature (count 1, LBA 1, 0, 0)");

    outb(DEVICE, 0xA0);
    delay400ns();
    outb(COMMAND, CMD_DIAGNOSTIC);
    st = wait_ready();
    check_eq("EXECUTE DEVICE DIAGNOSTIC: completes without ERR", st & (ST_BSY | ST_DRQ | ST_ERR), 0);
    check_eq("EXECUTE DEVICE DIAGNOSTIC: error register 01h", inb(ERROR), 0x01);
    check_signature("EXECUTE DEVICE DIAGNOSTIC: ATA signature");

    outb(DEVICE, 0xB0);             /* device 1: not there */
    delay400ns();
    check_eq("device 1 absent: status reads 00h", inb(STATUS), 0x00);
    outb(DEVICE, 0xA0);
    delay400ns();
}

static int printable(unsigned first, unsigned words)
{
    int nonblank = 0;
    for (unsigned w = first; w < first + words; w++) {
        uint8_t c[2] = { (uint8_t)(ident[w] >> 8), (uint8_t)ident[w] };
        for (int i = 0; i < 2; i++) {
            if (c[i] < 0x20 || c[i] > 0x7E)
                return 0;
            if (c[i] != ' ')
                nonblank = 1;
        }
    }
    return nonblank;
}

static void registers(void)
{
    outb(DEVICE, 0xE0);
    delay400ns();
    outb(COUNT, 0x5A);
    outb(LBA0, 0xA5);
    outb(LBA1, 0x3C);
    outb(LBA2, 0xC3);
    int same = inb(COUNT) == 0x5A && inb(LBA0) == 0xA5 && inb(LBA1) == 0x3C && inb(LBA2) == 0xC3;
    check(same, "command block registers (count, LBA 0-23) read back what was written");
    check_eq("device register reads back LBA mode, device 0", inb(DEVICE) & 0x5F, 0x40);
    check_eq("alternate status equals status (device idle)", inb(ALTSTATUS), inb(STATUS));
}

static void identify(void)
{
    outb(DEVICE, 0xA0);
    delay400ns();
    struct result r = run(CMD_IDENTIFY, 1, ident, 1, 1);
    check_result("IDENTIFY DEVICE: one block of data, then ready", &r, 1);
    check_eq("IDENTIFY: word 0 bit 15 clear (ATA device)", ident[0] & 0x8000, 0);
    check_eq("IDENTIFY: word 49 bit 9 (LBA supported)", ident[49] & 0x0200, 0x0200);
    uint32_t capacity = ident[60] | (uint32_t)ident[61] << 16;
    if (!check(capacity == SECTORS, "IDENTIFY: words 60-61, LBA28 capacity = the image's sectors"))
        printf("    %u sectors, want %u\n", capacity, SECTORS);
    check(printable(27, 20), "IDENTIFY: model number (words 27-46) printable ASCII, not blank");
    check(printable(10, 10), "IDENTIFY: serial number (words 10-19) printable ASCII, not blank");
    max_multiple = ident[47] & 0xFF;
    check(max_multiple >= 2, "IDENTIFY: word 47, READ/WRITE MULTIPLE of at least 2 sectors");
    unsigned c = ident[1], h = ident[3], s = ident[6];
    check(c && h && h <= 16 && s && s <= 63 && c * h * s <= capacity,
          "IDENTIFY: default geometry (words 1, 3, 6) within the capacity");
    if (ident[53] & 1) {
        cyls = ident[54], heads = ident[55], spt = ident[56];
        uint32_t chs_cap = ident[57] | (uint32_t)ident[58] << 16;
        check(cyls && heads && heads <= 16 && spt && spt <= 63 && chs_cap == cyls * heads * spt,
              "IDENTIFY: current geometry (words 54-58) consistent");
    } else {
        cyls = c, heads = h, spt = s;
        check(1, "IDENTIFY: current geometry (words 54-58) consistent");
    }
}

static void polled_io(void)
{
    struct result r = read_lba(0, 1);
    check_result("READ SECTORS: LBA 0", &r, 1);
    int zero = 1;
    for (int i = 0; i < 512; i++)
        zero &= buf[i] == 0;
    check(zero, "never written: LBA 0 reads as zeros");

    r = write_lba(10, 1);
    check_result("WRITE SECTORS: one sector at LBA 10", &r, 1);
    r = write_lba(20, 4);
    check_result("WRITE SECTORS: four sectors at LBA 20", &r, 4);
    r = write_lba(SECTORS - 1, 1);
    check_result("WRITE SECTORS: the last sector", &r, 1);
    outb(DEVICE, 0xE0);
    delay400ns();
    r = run(CMD_FLUSH_CACHE, 0, 0, 0, 1);
    check_result("FLUSH CACHE", &r, 0);

    r = read_lba(10, 1);
    check(ok_status(&r) && same(10, 1), "READ SECTORS: LBA 10 reads back what was written");
    r = read_lba(20, 4);
    check(ok_status(&r) && r.blocks == 4 && same(20, 4),
          "READ SECTORS: LBA 20-23 read back in one command");
    r = read_lba(21, 2);
    check(ok_status(&r) && same(21, 2), "READ SECTORS: LBA 21-22, from the middle");
    r = read_lba(SECTORS - 1, 1);
    check(ok_status(&r) && same(SECTORS - 1, 1), "READ SECTORS: the last sector reads back");

    /* Sector count 0 means 256 sectors. */
    fill(big, 1000, 256);
    select_lba(1000, 0);
    r = run(CMD_WRITE_SECTORS, 2, big, 256, 1);
    check_result("WRITE SECTORS with sector count 0: 256 sectors at LBA 1000", &r, 256);
    memset(big, 0xEE, sizeof big);
    select_lba(1000, 0);
    r = run(CMD_READ_SECTORS, 1, big, 256, 1);
    int all = 1;
    for (unsigned i = 0; i < 256; i++) {
        fill(expect, 1000 + i, 1);
        all &= memcmp(big + i * 512, expect, 512) == 0;
    }
    check(ok_status(&r) && r.blocks == 256 && all, "READ SECTORS with sector count 0: the 256 sectors back");

    /* CHS with the current translation. */
    if (!heads || !spt || heads > 16 || spt > 63 || cyls < 3)
        panic("no usable CHS geometry in IDENTIFY (%u/%u/%u)", cyls, heads, spt);
    uint32_t l = 100;
    unsigned c = l / (heads * spt), h = (l / spt) % heads, s = l % spt + 1;
    fill(expect, l, 1);
    select_chs(c, h, s, 1);
    r = run(CMD_WRITE_SECTORS, 2, expect, 1, 1);
    check_result("WRITE SECTORS, CHS address of LBA 100", &r, 1);
    r = read_lba(l, 1);
    check(ok_status(&r) && same(l, 1), "read by LBA: the sector written by CHS");
    l = 2 * heads * spt + 3 * spt + 5;      /* cylinder 2, head 3, sector 6 */
    r = write_lba(l, 1);
    memset(buf, 0xEE, 512);
    select_chs(2, 3, 6, 1);
    r = run(CMD_READ_SECTORS, 1, buf, 1, 1);
    check(ok_status(&r) && same(l, 1), "read by CHS (C 2, H 3, S 6): the sector written by LBA");

    /* Errors. */
    r = read_lba(SECTORS, 1);
    check_error("READ SECTORS beyond the end: ERR, IDNF or ABRT", &r, ER_IDNF | ER_ABRT);
    r = write_lba(SECTORS + 5, 1);
    check_error("WRITE SECTORS beyond the end: ERR, IDNF or ABRT", &r, ER_IDNF | ER_ABRT);
    r = read_lba(SECTORS - 1, 2);
    check_error("READ SECTORS across the end: ends with ERR, IDNF or ABRT", &r, ER_IDNF | ER_ABRT);
    outb(DEVICE, 0xE0);
    delay400ns();
    r = run(CMD_UNKNOWN, 0, 0, 0, 1);
    check_error("an unknown command: ERR, ABRT", &r, ER_ABRT);
    r = read_lba(10, 1);
    check(ok_status(&r) && same(10, 1), "after the errors: READ SECTORS works again");
}

static struct result set_multiple(unsigned n)
{
    outb(DEVICE, 0xE0);
    delay400ns();
    outb(COUNT, (uint8_t)n);
    return run(CMD_SET_MULTIPLE, 0, 0, 0, 1);
}

static void multiple(void)
{
    struct result r = set_multiple(4);
    check_result("SET MULTIPLE MODE: 4 sectors a block", &r, 0);
    fill(expect, 30, 10);
    select_lba(30, 10);
    r = run(CMD_WRITE_MULTIPLE, 2, expect, 10, 4);
    check_result("WRITE MULTIPLE: 10 sectors at LBA 30 in blocks of 4, 4, 2", &r, 3);
    memset(buf, 0xEE, 10 * 512);
    select_lba(30, 10);
    r = run(CMD_READ_MULTIPLE, 1, buf, 10, 4);
    check(ok_status(&r) && r.blocks == 3 && same(30, 10),
          "READ MULTIPLE: the 10 sectors back in 3 blocks");
    if (max_multiple < 128) {
        r = set_multiple(max_multiple * 2);
        check_error("SET MULTIPLE MODE beyond word 47: ABRT", &r, ER_ABRT);
    }
}

static void interrupts(void)
{
    struct result r;
    irq_set_handler(14, irq14);
    pic_unmask(14);

    /* nIEN set: no interrupt at all. */
    set_nien(1);
    irq_count = 0;
    outb(DEVICE, 0xA0);
    delay400ns();
    r = run(CMD_IDENTIFY, 1, ident, 1, 1);
    r = read_lba(20, 2);
    delay_ms(20);
    check_eq("nIEN set: IDENTIFY and READ SECTORS, no IRQ 14", irq_count, 0);

    set_nien(0);
    outb(DEVICE, 0xA0);
    delay400ns();
    r = run(CMD_IDENTIFY, 1, ident, 1, 1);
    check(ok_status(&r) && r.blocks == 1 && r.irqs == 1, "nIEN clear: IDENTIFY, one IRQ 14");
    r = read_lba(20, 4);
    if (!check(ok_status(&r) && same(20, 4) && r.irqs == 4,
               "READ SECTORS of 4: one IRQ 14 per sector"))
        printf("    %u interrupts, status 0x%x\n", r.irqs, r.status);
    r = write_lba(40, 3);
    if (!check(ok_status(&r) && r.blocks == 3 && r.irqs == 3 && r.irqs_before_first == 0,
               "WRITE SECTORS of 3: none before the first sector, one after each"))
        printf("    %u interrupts (%u before the first), status 0x%x\n", r.irqs,
               r.irqs_before_first, r.status);
    outb(DEVICE, 0xE0);
    delay400ns();
    r = run(CMD_FLUSH_CACHE, 0, 0, 0, 1);
    check(ok_status(&r) && r.irqs == 1, "FLUSH CACHE: one IRQ 14");
    r = read_lba(40, 3);
    check(ok_status(&r) && same(40, 3) && r.irqs == 3, "READ SECTORS: the 3 sectors back, 3 IRQ 14");

    r = set_multiple(4);
    check(ok_status(&r) && r.irqs == 1, "SET MULTIPLE MODE: one IRQ 14");
    fill(expect, 50, 10);
    select_lba(50, 10);
    r = run(CMD_WRITE_MULTIPLE, 2, expect, 10, 4);
    check(ok_status(&r) && r.blocks == 3 && r.irqs == 3 && r.irqs_before_first == 0,
          "WRITE MULTIPLE of 10 in blocks of 4: one IRQ 14 per block");
    memset(buf, 0xEE, 10 * 512);
    select_lba(50, 10);
    r = run(CMD_READ_MULTIPLE, 1, buf, 10, 4);
    check(ok_status(&r) && r.blocks == 3 && r.irqs == 3 && same(50, 10),
          "READ MULTIPLE of 10 in blocks of 4: one IRQ 14 per block");

    outb(DEVICE, 0xE0);
    delay400ns();
    r = run(CMD_UNKNOWN, 0, 0, 0, 1);
    check((r.status & ST_ERR) && (r.error & ER_ABRT) && r.irqs == 1,
          "an unknown command: ABRT, one IRQ 14");
    r = read_lba(SECTORS, 1);
    check((r.status & ST_ERR) && r.irqs == 1, "beyond the end: ERR, one IRQ 14");

    set_nien(1);
    pic_mask(14);
    outb(DEVICE, 0xE0);
    delay400ns();
    r = run(CMD_FLUSH_CACHE, 0, 0, 0, 1);
    check_result("FLUSH CACHE at the end", &r, 0);
}

void test_main(void)
{
    pic_init();
    timebase_start();
    set_nien(1);
    reset_and_diagnostic();
    registers();
    identify();
    polled_io();
    multiple();
    interrupts();
    check_eq("no spurious IRQ 7 or 15", pic_spurious7 + pic_spurious15, 0);
}
