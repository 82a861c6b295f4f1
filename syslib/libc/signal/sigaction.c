/*
 * sigaction.c -- sigaction() and signal(): SIGACTION with m1_i2 the signal, m1_p1 the new
 * action, m1_p2 where PM writes the old one, m1_p3 the __sigreturn trampoline. struct
 * sigaction is laid out as the ABI's sigaction_desc, so PM reads and writes ours directly.
 */
#include "../libc_private.h"
#include <signal.h>

_Static_assert(sizeof(struct sigaction) == sizeof(sigaction_desc), "sigaction size");
_Static_assert(offsetof(struct sigaction, sa_handler) == offsetof(sigaction_desc, handler),
               "sa_handler");
_Static_assert(offsetof(struct sigaction, sa_mask) == offsetof(sigaction_desc, mask), "sa_mask");
_Static_assert(offsetof(struct sigaction, sa_flags) == offsetof(sigaction_desc, flags),
               "sa_flags");

int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old)
{
    message m;

    if (sig < 1 || sig >= NSIG)
        return __libc_fail(EINVAL);
    /* POSIX: SIGKILL and SIGSTOP cannot be caught or ignored; asking only is fine. */
    if (act != NULL && (sig == SIGKILL || sig == SIGSTOP))
        return __libc_fail(EINVAL);
    if (act != NULL && (act->sa_flags & SA_SIGINFO))
        return __libc_fail(EINVAL);     /* no siginfo_t handlers */
    memset(&m, 0, sizeof m);
    m.m_type = SIGACTION;
    m.m1_i2 = sig;
    m.m1_p1 = (void *)act;
    m.m1_p2 = old;
    m.m1_p3 = (void *)__sigreturn;
    return __libc_call(PM_PROC_NR, &m) < 0 ? -1 : 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction act, old;

    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    if (sigaction(sig, &act, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}
