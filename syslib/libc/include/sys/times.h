/* sys/times.h -- times(): the caller's and its reaped children's CPU ticks. */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H

#include <sys/types.h>

struct tms {
    clock_t tms_utime;
    clock_t tms_stime;
    clock_t tms_cutime;
    clock_t tms_cstime;
};

/* Returns the ticks since boot; buf may be NULL. */
clock_t times(struct tms *buf);

#endif /* _SYS_TIMES_H */
