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
clock_t clock(void);

#endif /* _TIME_H */
