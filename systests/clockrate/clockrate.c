/*
 * clockrate -- measures the kernel's clock ticks against two time sources the tick code does
 * not use, so that SchedulingTest can check "the clock ticks at the configured HZ" against
 * something other than the tick counter itself:
 *
 *   tsc: the time-stamp counter (RDTSC), which counts the virtual clock at --ips per second,
 *        across an alarm of SECONDS * HZ ticks;
 *   rtc: the MC146818's seconds register (CMOS 0x00, through ports 0x70/0x71 with SYS_DEVIO),
 *        sampled once per tick: the ticks between its first change and the change SECONDS
 *        seconds later.
 *
 *   args SECONDS. Prints "tsc: T ticks, D cycles" and "rtc: S seconds, T ticks", powers off
 *   with status 0. Needs DEVIO, the ports 70:2 and ABORT.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_A 0x0A
#define RTC_A_UIP 0x80

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint32_t uptime(void)
{
    uint32_t user, sys, up;
    if (sys_times(SELF, &user, &sys, &up) != OK) {
        panic("sys_times failed");
    }
    return up;
}

/* Blocks until CLOCK's alarm after `ticks` ticks. */
static void sleep_ticks(uint32_t ticks)
{
    message m;
    if (sys_setalarm(ticks, 0) != OK) {
        panic("sys_setalarm failed");
    }
    do {
        ipc_receive(CLOCK, &m, NULL);
    } while (m.m_source != CLOCK);
}

static uint32_t cmos(uint32_t reg)
{
    uint32_t v;
    int r = sys_outb(CMOS_INDEX, reg);
    if (r != OK || (r = sys_inb(CMOS_DATA, &v)) != OK) {
        panic("CMOS access refused: %d", r);
    }
    return v;
}

/* The seconds register, read outside an update cycle (UIP clear) so it is never half-written. */
static uint32_t rtc_seconds(void)
{
    while (cmos(RTC_A) & RTC_A_UIP) {
        sleep_ticks(1);
    }
    return cmos(RTC_SECONDS);
}

/* Sleeps tick by tick until the seconds register differs from `last`; returns the new value. */
static uint32_t next_second(uint32_t last)
{
    uint32_t s;
    while ((s = rtc_seconds()) == last) {
        sleep_ticks(1);
    }
    return s;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        panic("usage: clockrate SECONDS");
    }
    uint32_t seconds = (uint32_t)atoi(argv[1]);
    uint32_t hz = (uint32_t)sys_hz();

    uint32_t u0 = uptime();
    uint64_t t0 = rdtsc();
    sleep_ticks(seconds * hz);
    uint64_t t1 = rdtsc();
    uint32_t u1 = uptime();
    /* printf has no 64-bit conversions: the cycles as two 32-bit halves, high first. */
    uint64_t d = t1 - t0;
    printf("tsc: %u ticks, %x:%08x cycles\n", (unsigned)(u1 - u0), (unsigned)(d >> 32), (unsigned)d);

    uint32_t s = next_second(rtc_seconds());
    uint32_t start = uptime();
    for (uint32_t i = 0; i < seconds; i++) {
        s = next_second(s);
    }
    printf("rtc: %u seconds, %u ticks\n", (unsigned)seconds, (unsigned)(uptime() - start));
    sys_abort(RBT_HALT, 0);
    return 1;
}
