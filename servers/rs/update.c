/*
 * update.c -- live update: a running service is replaced by a new version at the SAME endpoint,
 * without losing a request (minix3-facts.md sections 7 and 8, adapted to our restart model;
 * docs/live-update.md has the sequence diagram).
 *
 * One update at a time. Its phases:
 *
 *   IDLE -- RS_UPDATE (root only; struct rs_update) --> PREPARING
 *     The request is checked (label, state not NULL, maxtime <= RS_MAX_PREPARE_MAXTIME, 0 for
 *     the default; the service running and not busy; no other update: EBUSY). The new version
 *     is started like a restart (SRV_FORK, SRV_EXEC of the program RS keeps in memory -- or of
 *     the named program, copied from the boot archive -- SET_SYS with the service's privileges
 *     plus LU_SYS_PROC) but not allowed to run. The old version is sent RS_LU_PREPARE (m1_i2
 *     the state, m1_i3 the update's number) asynchronously.
 *
 *   PREPARING -- the old version's check-in (its SENDREC of RS_LU_PREPARE, m1_i1 OK) -->
 *   INITIALIZING
 *     VM_RS_UPDATE(old endpoint, new endpoint): VM swaps its records, the kernel the slots.
 *     Now the service's endpoint runs the NEW program (with the slot's pending messages and
 *     notifications), and the other endpoint (the "spare") holds the old program, still
 *     blocked in its SENDREC. RS ALLOWs the new program and sends it RS_INIT (SEF_INIT_LU,
 *     m7_i4 the spare, m7_i5 the state grant the old version named). Its deadline: maxtime,
 *     at least a second.
 *     Other outcomes of PREPARING:
 *       - the old version answers an error (ENOSYS: no state_isvalid; EINVAL: state refused;
 *         whatever prepare or state_save said): RS answers it the same, removes the new
 *         process, and the caller gets the error;
 *       - maxtime passes: RS_LU_PREPARE with state NULL (cancel) goes to the old version, the
 *         new process is removed, the caller gets EINTR. A check-in that arrives later (from
 *         an update that is over) is answered EINTR;
 *       - the old version dies: the new process is removed, the caller gets EDEADEPT, and the
 *         death is handled as any other (a restart).
 *
 *   INITIALIZING -- RS_INIT OK from the new version --> IDLE (success)
 *     RS answers the init, has PM remove the spare (the old program) and replies OK. A new
 *     program replaces the one RS keeps, so later restarts start the new version.
 *   INITIALIZING -- RS_INIT with an error, a death, or the deadline --> IDLE (rolled back)
 *     The new program is stopped where it is (blocked in its RS_INIT SENDREC, or held for its
 *     signal; at the deadline RS kills it first, and the death comes back here), VM_RS_UPDATE
 *     swaps the slots back, RS answers the old version's SENDREC with ERESTART (it goes on
 *     serving, its state untouched), PM removes the new program, the caller gets ERESTART.
 *
 * The old version is not pinged while it is being updated (heartbeat.c skips RS_UPDATING):
 * the update has its own deadlines.
 */
#include <string.h>
#include <stdio.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include "rs.h"

enum { LU_IDLE, LU_PREPARING, LU_INITIALIZING };

static struct {
    int phase;
    struct service *sp;
    int id;              /* the update's number (RS_LU_PREPARE m1_i3) */
    int state;           /* the state the old version must reach */
    uint32_t maxtime;    /* ticks */
    uint32_t deadline;   /* uptime at which the current phase has failed */
    int new_ep;          /* the new process; after the swap: the spare with the old program */
    int caller;          /* who waits for the outcome */
    int grant;           /* the old version's state grant (for the new version's init) */
    int killed;          /* INITIALIZING: RS killed the new version at the deadline */
    int own_prog;        /* prog is a copy of a program other than the service's own */
    struct program prog;
    char program_name[PROGRAM_NAME_LEN];
} lu = { .phase = LU_IDLE, .new_ep = NONE, .caller = NONE };

static int next_id;

int update_deadline(uint32_t *at)
{
    if (lu.phase == LU_IDLE || (lu.phase == LU_INITIALIZING && lu.killed))
        return 0;
    *at = lu.deadline;
    return 1;
}

/* The update is over: the service's record, the program, the caller. */
static void finish(int result)
{
    struct service *sp = lu.sp;

    if (lu.own_prog) {
        if (result == OK) {
            program_free(&sp->prog);
            sp->prog = lu.prog;
            memcpy(sp->program_name, lu.program_name, sizeof sp->program_name);
        } else {
            program_free(&lu.prog);
        }
    }
    memset(&lu.prog, 0, sizeof lu.prog);
    sp->flags &= ~RS_UPDATING;
    sp->last_alive = uptime();
    sp->ping_sent = 0;
    if (lu.caller != NONE)
        reply(lu.caller, result, NULL);
    lu.phase = LU_IDLE;
    lu.sp = NULL;
    lu.new_ep = NONE;
    lu.caller = NONE;
    lu.own_prog = 0;
    if (sp->endpoint == DS_current())
        label_publish_pending();    /* labels put off while DS was being updated */
}

