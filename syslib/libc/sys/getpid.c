/* getpid.c -- getpid() and getppid(): one GETPID call answers both (m2_i1 = parent). */
#include "../libc_private.h"
#include <unistd.h>

pid_t getpid(void)
{
    message m;

    return __libc_pm(GETPID, &m);
}

pid_t getppid(void)
{
    message m;

    if (__libc_pm(GETPID, &m) < 0)
        return -1;
    return m.m2_i1;
}
