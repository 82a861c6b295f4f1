/* procinfo.c -- getprocinfo(): PM's PROCINFO (ours), the process table for ps. */
#include "../libc_private.h"
#include <minix/pm.h>

int getprocinfo(proc_entry *buf, int n, int *total)
{
    message m;
    int r;

    if (buf == NULL || n <= 0)
        return __libc_fail(EINVAL);
    memset(&m, 0, sizeof m);
    m.m_type = PROCINFO;
    m.m1_p1 = buf;
    m.m1_i1 = n * (int)sizeof *buf;
    r = __libc_call(PM_PROC_NR, &m);
    if (r >= 0 && total != NULL)
        *total = m.m2_i1;
    return r;
}
