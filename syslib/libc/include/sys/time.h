/* sys/time.h -- gettimeofday(): the time of day (PM's TIME: the CMOS clock read at boot
   plus the uptime). */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>

struct timeval {
    time_t tv_sec;          /* seconds since 1970-01-01 00:00 UTC */
    long tv_usec;
};

/* tz is ignored (always UTC). 0, or -1 with errno. */
int gettimeofday(struct timeval *restrict tv, void *restrict tz);

#endif /* _SYS_TIME_H */
