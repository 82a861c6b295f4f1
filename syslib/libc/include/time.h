/*
 * time.h -- time since boot. There is no real-time clock reading yet: time() counts
 * seconds from boot, and clock() the ticks since boot, both from PM's TIMES uptime.
 */
#ifndef _TIME_H
#define _TIME_H

#include <sys/types.h>

/* The kernel's clock rate: boot.cfg's hz, whose default is 60. Ours: a boot.cfg that
   sets another rate makes time() run fast or slow until PM reports the rate. */
#define CLOCKS_PER_SEC 60

time_t time(time_t *t);

/* A calendar time (UTC only: there are no time zones). */
struct tm {
    int tm_sec, tm_min, tm_hour;    /* 0-59, 0-59, 0-23 */
    int tm_mday, tm_mon, tm_year;   /* 1-31, 0-11, years since 1900 */
    int tm_wday, tm_yday, tm_isdst; /* 0-6 from Sunday, 0-365, always 0 */
};
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict tm);
clock_t clock(void);

#endif /* _TIME_H */
