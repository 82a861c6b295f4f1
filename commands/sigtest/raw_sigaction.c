/*
 * raw_sigaction.c -- SIGACTION sent to PM as a bare message, past libc's own checks, so
 * that sigtest sees PM itself refuse to let SIGKILL be caught. Talks to PM directly:
 * <minix/ipc.h>, not <errno.h>.
 */
#include <string.h>
#include <minix/ipc.h>
#include "raw_sigaction.h"

int raw_sigaction_catch(int sig, void (*handler)(int))
{
    static sigaction_desc act;
    message m;
    int r;

    act.handler = (uint32_t)(uintptr_t)handler;
    act.mask = 0;
    act.flags = 0;
    memset(&m, 0, sizeof m);
    m.m_type = SIGACTION;
    m.m1_i2 = sig;
    m.m1_p1 = &act;
    r = ipc_sendrec(PM_PROC_NR, &m);
    return r != OK ? r : m.m_type;
}
