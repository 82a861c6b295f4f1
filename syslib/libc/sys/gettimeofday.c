/* gettimeofday.c -- the time of day from PM's TIME (m2_l1 seconds, m2_l2 microseconds). */
#include "../libc_private.h"
#include <sys/time.h>

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    message m;

    (void)tz;
    if (__libc_pm(TIME, &m) < 0)
        return -1;
    if (tv != NULL) {
        tv->tv_sec = m.m2_l1;
        tv->tv_usec = m.m2_l2;
    }
    return 0;
}
