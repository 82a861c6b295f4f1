/* sigprocmask.c -- sigprocmask(), sigpending(), sigsuspend(): masks travel in m2_l1. */
#include "../libc_private.h"
#include <signal.h>

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = SIGPROCMASK;
    if (set == NULL) {
        m.m2_i1 = SIG_INQUIRE;          /* how is ignored, as POSIX says */
    } else {
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
            return __libc_fail(EINVAL);
        m.m2_i1 = how;
        m.m2_l1 = (int32_t)*set;
    }
    if (__libc_call(PM_PROC_NR, &m) < 0)
        return -1;
    if (old != NULL)
        *old = (sigset_t)m.m2_l1;
    return 0;
}

int sigpending(sigset_t *set)
{
    message m;

    if (set == NULL)
        return __libc_fail(EFAULT);
    if (__libc_pm(SIGPENDING, &m) < 0)
        return -1;
    *set = (sigset_t)m.m2_l1;
    return 0;
}

int sigsuspend(const sigset_t *mask)
{
    message m;

    if (mask == NULL)
        return __libc_fail(EFAULT);
    memset(&m, 0, sizeof m);
    m.m_type = SIGSUSPEND;
    m.m2_l1 = (int32_t)*mask;
    /* PM replies only after a caught signal: EINTR. */
    if (__libc_call(PM_PROC_NR, &m) >= 0)
        return __libc_fail(EINTR);
    return -1;
}
