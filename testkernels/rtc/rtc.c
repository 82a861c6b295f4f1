/*
 * rtc -- the MC146818A real-time clock and the PC's CMOS bytes, on ports 0x70/0x71 and
 * IRQ 8: register D's VRT bit, the time base running (register A), the current date and time
 * valid in the format register B selects (BCD digits, ranges; never printed); an update
 * cycle: UIP seen set before the seconds change, and the seconds one further; setting the
 * clock with SET (BCD 24-hour, BCD 12-hour, binary 24-hour), each followed by one update
 * across a day, month, year, AM/PM or leap-day boundary; the update-ended interrupt (register C's
 * IRQF and UF, UIP clear in the handler, a second between two of them against the PIT,
 * register C clear when read again); the alarm interrupt with a seconds alarm and
 * don't-care minutes and hours; the divider chain held in reset (the time stands still)
 * and released (the first update half a second later); CMOS RAM; registers C and D and
 * UIP read-only; the periodic interrupt at 1024 Hz and 64 Hz counted while the PIT ticks
 * 500 times; the base and extended memory sizes against the multiboot memory information.
 *
 * Nothing printed depends on the date or on speed: the time of day is written by the test
 * before anything is compared, and rates are checked against generous bounds.
 *
 * The century byte 0x32 is not part of the MC146818A, but QEMU derives the day of the week
 * from the full year (century byte included, read in the current data format), so each SET
 * sequence also writes it; its value after a year wraps is not checked. Not checked,
 * because QEMU 7.2 differs from the datasheet: that changing DM or 24/12 leaves the stored
 * bytes as they are (QEMU converts them on the next read), and PF being set with PIE clear
 * (QEMU runs the periodic timer only while PIE or SQWE is set).
 */
#include "pc.h"

const char test_name[] = "rtc";

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

enum { SEC, SEC_ALARM, MIN, MIN_ALARM, HOUR, HOUR_ALARM, WDAY, MDAY, MONTH, YEAR };
#define REG_A   0x0A
#define REG_B   0x0B
#define REG_C   0x0C
#define REG_D   0x0D
#define CENTURY 0x32

#define A_UIP   0x80
#define B_SET   0x80
#define B_PIE   0x40
#define B_AIE   0x20
#define B_UIE   0x10
#define B_DM    0x04            /* binary */
#define B_24H   0x02
#define C_IRQF  0x80
#define C_PF    0x40
#define C_AF    0x20
#define C_UF    0x10

static uint8_t cmos_read(uint8_t index)
{
    outb(CMOS_INDEX, index);
    return inb(CMOS_DATA);
}

static void cmos_write(uint8_t index, uint8_t v)
{
    outb(CMOS_INDEX, index);
    outb(CMOS_DATA, v);
}

/* ---- time ---------------------------------------------------------------------------------- */

struct rtc_time { uint8_t sec, min, hour, wday, mday, month, year; };

static void read_raw(struct rtc_time *t)
{
    t->sec = cmos_read(SEC);
    t->min = cmos_read(MIN);
    t->hour = cmos_read(HOUR);
    t->wday = cmos_read(WDAY);
    t->mday = cmos_read(MDAY);
    t->month = cmos_read(MONTH);
    t->year = cmos_read(YEAR);
}

/* A consistent reading: outside an update, and the same twice. */
static int read_time(struct rtc_time *t)
{
    struct rtc_time u;
    for (int tries = 0; tries < 1000; tries++) {
        for (uint32_t n = 0; (cmos_read(REG_A) & A_UIP) && n < 1000000; n++)
            ;
        read_raw(t);
        read_raw(&u);
        if (memcmp(t, &u, sizeof u) == 0)
            return 1;
    }
    return 0;
}

static int bcd_valid(uint8_t v)
{
    return (v & 0x0F) <= 9 && (v >> 4) <= 9;
}

static unsigned from_bcd(uint8_t v)
{
    return (v >> 4) * 10u + (v & 0x0F);
}

