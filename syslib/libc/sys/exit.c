/*
 * exit.c -- exit(), _exit() and atexit().
 *
 * exit runs the atexit handlers (last first) and flushes stdio, then _exit sends EXIT to
 * PM, which never replies: the process is gone. If the SENDREC did return (PM refused),
 * the process must still not run on: it kills itself with SIGKILL, then spins.
 */
#include "../libc_private.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ATEXIT_MAX 32

static void (*handlers[ATEXIT_MAX])(void);
static int nr_handlers;

int atexit(void (*fn)(void))
{
    if (fn == NULL || nr_handlers == ATEXIT_MAX)
        return -1;
    handlers[nr_handlers++] = fn;
    return 0;
}

void __libc_cleanup(void)
{
    /* A handler that calls exit() again must not run the ones already run. */
    while (nr_handlers > 0)
        handlers[--nr_handlers]();
    fflush(NULL);
}

void exit(int status)
{
    __libc_cleanup();
    _exit(status);
}

void _exit(int status)
{
    message m;
    pid_t self;

    memset(&m, 0, sizeof m);
    m.m_type = EXIT;
    m.m1_i1 = status;
    __libc_call(PM_PROC_NR, &m);

    /* Only reached if PM refused the EXIT. */
    self = __libc_pm(GETPID, &m);
    for (;;) {
        memset(&m, 0, sizeof m);
        m.m_type = KILL;
        m.m1_i1 = self;
        m.m1_i2 = SIGKILL;
        __libc_call(PM_PROC_NR, &m);
    }
}
