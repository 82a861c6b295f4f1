/* getuid.c -- the user and group ids: GETUID/GETGID reply the real id, m2_i1 the effective. */
#include "../libc_private.h"
#include <unistd.h>

static int get_id(int call, int effective)
{
    message m;
    int real = __libc_pm(call, &m);

    if (real < 0)
        return -1;
    return effective ? m.m2_i1 : real;
}

uid_t getuid(void)  { return get_id(GETUID, 0); }
uid_t geteuid(void) { return get_id(GETUID, 1); }
gid_t getgid(void)  { return get_id(GETGID, 0); }
gid_t getegid(void) { return get_id(GETGID, 1); }