/* Whether every field is a valid value of the format register B selects. */
static int time_valid(const struct rtc_time *t, uint8_t b)
{
    int binary = (b & B_DM) != 0, h24 = (b & B_24H) != 0;
    uint8_t hour = h24 ? t->hour : (uint8_t)(t->hour & 0x7F);
    const uint8_t f[] = { t->sec, t->min, hour, t->wday, t->mday, t->month, t->year };
    unsigned v[7];
    for (int i = 0; i < 7; i++) {
        if (!binary && !bcd_valid(f[i]))
            return 0;
        v[i] = binary ? f[i] : from_bcd(f[i]);
    }
    return v[0] < 60 && v[1] < 60 && (h24 ? v[2] < 24 : v[2] >= 1 && v[2] <= 12)
           && v[3] >= 1 && v[3] <= 7 && v[4] >= 1 && v[4] <= 31 && v[5] >= 1 && v[5] <= 12
           && v[6] < 100;
}

/* ---- IRQ 8 ----------------------------------------------------------------------------------- */

static volatile uint32_t irq8_count, irq8_bad_flags, irq8_uip;
static volatile uint8_t irq8_c, irq8_c_again, irq8_sec;
static volatile uint8_t irq8_want;          /* the flags each interrupt must show in C */
static volatile uint32_t irq8_tick;         /* pit_ticks at the last IRQ 8 */

static int irq8(struct frame *f)
{
    (void)f;
    uint8_t c = cmos_read(REG_C);
    irq8_count++;
    irq8_tick = pit_ticks;
    irq8_c = c;
    irq8_c_again = cmos_read(REG_C);
    if ((c & irq8_want) != irq8_want)
        irq8_bad_flags++;
    if (cmos_read(REG_A) & A_UIP)
        irq8_uip++;
    irq8_sec = cmos_read(SEC);
    pic_eoi(8);
    return 1;
}

static void irq8_reset(uint8_t want)
{
    irq8_count = irq8_bad_flags = irq8_uip = 0;
    irq8_want = want;
}

/* HLT until IRQ 8 has come n times in all, or ms passed; returns the count. */
static uint32_t wait_irq8(uint32_t n, uint32_t ms)
{
    uint32_t start = pit_ticks;
    while (irq8_count < n && pit_ticks - start < ms)
        wait_for_interrupt();
    return irq8_count;
}

/* ---- the tests ---------------------------------------------------------------------------- */

static uint8_t fmt;                 /* register B's DM and 24/12 bits as found */

static void registers_and_time(void)
{
    check_eq("register D: VRT (valid RAM and time)", cmos_read(REG_D) & 0x80, 0x80);
    check_eq("register A: the 32.768 kHz time base runs (DV = 010)", cmos_read(REG_A) & 0x70, 0x20);
    uint8_t b = cmos_read(REG_B);
    check_eq("register B: SET clear", b & B_SET, 0);
    fmt = b & (B_DM | B_24H);
    struct rtc_time t;
    check(read_time(&t), "current time: two equal readings outside an update");
    check(time_valid(&t, b), "current time and date: valid in the format of register B");
}

static int uip_clear(void) { return !(cmos_read(REG_A) & A_UIP); }

static void update_cycle(void)
{
    /* Poll register A and the seconds until the seconds change. UIP is set for the last
       244 us before an update only: an emulator that pauses the guest at that moment may
       hide it, so up to five updates are watched. */
    cmos_write(REG_B, fmt);             /* no interrupts */
    (void)cmos_read(REG_C);
    int saw_uip = 0, changed = 0, one = 0;
    uint8_t s0 = 0, s1 = 0;
    for (int attempt = 0; attempt < 5 && !saw_uip; attempt++) {
        wait_until(uip_clear, 100);
        s0 = cmos_read(SEC);
        changed = 0;
        uint32_t start = pit_ticks;
        sti();
        while (pit_ticks - start < 1500) {
            if (cmos_read(REG_A) & A_UIP) {
                saw_uip = 1;
            } else if ((s1 = cmos_read(SEC)) != s0) {
                changed = 1;
                break;
            }
        }
        cli();
        unsigned v0 = fmt & B_DM ? s0 : from_bcd(s0), v1 = fmt & B_DM ? s1 : from_bcd(s1);
        one = changed && v1 == (v0 + 1) % 60;
    }
    check(saw_uip, "update cycle: UIP set before the seconds change");
    if (!check(one, "update cycle: the seconds advanced by one"))
        printf("    seconds 0x%x then 0x%x\n", s0, s1);
}