static void send_prepare(int endpoint, int state, int id)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = RS_LU_PREPARE;
    m.m1_i2 = state;
    m.m1_i3 = id;
    asynsend(endpoint, &m);
}

int do_update(message *m)
{
    rs_update req;
    struct service *sp;
    const struct program *prog;

    if (m->m1_i1 != (int) sizeof req)
        return EINVAL;
    if (sys_vircopy(m->m_source, (uint32_t) (uintptr_t) m->m1_p1, SELF,
                    (uint32_t) (uintptr_t) &req, sizeof req) != OK)
        return EFAULT;
    if (strnlen(req.label, sizeof req.label) == sizeof req.label || !label_is_valid(req.label)
            || strnlen(req.program, sizeof req.program) == sizeof req.program)
        return EINVAL;
    if (req.state <= SEF_LU_STATE_NULL || req.maxtime > RS_MAX_PREPARE_MAXTIME)
        return EINVAL;
    sp = svc_by_label(req.label);
    if (sp == NULL)
        return ESRCH;
    if (!sp->managed || shutting_down)
        return EPERM;              /* PM, VM and RS cannot be replaced */
    if (lu.phase != LU_IDLE)
        return EBUSY;              /* one update at a time */
    if (!(sp->flags & RS_ACTIVE) || sp->endpoint == NONE
            || (sp->flags & (RS_INITIALIZING | RS_EXITING | RS_REFRESHING | RS_LATEREPLY
                             | RS_TERMINATED)))
        return EBUSY;

    /* The new version's program: the service's own (kept in memory), or another one. */
    memset(&lu.prog, 0, sizeof lu.prog);
    lu.own_prog = 0;
    if (req.program[0] == '\0' || strcmp(req.program, sp->program_name) == 0) {
        memcpy(lu.program_name, sp->program_name, sizeof lu.program_name);
        prog = &sp->prog;
    } else {
        int r = program_load(req.program, &lu.prog);
        if (r != OK)
            return r;
        lu.own_prog = 1;
        memset(lu.program_name, 0, sizeof lu.program_name);
        strncpy(lu.program_name, req.program, sizeof lu.program_name - 1);
        prog = &lu.prog;
    }
    int child = NONE;
    int pid = svc_spawn(sp, prog, LU_SYS_PROC, &child);
    if (pid < 0) {
        if (lu.own_prog)
            program_free(&lu.prog);
        lu.own_prog = 0;
        return pid;
    }
    lu.phase = LU_PREPARING;
    lu.sp = sp;
    lu.id = ++next_id;
    lu.state = req.state;
    lu.maxtime = req.maxtime != 0 ? req.maxtime : RS_DEFAULT_PREPARE_MAXTIME;
    lu.deadline = uptime() + lu.maxtime;
    lu.new_ep = child;
    lu.caller = m->m_source;
    lu.grant = GRANT_INVALID;
    lu.killed = 0;
    sp->flags |= RS_UPDATING;
    send_prepare(sp->endpoint, lu.state, lu.id);
    alarm_rearm();
    return EDONTREPLY;
}

/* Swaps the slots back after the new version failed; the old version resumes. OK, or the
   swap's error (then nothing changed). */
static int roll_back(const char *why)
{
    struct service *sp = lu.sp;
    int r = vm_rs_update(sp->endpoint, lu.new_ep);

    if (r != OK) {
        printf("%s: cannot roll the update back (%d)\n", sp->label, r);
        return r;
    }
    printf("%s: update to %s rolled back: %s\n", sp->label, lu.program_name, why);
    reply(sp->endpoint, ERESTART, NULL);   /* the old version's check-in returns */
    svc_remove_instance(lu.new_ep);        /* the new program, now at the spare endpoint */
    finish(ERESTART);
    return OK;
}

