/*
 * lifecycle.c -- what happens when an instance dies, and stopping a service on request.
 *
 * Every death reaches RS as a termination signal (RS is the signal manager of system processes):
 * a fault, panic() or exit (SYS_EXIT raises SIGABRT), a kill, or RS's own SIGKILL after a missed
 * heartbeat or a stop that took too long. What follows depends on what RS expected:
 *   - the service was going down (RS_EXITING): it is removed, its label deleted, the caller told;
 *   - it died during its init: not restarted (it would most likely die again); reported;
 *   - RS is shutting down: removed, not restarted;
 *   - otherwise (a crash, a hang, or RS_REFRESHING): restarted. The first unexpected death is
 *     restarted at once, later ones after a back-off (facts section 8). The crashed instance
 *     stays frozen in its slot until the new one has answered its init; then PM removes it.
 */
#include <stdio.h>
#include <minix/syslib.h>
#include "rs.h"

/* min(2^restarts, 30) seconds after earlier restarts, cut to 1 s when the program is kept in
   memory (always here: the restart needs no file system); 0 for the first death. */
uint32_t backoff_ticks(const struct service *sp)
{
    uint32_t seconds;

    if (sp->restarts == 0)
        return 0;
    seconds = sp->restarts >= 5 ? MAX_BACKOFF_SECONDS : 1u << sp->restarts;
    if (seconds > MAX_BACKOFF_SECONDS)
        seconds = MAX_BACKOFF_SECONDS;
    if (sp->prog.image != NULL && seconds > 1)
        seconds = 1;
    return seconds * (uint32_t) rs_hz;
}

void late_reply(struct service *sp, int result)
{
    if (sp->caller != NONE) {
        reply(sp->caller, result, NULL);
        sp->caller = NONE;
    }
    sp->flags &= ~RS_LATEREPLY;
}

/* Starts a new instance now; on failure tries again after a second. */
static void restart_now(struct service *sp)
{
    int r = svc_start(sp, SEF_INIT_RESTART);
    if (r != OK) {
        sp->flags = (sp->flags & (RS_IN_USE | RS_LATEREPLY | RS_NOPINGREPLY)) | RS_TERMINATED;
        sp->restart_at = uptime() + (uint32_t) rs_hz;
    }
}

void svc_restart(struct service *sp)
{
    restart_now(sp);
}

static const char *death(int signo)
{
    switch (signo) {
    case SIGKILL: return "killed";
    case SIGSEGV: return "segmentation fault";
    case SIGABRT: return "panic or exit";
    case SIGILL:  return "illegal instruction";
    case SIGFPE:  return "arithmetic fault";
    case SIGBUS:  return "bus error";
    case SIGPIPE: return "broken pipe";
    case SIGTRAP: return "trap";
    default:      return "signal";
    }
}

/* A removed service: label deleted, caller answered, crashed instance gone, entry freed. */
void svc_finish_down(struct service *sp, int result)
{
    if (sp->dead_endpoint != NONE)
        svc_remove_instance(sp->dead_endpoint);
    label_delete(sp);
    late_reply(sp, result);
    printf("%s is down\n", sp->label);
    svc_free(sp);
}

/* sp's current instance got termination signal signo. */
void svc_died(struct service *sp, int signo)
{
    int ep = sp->endpoint;
    uint32_t was = sp->flags;

    sp->endpoint = NONE;
    sp->label_published = 0;
    sp->ping_sent = 0;
    if (sp == svc_by_label("ds"))
        label_forget_all();

    if (was & RS_EXITING) {
        svc_remove_instance(ep);
        svc_finish_down(sp, OK);
        return;
    }
    if ((was & RS_INITIALIZING) || shutting_down) {
        if (was & RS_INITIALIZING)
            printf("%s died during its init (%s, signal %d): not restarted\n", sp->label,
                   sp->init_failed ? "its init failed" : death(signo), signo);
        svc_remove_instance(ep);
        if (sp->dead_endpoint != NONE) {
            svc_remove_instance(sp->dead_endpoint);
            sp->dead_endpoint = NONE;
        }
        sp->flags = (was & (RS_IN_USE | RS_NOPINGREPLY)) | RS_TERMINATED;
        sp->restart_at = 0;
        late_reply(sp, sp->init_failed ? EGENERIC : ESRCH);
        return;
    }
    /* A crash (or a refresh): keep the corpse for the new instance's RS_INIT (m7_i4). */
    if (sp->dead_endpoint != NONE)
        svc_remove_instance(sp->dead_endpoint);
    sp->dead_endpoint = ep;
    sp->flags = (was & (RS_IN_USE | RS_LATEREPLY | RS_NOPINGREPLY)) | RS_TERMINATED;
    sp->backoff = (was & RS_REFRESHING) ? 0 : backoff_ticks(sp);
    if (was & RS_REFRESHING)
        printf("%s stopped for a refresh; starting it again\n", sp->label);
    else
        printf("%s: %s (signal %d)%s; restart %u in %u ms\n", sp->label,
               (was & RS_NOPINGREPLY) ? "no heartbeat" : death(signo), signo,
               (was & RS_NOPINGREPLY) ? ", killed" : "", (unsigned) sp->restarts + 1,
               (unsigned) (sp->backoff * 1000u / (uint32_t) rs_hz));
    if (sp->backoff == 0) {
        restart_now(sp);
    } else {
        sp->restart_at = uptime() + sp->backoff;
        if (sp->restart_at == 0)
            sp->restart_at = 1;
    }
}

/* Asks an active service to stop: SIGTERM now (as a SEF signal message), SIGKILL after
   STOP_GRACE_SECONDS. then_flags: RS_EXITING (down) or RS_REFRESHING (start it again). */
void svc_stop(struct service *sp, int then_flags)
{
    message m = { 0 };

    sp->flags |= (uint32_t) then_flags;
    sp->deadline = uptime() + STOP_GRACE_SECONDS * (uint32_t) rs_hz;
    if (sp->deadline == 0)
        sp->deadline = 1;
    m.m_type = SIGS_SIGNAL_RECEIVED;
    m.m2_i1 = SIGTERM;
    asynsend(sp->endpoint, &m);
}
