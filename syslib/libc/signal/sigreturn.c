/*
 * sigreturn.c -- the C half of the __sigreturn trampoline (sigreturn.S).
 *
 * SIGRETURN to PM: m2_p1 the sigcontext, m2_l1 its saved mask (the one to restore). PM
 * asks the kernel to reload the registers from the sigcontext and does not reply, so the
 * SENDREC never returns here: the interrupted code resumes instead. If it did return (PM
 * refused the sigcontext), nothing sensible is left to run.
 */
#include "../libc_private.h"
#include <minix/ipc.h>
#include <unistd.h>

_Noreturn void __libc_sigreturn(sigcontext *sc);

void __libc_sigreturn(sigcontext *sc)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = SIGRETURN;
    m.m2_p1 = sc;
    m.m2_l1 = (int32_t)sc->mask;
    ipc_sendrec(PM_PROC_NR, &m);
    _exit(128 + SIGSEGV);
}