/* RS_LU_PREPARE from sp (a SENDREC: it waits for our answer unless the swap happens). */
void update_checkin(struct service *sp, message *m)
{
    int result = m->m1_i1;
    int ep = sp->endpoint;

    if (lu.phase != LU_PREPARING || lu.sp != sp || m->m1_i3 != lu.id) {
        reply(m->m_source, EINTR, NULL);     /* an update that is over (cancelled) */
        return;
    }
    if (result == OK && m->m1_i2 != lu.state)
        result = EINVAL;
    if (result != OK) {
        printf("%s: update refused by the service (%d)\n", sp->label, result);
        reply(ep, result, NULL);
        svc_remove_instance(lu.new_ep);
        finish(result);
        return;
    }
    int r = vm_rs_update(ep, lu.new_ep);
    if (r != OK) {
        printf("%s: cannot swap the two versions (%d): update abandoned\n", sp->label, r);
        reply(ep, r, NULL);
        svc_remove_instance(lu.new_ep);
        finish(r);
        return;
    }
    /* ep now runs the new program; lu.new_ep holds the old one, blocked in its check-in. */
    lu.grant = (int) (intptr_t) m->m1_p1;
    r = sys_privctl(ep, SYS_PRIV_ALLOW, NULL);
    if (r != OK) {
        printf("%s: cannot let the new version run (%d)\n", sp->label, r);
        if (roll_back("the new version could not run") != OK) {
            /* Neither: the old program is at the spare, the new one cannot run. Start over. */
            svc_remove_instance(lu.new_ep);
            finish(r);
            sys_kill(ep, SIGKILL);
        }
        return;
    }
    lu.phase = LU_INITIALIZING;
    uint32_t init_time = lu.maxtime > (uint32_t) rs_hz ? lu.maxtime : (uint32_t) rs_hz;
    lu.deadline = uptime() + init_time;
    message init;
    memset(&init, 0, sizeof init);
    init.m_type = RS_INIT;
    init.m7_i2 = SEF_INIT_LU;
    init.m7_i3 = GRANT_INVALID;
    init.m7_i4 = lu.new_ep;
    init.m7_i5 = lu.grant;
    asynsend(ep, &init);
    alarm_rearm();
}

/* RS_INIT from sp's endpoint: 1 if it is the new version of the update in progress. */
int update_init_reply(struct service *sp, const message *m)
{
    if (lu.phase != LU_INITIALIZING || lu.sp != sp)
        return 0;
    int result = m->m7_i1;
    if (result == OK) {
        reply(sp->endpoint, OK, NULL);
        svc_remove_instance(lu.new_ep);      /* the old program */
        printf("%s: updated to %s (endpoint %d)\n", sp->label, lu.program_name, sp->endpoint);
        finish(OK);
        return 1;
    }
    /* The new version stays blocked in its SENDREC: swapped back, then removed unanswered. */
    if (roll_back("the new version failed its init") != OK) {
        /* It stays: answered, SEF stops it (a failed init), RS restarts the service. */
        svc_remove_instance(lu.new_ep);
        finish(ERESTART);
        reply(sp->endpoint, OK, NULL);
    }
    return 1;
}

/* A signal for a process of the update in progress (RS's signal manager asks first): the
   manager's answer (OK: ENDKSIG; EDEADEPT: held), or EDONTREPLY when it is not ours. */
int update_signal(int target, int signo)
{
    struct service *sp = lu.sp;

    if (lu.phase == LU_IDLE || target == NONE)
        return EDONTREPLY;
    if (target == lu.new_ep) {
        /* The new process before the swap, or the old program after it: it cannot take a
           message; a lethal signal holds it until RS removes it. */
        return is_termination(signo) ? EDEADEPT : OK;
    }
    if (target != sp->endpoint || !is_termination(signo))
        return EDONTREPLY;
    if (lu.phase == LU_PREPARING) {
        /* The old version died before it was ready: no update; the death is a crash. */
        printf("%s died while preparing for its update\n", sp->label);
        svc_remove_instance(lu.new_ep);
        finish(EDEADEPT);
        return EDONTREPLY;
    }
    /* INITIALIZING: the new version died (or RS killed it at the deadline). */
    char why[64];
    if (lu.killed)
        snprintf(why, sizeof why, "the new version did not finish its init in time");
    else
        snprintf(why, sizeof why, "the new version died during its init (signal %d)", signo);
    if (roll_back(why) == OK)
        return EDEADEPT;              /* the corpse is at the spare endpoint, removed */
    /* Cannot swap back: the service restarts (at a new endpoint) from the old program. */
    if (lu.own_prog)
        program_free(&lu.prog);
    lu.own_prog = 0;
    svc_remove_instance(lu.new_ep);
    finish(ERESTART);
    return EDONTREPLY;
}

void update_tick(uint32_t now)
{
    struct service *sp = lu.sp;

    if (lu.phase == LU_IDLE || (int32_t) (now - lu.deadline) < 0)
        return;
    if (lu.phase == LU_PREPARING) {
        printf("%s: not ready for the update within %u ticks: cancelled\n", sp->label,
               (unsigned) lu.maxtime);
        send_prepare(sp->endpoint, SEF_LU_STATE_NULL, lu.id);
        svc_remove_instance(lu.new_ep);
        finish(EINTR);
        return;
    }
    if (!lu.killed) {
        lu.killed = 1;
        printf("%s: the new version did not answer its init in time: killing it\n", sp->label);
        sys_kill(sp->endpoint, SIGKILL);   /* the death rolls the update back */
    }
}
