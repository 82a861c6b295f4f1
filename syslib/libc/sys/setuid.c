/* setuid.c -- setuid() and setgid(): m1_i1 the new id; PM checks the permission. */
#include "../libc_private.h"
#include <unistd.h>

static int set_id(int call, int id)
{
    message m;

    if (id < 0)
        return __libc_fail(EINVAL);
    memset(&m, 0, sizeof m);
    m.m_type = call;
    m.m1_i1 = id;
    return __libc_call(PM_PROC_NR, &m) < 0 ? -1 : 0;
}

int setuid(uid_t uid) { return set_id(SETUID, uid); }
int setgid(gid_t gid) { return set_id(SETGID, gid); }