/* Sets the clock with SET, in the format b (DM, 24/12), then lets it run with the update
   interrupt enabled and waits for one update. */
static void set_and_update(uint8_t b, const struct rtc_time *t, uint8_t century)
{
    cmos_write(REG_B, (uint8_t)(B_SET | b));
    cmos_write(SEC, t->sec);
    cmos_write(MIN, t->min);
    cmos_write(HOUR, t->hour);
    cmos_write(WDAY, t->wday);
    cmos_write(MDAY, t->mday);
    cmos_write(MONTH, t->month);
    cmos_write(YEAR, t->year);
    cmos_write(CENTURY, century);
    (void)cmos_read(REG_C);
    irq8_reset(C_IRQF | C_UF);
    cmos_write(REG_B, (uint8_t)(b | B_UIE));
    wait_irq8(1, 1500);
    cmos_write(REG_B, b);
}

static void check_time(const char *name, uint8_t b, const struct rtc_time *want)
{
    struct rtc_time t;
    int ok = read_time(&t) && irq8_count == 1 && memcmp(&t, want, sizeof t) == 0
             && cmos_read(REG_B) == b;
    if (!check(ok, name))
        printf("    %u update(s); B 0x%x; read %x:%x:%x wday %x %x/%x/%x\n", irq8_count,
               cmos_read(REG_B), t.hour, t.min, t.sec, t.wday, t.mday, t.month, t.year);
}

static void setting_the_clock(void)
{
    /* BCD, 24-hour: the last second of 2099 (a Thursday). */
    struct rtc_time a = { 0x59, 0x59, 0x23, 5, 0x31, 0x12, 0x99 };
    struct rtc_time a1 = { 0x00, 0x00, 0x00, 6, 0x01, 0x01, 0x00 };
    set_and_update(B_24H, &a, 0x20);
    check_time("SET, BCD 24-hour: 23:59:59 Thu 31/12/99 -> 00:00:00 Fri 01/01/00", B_24H, &a1);

    /* BCD, 12-hour: 11:59:59 PM on Monday 28 February 2000 -> 12 AM, the leap day. */
    struct rtc_time b = { 0x59, 0x59, 0x80 | 0x11, 2, 0x28, 0x02, 0x00 };
    struct rtc_time b1 = { 0x00, 0x00, 0x12, 3, 0x29, 0x02, 0x00 };
    set_and_update(0, &b, 0x20);
    check_time("SET, BCD 12-hour: 11:59:59 PM Mon 28/02/00 -> 12:00:00 AM Tue 29/02/00", 0, &b1);

    /* BCD, 12-hour: 11:59:59 AM -> 12:00:00 PM. */
    struct rtc_time c = { 0x59, 0x59, 0x11, 3, 0x29, 0x02, 0x00 };
    struct rtc_time c1 = { 0x00, 0x00, 0x80 | 0x12, 3, 0x29, 0x02, 0x00 };
    set_and_update(0, &c, 0x20);
    check_time("SET, BCD 12-hour: 11:59:59 AM -> 12:00:00 PM", 0, &c1);

    /* Binary, 24-hour: Wednesday 28 February 2001, not a leap year. */
    struct rtc_time d = { 59, 59, 23, 4, 28, 2, 1 };
    struct rtc_time d1 = { 0, 0, 0, 5, 1, 3, 1 };
    set_and_update(B_DM | B_24H, &d, 20);
    check_time("SET, binary 24-hour: 23:59:59 Wed 28/02/01 -> 00:00:00 Thu 01/03/01",
               B_DM | B_24H, &d1);

    /* Back to BCD, 24-hour, as a PC BIOS leaves it. */
    struct rtc_time e = { 0x00, 0x00, 0x12, 5, 0x01, 0x03, 0x01 };
    cmos_write(REG_B, B_SET | B_24H);
    cmos_write(SEC, e.sec);
    cmos_write(MIN, e.min);
    cmos_write(HOUR, e.hour);
    cmos_write(WDAY, e.wday);
    cmos_write(MDAY, e.mday);
    cmos_write(MONTH, e.month);
    cmos_write(YEAR, e.year);
    cmos_write(CENTURY, 0x20);
    cmos_write(REG_B, B_24H);
    fmt = B_24H;
}

