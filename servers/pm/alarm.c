/*
 * alarm.c -- ALARM (m1_i1 seconds; the reply is the seconds the previous alarm had left,
 * rounded up). Every process's alarm is an uptime in clock ticks on one list sorted by that
 * uptime; PM's single kernel alarm (sys_setalarm) is always set for the head of the list, and
 * its expiry (a notification from CLOCK) sends SIGALRM to every process that is due.
 */
#include <minix/syslib.h>
#include "pm.h"

static int alarm_head = -1;    /* slot of the earliest alarm, -1 for none */

uint32_t uptime(void)
{
    uint32_t now = 0;

    sys_times(SELF, NULL, NULL, &now);
    return now;
}

/* Positive if tick a comes after tick b (the uptime counter may wrap). */
static int later(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

/* Sets PM's kernel alarm for the head of the list (or cancels it). A delay, not an absolute
   tick, so an alarm that is already due still fires. */
static void arm_clock(uint32_t now)
{
    if (alarm_head < 0) {
        sys_setalarm(0, 0);
        return;
    }
    uint32_t due = mproc[alarm_head].alarm_tick;
    sys_setalarm(later(due, now) ? due - now : 1, 0);
}

static void unlink_alarm(struct mproc *rmp)
{
    int slot = (int)(rmp - mproc);

    for (int *link = &alarm_head; *link >= 0; link = &mproc[*link].alarm_next)
        if (*link == slot) {
            *link = rmp->alarm_next;
            break;
        }
    rmp->alarm_next = -1;
    rmp->alarm_tick = 0;
}

uint32_t set_alarm(struct mproc *rmp, uint32_t ticks)
{
    uint32_t now, left = 0;
    int slot = (int)(rmp - mproc);
    int had = rmp->alarm_tick != 0;

    if (!had && ticks == 0)
        return 0;               /* nothing to cancel: no kernel call */
    now = uptime();

    if (had) {
        if (later(rmp->alarm_tick, now))
            left = (rmp->alarm_tick - now + (uint32_t)pm_hz - 1) / (uint32_t)pm_hz;
        unlink_alarm(rmp);
    }
    if (ticks > 0) {
        int *link = &alarm_head;

        rmp->alarm_tick = now + ticks;
        if (rmp->alarm_tick == 0)
            rmp->alarm_tick = 1;              /* 0 means "no alarm" */
        while (*link >= 0 && !later(mproc[*link].alarm_tick, rmp->alarm_tick))
            link = &mproc[*link].alarm_next;
        rmp->alarm_next = *link;
        *link = slot;
    }
    if (had || ticks > 0)
        arm_clock(now);
    return left;
}

int do_alarm(void)
{
    uint32_t seconds = (uint32_t)m_in.m1_i1;
    uint32_t max = 0x7FFFFFFFu / (uint32_t)pm_hz;

    if (seconds > max)
        seconds = max;                        /* about a year at 60 Hz: "never" in practice */
    return (int)set_alarm(mp, seconds * (uint32_t)pm_hz);
}

/* CLOCK's notification: SIGALRM for every alarm due at `now`. */
void alarm_expired(uint32_t now)
{
    if (now == 0)
        now = uptime();
    while (alarm_head >= 0 && !later(mproc[alarm_head].alarm_tick, now)) {
        struct mproc *rmp = &mproc[alarm_head];

        unlink_alarm(rmp);
        sig_proc(rmp, SIGALRM);
    }
    arm_clock(now);
}
