/*
 * abort.c -- abort(): SIGABRT unblocked and raised. If a handler returns, or the signal
 * is ignored, the default action is restored and it is raised again; as a last resort
 * the process exits with 128 + SIGABRT. stdio is flushed first so nothing is lost.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void abort(void)
{
    sigset_t set;

    fflush(NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGABRT);
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
    _exit(128 + SIGABRT);
}