static void update_interrupt(void)
{
    cmos_write(REG_A, 0x20);            /* no periodic interrupt */
    (void)cmos_read(REG_C);
    irq8_reset(C_IRQF | C_UF);
    cmos_write(REG_B, fmt | B_UIE);
    wait_irq8(1, 1500);
    uint32_t t1 = irq8_tick;
    wait_irq8(2, 1500);
    uint32_t t2 = irq8_tick;
    cmos_write(REG_B, fmt);
    check_eq("update-ended interrupt: two in two updates", irq8_count, 2);
    check_eq("update-ended interrupt: register C has IRQF and UF", irq8_bad_flags, 0);
    check_eq("update-ended interrupt: no PF with rate 0", irq8_c & C_PF, 0);
    check_eq("update-ended interrupt: UIP clear in the handler", irq8_uip, 0);
    check_eq("register C read again at once: clear", irq8_c_again, 0);
    if (!check(t2 - t1 >= 900 && t2 - t1 <= 1100, "update-ended interrupts: one second apart (PIT)"))
        printf("    %u ms\n", t2 - t1);
}

static void alarm_interrupt(void)
{
    struct rtc_time t;
    read_time(&t);
    uint8_t want = (uint8_t)((from_bcd(t.sec) + 2) % 60);
    want = (uint8_t)(((want / 10) << 4) | (want % 10));
    cmos_write(SEC_ALARM, want);
    cmos_write(MIN_ALARM, 0xFF);        /* don't care */
    cmos_write(HOUR_ALARM, 0xFF);
    (void)cmos_read(REG_C);
    irq8_reset(C_IRQF | C_AF);
    cmos_write(REG_B, fmt | B_AIE);
    wait_irq8(1, 3500);
    cmos_write(REG_B, fmt);
    check_eq("alarm interrupt: one, with IRQF and AF", irq8_count == 1 && irq8_bad_flags == 0, 1);
    if (!check(irq8_sec == want, "alarm interrupt: when the seconds match the alarm"))
        printf("    alarm 0x%x, interrupt at 0x%x\n", want, irq8_sec);
}

static void divider_reset(void)
{
    /* DV = 11x holds the divider chain in reset: the time stands still. Released (DV =
       010), the first update comes half a second later. */
    struct rtc_time t0, t1;
    cmos_write(REG_B, fmt);
    read_time(&t0);
    cmos_write(REG_A, 0x70);
    delay_ms(1200);
    read_raw(&t1);
    check(memcmp(&t0, &t1, sizeof t0) == 0, "divider chain in reset (DV = 111): the time stands still");
    (void)cmos_read(REG_C);
    irq8_reset(C_IRQF | C_UF);
    cmos_write(REG_B, fmt | B_UIE);
    uint32_t start = pit_ticks;
    cmos_write(REG_A, 0x26);
    wait_irq8(1, 1500);
    cmos_write(REG_B, fmt);
    uint32_t dt = irq8_tick - start;
    if (!check(irq8_count == 1 && dt >= 400 && dt <= 600,
               "divider released: the first update half a second later (PIT)"))
        printf("    %u update(s), the first after %u ms\n", irq8_count, dt);
    uint8_t s1 = cmos_read(SEC);
    check_eq("divider released: the seconds went on from where they stood",
             from_bcd(s1), (from_bcd(t0.sec) + 1) % 60);
}

