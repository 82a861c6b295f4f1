/* wait.c -- waitpid() and wait(): reply m_type the child's pid, m2_i1 its status word. */
#include "../libc_private.h"
#include <sys/wait.h>

pid_t waitpid(pid_t pid, int *status, int options)
{
    message m;
    int r;

    if (options & ~(WNOHANG | WUNTRACED))
        return __libc_fail(EINVAL);
    memset(&m, 0, sizeof m);
    m.m_type = WAITPID;
    m.m1_i1 = pid;
    m.m1_i2 = options;
    r = __libc_call(PM_PROC_NR, &m);
    if (r > 0 && status != NULL)
        *status = m.m2_i1;
    return r;
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}
