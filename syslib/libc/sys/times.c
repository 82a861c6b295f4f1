/* times.c -- times(), time(), clock(): TIMES replies m4_l1..l4 the CPU ticks, l5 the uptime. */
#include "../libc_private.h"
#include <sys/times.h>
#include <time.h>

clock_t times(struct tms *buf)
{
    message m;

    if (__libc_pm(TIMES, &m) < 0)
        return (clock_t)-1;
    if (buf != NULL) {
        buf->tms_utime = m.m4_l1;
        buf->tms_stime = m.m4_l2;
        buf->tms_cutime = m.m4_l3;
        buf->tms_cstime = m.m4_l4;
    }
    return m.m4_l5;
}

time_t time(time_t *t)
{
    clock_t ticks = times(NULL);
    time_t now;

    if (ticks == (clock_t)-1)
        return (time_t)-1;
    now = ticks / CLOCKS_PER_SEC;
    if (t != NULL)
        *t = now;
    return now;
}

clock_t clock(void)
{
    struct tms t;

    if (times(&t) == (clock_t)-1)
        return (clock_t)-1;
    return t.tms_utime + t.tms_stime;
}
