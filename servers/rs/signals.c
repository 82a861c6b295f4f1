/*
 * signals.c -- RS as the signal manager of system processes, and RS's own signals.
 *
 * The kernel holds a signalled system process and tells its manager (SIGKSIG); SEF's manager
 * loop calls rs_signal_manager() for each signal (facts section 8):
 *   - termination signals (ILL, TRAP, ABRT, BUS = EMT, FPE, KILL, SEGV, PIPE): the instance is
 *     dead; lifecycle.c decides (restart, down, or nothing). "Gone" (EDEADEPT) is answered, so
 *     no ENDKSIG: the corpse stays frozen until PM removes it.
 *   - any other signal: passed on to the service as SIGS_SIGNAL_RECEIVED (its SEF signal
 *     handler runs), asynchronously so a busy service cannot hold RS; then ENDKSIG.
 * A crashed instance RS already knows about (or a process RS does not manage) is left alone.
 * PM and VM cannot be restarted: a fatal signal to them stops the machine, loudly.
 * RS manages itself: its own signals come through the SEF signal handler (SIGKSIGSM).
 */
#include <stdio.h>
#include <minix/syslib.h>
#include "rs.h"

int shutting_down;

int is_termination(int signo)
{
    switch (signo) {
    case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGKILL: case SIGSEGV: case SIGPIPE:
        return 1;
    default:
        return 0;
    }
}

static void forward(int target, int signo)
{
    message m = { 0 };

    m.m_type = SIGS_SIGNAL_RECEIVED;
    m.m2_i1 = signo;
    asynsend(target, &m);
}

int rs_signal_manager(int target, int signo)
{
    /* The processes of a live update in progress first (update.c). */
    int r = update_signal(target, signo);
    if (r != EDONTREPLY)
        return r;
    struct service *sp = svc_by_endpoint(target);

    if (sp == NULL) {
        if (svc_by_dead_endpoint(target) != NULL)
            return EDEADEPT;          /* a corpse waiting for removal: stays frozen */
        if (!is_termination(signo)) {
            forward(target, signo);
            return OK;
        }
        /* A system process RS never started nor took over. */
        printf("process %d died of signal %d; RS does not manage it: removing it\n", target, signo);
        pm_srv_kill(target);
        return EDEADEPT;
    }
    if (!sp->managed) {
        if (!is_termination(signo)) {
            forward(target, signo);
            return OK;
        }
        printf("%s died of signal %d and cannot be restarted: stopping the system\n",
               sp->label, signo);
        sys_abort(RBT_PANIC, 1);
        return EDEADEPT;
    }
    if (is_termination(signo)) {
        svc_died(sp, signo);
        return EDEADEPT;
    }
    forward(target, signo);
    return OK;
}

/* RS's own signals: SIGTERM (a shutdown) stops restarts; the rest are noted. */
void rs_signal_handler(int signo)
{
    if (signo == SIGTERM) {
        if (!shutting_down)
            printf("shutting down: services are no longer restarted\n");
        shutting_down = 1;
        return;
    }
    if (signo < SIGSNDELAY)
        printf("signal %d ignored\n", signo);
}
