/* setsid.c -- setsid() and getpgrp(): both reply the group id. */
#include "../libc_private.h"
#include <unistd.h>

pid_t setsid(void)
{
    message m;

    return __libc_pm(SETSID, &m);
}

pid_t getpgrp(void)
{
    message m;

    return __libc_pm(GETPGRP, &m);
}
