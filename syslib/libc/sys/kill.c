/* kill.c -- kill() and raise(): KILL with m1_i1 pid, m1_i2 signal (0 only checks). */
#include "../libc_private.h"
#include <signal.h>
#include <unistd.h>

int kill(pid_t pid, int sig)
{
    message m;

    if (sig < 0 || sig >= NSIG)
        return __libc_fail(EINVAL);
    memset(&m, 0, sizeof m);
    m.m_type = KILL;
    m.m1_i1 = pid;
    m.m1_i2 = sig;
    return __libc_call(PM_PROC_NR, &m) < 0 ? -1 : 0;
}

int raise(int sig)
{
    pid_t self = getpid();

    return self < 0 ? -1 : kill(self, sig);
}
