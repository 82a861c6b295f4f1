/*
 * ttysig.c -- the terminal's ^C and ^\ reach the whole process group (design decision 6).
 *
 * tty makes SYS_KILL SIGINT or SIGQUIT on the one process it knows, the session leader that
 * opened the console; the kernel hands that to PM as a kernel signal for that endpoint. A
 * terminal signal belongs to every process of the group (the shell and its foreground job),
 * so PM raises it on each live user process of the target's group, the target included.
 */
#include "pm.h"

int tty_signal_group(struct mproc *target, int signo)
{
    int pgrp = target->pgrp;

    if (signo != SIGINT && signo != SIGQUIT)
        return 0;
    for (int s = 0; s < NR_PROCS; s++) {
        struct mproc *rmp = &mproc[s];

        if ((rmp->flags & IN_USE) && !(rmp->flags & (ZOMBIE | EXITING | SYSTEM_PROC))
            && rmp->pgrp == pgrp)
            sig_proc(rmp, signo);
    }
    return 1;
}
