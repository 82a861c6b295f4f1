/*
 * heartbeat.c -- RS's once-a-second check (facts section 8, "timing").
 *
 * An alarm every second. At each one, for every service RS manages:
 *   - starting: no RS_INIT answer within 2 x the init period (10 s) => killed; a service that
 *     dies during its init is not restarted (lifecycle.c);
 *   - running with a heartbeat period: pinged (a notification; SEF answers with one) once a
 *     period has passed since its last sign of life; nothing for 2 x period => NOPINGREPLY and
 *     SIGKILL, which comes back as a death and a restart. While another service is starting,
 *     the kill waits (the facts' "free pass": a starting service may keep others waiting);
 *   - stopping: SIGKILL once the grace after SIGTERM is over;
 *   - dead and backing off: restarted when its back-off is over;
 *   - being live updated: left to update.c, whose deadlines (a prepare time in ticks) may fall
 *     between two checks: the alarm is then set for the earlier of the two.
 */
#include <stdio.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include "rs.h"

static uint32_t next_beat;     /* uptime of the next once-a-second check */

/* One alarm serves both: the next check, or a live update's deadline if that comes first. */
void alarm_rearm(void)
{
    uint32_t now = uptime(), at = next_beat, lu;

    if (update_deadline(&lu) && (int32_t) (lu - at) < 0)
        at = lu;
    int32_t left = (int32_t) (at - now);
    sys_setalarm(left < 1 ? 1u : (uint32_t) left, 0);
}

void heartbeat_start(void)
{
    next_beat = uptime() + (uint32_t) rs_hz;
    alarm_rearm();
}

void ping_reply(struct service *sp)
{
    sp->last_alive = uptime();
    sp->ping_sent = 0;
}

static void check(struct service *sp, uint32_t now, int free_pass)
{
    if (sp->flags & RS_UPDATING)
        return;          /* update.c watches it (it may be blocked in its check-in) */
    if (sp->flags & RS_INITIALIZING) {
        if (sp->deadline != 0 && (int32_t) (now - sp->deadline) >= 0) {
            printf("%s did not answer its init within %d s: killing it\n", sp->label,
                   2 * INIT_PERIOD_SECONDS);
            sp->deadline = 0;
            sys_kill(sp->endpoint, SIGKILL);
        }
        return;
    }
    if (sp->flags & (RS_EXITING | RS_REFRESHING)) {
        if (sp->deadline != 0 && (int32_t) (now - sp->deadline) >= 0) {
            sp->deadline = 0;
            sys_kill(sp->endpoint, SIGKILL);
        }
        return;
    }
    if (sp->flags & RS_TERMINATED) {
        if (sp->restart_at != 0 && (int32_t) (now - sp->restart_at) >= 0 && !shutting_down) {
            sp->restart_at = 0;
            svc_restart(sp);
        }
        return;
    }
    if (!(sp->flags & RS_ACTIVE) || sp->period == 0 || (sp->flags & RS_NOPINGREPLY))
        return;
    uint32_t quiet = now - sp->last_alive;
    if (quiet >= 2 * sp->period) {
        if (free_pass)
            return;
        sp->flags |= RS_NOPINGREPLY;
        printf("%s: no heartbeat for %u ms: killing it\n", sp->label,
               (unsigned) (quiet * 1000u / (uint32_t) rs_hz));
        sys_kill(sp->endpoint, SIGKILL);
        return;
    }
    if (quiet >= sp->period && (sp->ping_sent == 0 || now - sp->ping_sent >= sp->period)) {
        sp->ping_sent = now;
        ipc_notify(sp->endpoint);
    }
}

void heartbeat_tick(uint32_t now)
{
    update_tick(now);
    if ((int32_t) (now - next_beat) < 0) {
        alarm_rearm();           /* an update's deadline, before the next check */
        return;
    }
    int free_pass = any_initializing();

    heartbeat_start();
    for (int i = 0; i < NR_SERVICES; i++) {
        struct service *sp = &services[i];
        if ((sp->flags & RS_IN_USE) && sp->managed)
            check(sp, now, free_pass);
    }
}
