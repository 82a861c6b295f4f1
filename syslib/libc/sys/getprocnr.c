/* getprocnr.c -- GETPROCNR: m3_ca1 a process name; reply m_type its pid, m2_i1 its endpoint. */
#include "../libc_private.h"
#include <minix/pm.h>

pid_t getprocnr(const char *name, int *endpoint)
{
    message m;
    size_t len;
    int pid;

    if (name == NULL)
        return __libc_fail(EFAULT);
    memset(&m, 0, sizeof m);
    len = strnlen(name, sizeof m.m3_ca1);
    if (len == 0 || len == sizeof m.m3_ca1)
        return __libc_fail(EINVAL);
    m.m_type = GETPROCNR;
    memcpy(m.m3_ca1, name, len);    /* the rest of the array is 0: NUL-terminated */
    pid = __libc_call(PM_PROC_NR, &m);
    if (pid >= 0 && endpoint != NULL)
        *endpoint = m.m2_i1;
    return pid;
}