static void ram_and_read_only(void)
{
    cmos_write(0x7E, 0x5A);
    cmos_write(0x7F, 0xA5);
    check(cmos_read(0x7E) == 0x5A && cmos_read(0x7F) == 0xA5, "CMOS RAM bytes 0x7E and 0x7F keep what was written");
    cmos_write(REG_D, 0x00);
    check_eq("register D is read-only (VRT still set)", cmos_read(REG_D), 0x80);
    (void)cmos_read(REG_C);
    cmos_write(REG_C, 0x80);
    check_eq("register C is read-only (IRQF not set by a write)", cmos_read(REG_C) & 0x80, 0);
    cmos_write(REG_A, 0xA6);
    check_eq("register A: UIP is read-only (only the other bits stored)", cmos_read(REG_A) & 0x7F, 0x26);
}

static void periodic_interrupt(uint8_t rate, uint32_t want, const char *name)
{
    /* Counted while the PIT's IRQ 0 ticks 500 times (1 kHz). An emulator that pauses the
       guest loses ticks of both while the guest cannot take them, so the ratio holds. */
    cmos_write(REG_A, (uint8_t)(0x20 | rate));
    (void)cmos_read(REG_C);
    irq8_reset(C_IRQF | C_PF);
    cmos_write(REG_B, fmt | B_PIE);
    uint32_t start = pit_ticks;
    uint32_t c0 = irq8_count;
    while (pit_ticks - start < 500)
        wait_for_interrupt();
    uint32_t n = irq8_count - c0;
    /* PIE off with IF = 1: a request raised just before is taken, not left behind in the
       IRR with the line dropped again (a spurious IRQ 15 on an 8259A, a late IRQ 8 with
       register C clear under QEMU). */
    sti();
    cmos_write(REG_B, fmt);
    cli();
    cmos_write(REG_A, 0x26);
    (void)cmos_read(REG_C);
    if (!check(n >= want - want / 4 && n <= want + want / 4 && irq8_bad_flags == 0, name))
        printf("    %u interrupts in 500 PIT ticks, want %u +- 25%%\n", n, want);
}

static void memory_sizes(void)
{
    const struct multiboot_info *mbi = mb_info();
    uint32_t base = cmos_read(0x15) | (uint32_t)cmos_read(0x16) << 8;
    uint32_t ext = cmos_read(0x17) | (uint32_t)cmos_read(0x18) << 8;
    uint32_t ext2 = cmos_read(0x30) | (uint32_t)cmos_read(0x31) << 8;
    uint32_t above16 = cmos_read(0x34) | (uint32_t)cmos_read(0x35) << 8;
    check_eq("CMOS 0x15/0x16: 640 KiB base memory", base, 640);
    check_eq("CMOS 0x17/0x18 and 0x30/0x31: the same extended memory size", ext, ext2);
    if (!mbi || !(mbi->flags & 1)) {
        check(0, "multiboot memory information present");
        return;
    }
    /* RAM from 1 MiB up in KiB, by the CMOS: 0x17/0x18 (at most 65535), or 16 MiB plus
       0x34/0x35 in 64 KiB units when there is more. */
    uint32_t cmos_upper = above16 ? 15 * 1024 + above16 * 64 : ext;
    check(mbi->mem_lower <= base && mbi->mem_lower >= 512,
          "multiboot mem_lower within the CMOS base memory");
    if (!check(mbi->mem_upper <= cmos_upper && cmos_upper - mbi->mem_upper <= 1024,
               "multiboot mem_upper agrees with the CMOS extended memory (within 1 MiB)"))
        printf("    mem_upper %u KiB, CMOS %u KiB\n", mbi->mem_upper, cmos_upper);
    check(ext == (cmos_upper > 65535 ? 65535 : cmos_upper) || above16 == 0,
          "CMOS 0x17/0x18 is the RAM above 1 MiB, capped at 65535 KiB");
}

void test_main(void)
{
    pic_init();
    irq_set_handler(8, irq8);
    timebase_start();
    pic_unmask(8);
    registers_and_time();
    update_cycle();
    setting_the_clock();
    update_interrupt();
    alarm_interrupt();
    divider_reset();
    ram_and_read_only();
    periodic_interrupt(6, 512, "periodic interrupt, rate 6: 1024 Hz against the PIT");
    periodic_interrupt(10, 32, "periodic interrupt, rate 10: 64 Hz against the PIT");
    memory_sizes();
    check_eq("no spurious IRQ 7 or 15", pic_spurious7 + pic_spurious15, 0);
}
