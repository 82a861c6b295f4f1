/* sigset.c -- the sigset_t operations: bit (1 << signo), valid signals 1..NSIG-1. */
#include <errno.h>
#include <signal.h>

static int valid(int sig)
{
    if (sig < 1 || sig >= NSIG) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

int sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

int sigfillset(sigset_t *set)
{
    *set = (((sigset_t)1 << NSIG) - 1) & ~(sigset_t)1;
    return 0;
}

int sigaddset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    *set |= (sigset_t)1 << sig;
    return 0;
}

int sigdelset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    *set &= ~((sigset_t)1 << sig);
    return 0;
}

int sigismember(const sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    return (*set >> sig) & 1;
}
