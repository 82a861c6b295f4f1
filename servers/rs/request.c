/*
 * request.c -- the requests RS serves (ABI group rs_requests; facts section 8).
 *
 * Every request is checked before RS acts: the caller's effective uid (PM's GETEPINFO) must be
 * 0, except for RS_LOOKUP and RS_LIST, which only read (anyone may ask); labels must be valid
 * and known; sizes exact. Data the caller names (a label, a struct rs_start, RS_LIST's buffer)
 * is copied with sys_vircopy from or to the caller itself (m_source, never an endpoint the
 * message names), which RS may do as the root system process; no grant is needed.
 * Replies go by SENDNB (the caller waits in SENDREC). RS_UP, RS_DOWN, RS_RESTART and
 * RS_REFRESH answer late, once the outcome is known (the new instance's init, or the end);
 * so does RS_UPDATE (update.c), once the update is done or rolled back.
 *
 * A message RS does not understand from a service it manages is a sign of corruption in that
 * service (fault injection's RS_FI_BADMSG sends one): RS refuses it and kills the sender, which
 * restarts it.
 */
#include <string.h>
#include <stdio.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include "rs.h"

void reply(int endpoint, int result, message *m)
{
    message empty;

    if (m == NULL) {
        memset(&empty, 0, sizeof empty);
        m = &empty;
    }
    m->m_type = result;
    ipc_sendnb(endpoint, m);
}

static int caller_is_root(int caller)
{
    int euid = -1;
    if (caller == RS_PROC_NR)
        return 1;
    return pm_getepinfo(caller, &euid) >= 0 && euid == 0;
}

/* The label the caller points at (m1_p1, m1_i1 bytes, with or without its NUL). */
static int get_label(const message *m, char *label)
{
    int len = m->m1_i1;
    char buf[RS_MAX_LABEL_LEN + 1];

    if (len < 1 || len > RS_MAX_LABEL_LEN)
        return EINVAL;
    memset(buf, 0, sizeof buf);
    if (sys_vircopy(m->m_source, (uint32_t) (uintptr_t) m->m1_p1, SELF,
                    (uint32_t) (uintptr_t) buf, (size_t) len) != OK)
        return EFAULT;
    if (!label_is_valid(buf))
        return EINVAL;
    strncpy(label, buf, RS_MAX_LABEL_LEN);
    return OK;
}

static int lookup(const message *m, struct service **out)
{
    char label[RS_MAX_LABEL_LEN];
    int r = get_label(m, label);
    if (r != OK)
        return r;
    *out = svc_by_label(label);
    return *out != NULL ? OK : ESRCH;
}

/* A caller waits for the outcome (one at a time per service). */
static int wait_for_outcome(struct service *sp, int caller)
{
    sp->caller = caller;
    sp->flags |= RS_LATEREPLY;
    return EDONTREPLY;
}

static int do_up(message *m)
{
    rs_start rs;
    struct service *sp;
    char label[RS_MAX_LABEL_LEN];

    if (m->m1_i1 != (int) sizeof rs)
        return EINVAL;
    if (sys_vircopy(m->m_source, (uint32_t) (uintptr_t) m->m1_p1, SELF,
                    (uint32_t) (uintptr_t) &rs, sizeof rs) != OK)
        return EFAULT;
    if (strnlen(rs.program, sizeof rs.program) == sizeof rs.program
            || strnlen(rs.args, sizeof rs.args) == sizeof rs.args || rs.program[0] == '\0')
        return EINVAL;
    /* No label: the program's name, as the service tool does (without ".elf"). */
    memset(label, 0, sizeof label);
    if (rs.label[0] != '\0') {
        if (strnlen(rs.label, sizeof rs.label) == sizeof rs.label)
            return EINVAL;
        strncpy(label, rs.label, sizeof label - 1);
    } else {
        size_t n = strnlen(rs.program, sizeof label - 1);
        memcpy(label, rs.program, n);
        if (n > 4 && strcmp(label + n - 4, ".elf") == 0)
            label[n - 4] = '\0';
    }
    if (!label_is_valid(label))
        return EINVAL;
    if (svc_by_label(label) != NULL)
        return EEXIST;
    sp = svc_alloc();
    if (sp == NULL)
        return ENOSPC;
    memcpy(sp->label, label, sizeof label);
    strncpy(sp->program_name, rs.program, sizeof sp->program_name - 1);
    strncpy(sp->arg, rs.args, sizeof sp->arg - 1);
    sp->managed = 1;
    sp->period = rs.period;
    memcpy(&sp->priv, rs.priv, sizeof sp->priv);
    if (sp->priv.trap_mask != 0) {
        /* Privileges given by the caller: RS stays the manager, and no authority beyond an
           ordinary service's (VM's, RS's and VFS's rights come from their slots and flags). */
        priv_spec *p = &sp->priv;
        if (p->nr_ipc_to < 0 || p->nr_ipc_to > PRIV_MAX_IPC_TO) {
            svc_free(sp);
            return EINVAL;
        }
        p->flags &= ~(uint32_t) (VM_SYS_PROC | ROOT_SYS_PROC | MAGIC_GRANT_PROC);
        p->sig_mgr = RS_PROC_NR;
        for (int i = 0; i < PRIV_MAX_IPC_TO; i++) {
            struct service *t = i < p->nr_ipc_to ? svc_by_endpoint(p->ipc_to[i]) : NULL;
            sp->target_svc[i] = (int8_t) (t != NULL && t->managed ? svc_index(t) : -1);
        }
        if (p->nr_ipc_to < PRIV_MAX_IPC_TO)
            p->ipc_to[p->nr_ipc_to++] = RS_PROC_NR;
        if (p->nr_ipc_to < PRIV_MAX_IPC_TO)
            p->ipc_to[p->nr_ipc_to++] = INIT_PROC_NR;
    }
    int r = program_load(sp->program_name, &sp->prog);
    if (r == OK)
        r = svc_start(sp, SEF_INIT_FRESH);
    if (r != OK) {
        svc_free(sp);
        return r;
    }
    printf("%s: started from %s (endpoint %d)\n", sp->label, sp->program_name, sp->endpoint);
    return wait_for_outcome(sp, m->m_source);
}

static int do_down(message *m)
{
    struct service *sp;
    int r = lookup(m, &sp);

    if (r != OK)
        return r;
    if (sp->core)
        return EPERM;
    if (sp->flags & (RS_INITIALIZING | RS_EXITING | RS_REFRESHING | RS_LATEREPLY | RS_UPDATING))
        return EBUSY;
    if (sp->flags & RS_TERMINATED) {
        sp->caller = m->m_source;
        svc_finish_down(sp, OK);
        return EDONTREPLY;
    }
    svc_stop(sp, RS_EXITING);
    return wait_for_outcome(sp, m->m_source);
}

/* RS_RESTART and RS_REFRESH: a dead service starts again now (back-off or not); a running
   one is stopped (SIGTERM, SIGKILL after the grace) and started again. */
static int do_restart(message *m)
{
    struct service *sp;
    int r = lookup(m, &sp);

    if (r != OK)
        return r;
    if (!sp->managed)
        return EPERM;
    if (sp->flags & (RS_INITIALIZING | RS_EXITING | RS_REFRESHING | RS_LATEREPLY | RS_UPDATING))
        return EBUSY;
    if (shutting_down)
        return EPERM;
    if (sp->flags & RS_TERMINATED) {
        sp->restart_at = 0;
        wait_for_outcome(sp, m->m_source);
        svc_restart(sp);
        return EDONTREPLY;
    }
    svc_stop(sp, RS_REFRESHING);
    return wait_for_outcome(sp, m->m_source);
}

static int do_lookup(message *m)
{
    struct service *sp;
    int r = lookup(m, &sp);

    if (r != OK)
        return r;
    if (sp->endpoint == NONE || !(sp->flags & (RS_ACTIVE | RS_INITIALIZING)))
        return EAGAIN;               /* known, but no instance right now: ask again */
    m->m1_i1 = sp->endpoint;
    return OK;
}

static int do_list(message *m)
{
    static rs_service_info info[NR_SERVICES];
    uint32_t now = uptime();
    int n = 0;
    size_t room = m->m1_i1 > 0 ? (size_t) m->m1_i1 / sizeof info[0] : 0;

    memset(info, 0, sizeof info);
    for (int i = 0; i < NR_SERVICES; i++) {
        const struct service *sp = &services[i];
        if (!(sp->flags & RS_IN_USE))
            continue;
        rs_service_info *e = &info[n++];
        memcpy(e->label, sp->label, sizeof e->label);
        e->endpoint = sp->endpoint;
        e->flags = sp->flags;
        e->restarts = sp->restarts;
        e->period = sp->period;
        e->uptime_ticks = (sp->flags & RS_ACTIVE) ? now - sp->started : 0;
        e->pid = sp->pid;
        e->backoff_ticks = (sp->flags & RS_TERMINATED) && sp->restart_at != 0
                           ? sp->restart_at - now : 0;
        e->program_bytes = sp->prog.size;
    }
    if (room > (size_t) n)
        room = (size_t) n;
    if (room > 0 && sys_vircopy(SELF, (uint32_t) (uintptr_t) info, m->m_source,
                                (uint32_t) (uintptr_t) m->m1_p1, room * sizeof info[0]) != OK)
        return EFAULT;
    m->m1_i1 = n;
    return OK;
}

static int do_fi(message *m)
{
    struct service *sp;
    int kind = m->m1_i2;
    int r = lookup(m, &sp);

    if (r != OK)
        return r;
    if (kind < RS_FI_SIGKILL || kind > RS_FI_BADMSG)
        return EINVAL;
    if (!sp->managed)
        return EPERM;
    if (!(sp->flags & RS_ACTIVE) || (sp->flags & (RS_EXITING | RS_REFRESHING | RS_UPDATING)))
        return EBUSY;
    printf("fault injection: %s, kind %d\n", sp->label, kind);
    if (kind == RS_FI_SIGKILL)
        return sys_kill(sp->endpoint, SIGKILL);
    message fi = { 0 };
    fi.m_type = RS_FI_INJECT;
    fi.m1_i1 = kind;
    return asynsend(sp->endpoint, &fi);
}

/* A message from a service RS manages that is no request RS knows. */
static void bad_message(struct service *sp, const message *m)
{
    printf("%s sent RS a message it does not understand (type 0x%x): killing it\n",
           sp->label, (unsigned) m->m_type);
    reply(m->m_source, EBADREQUEST, NULL);
    if (sp->flags & RS_ACTIVE)
        sys_kill(sp->endpoint, SIGKILL);
}

void handle_request(message *m)
{
    int caller = m->m_source;
    struct service *sp = svc_by_endpoint(caller);
    int r;

    if (m->m_type == RS_INIT && sp != NULL && update_init_reply(sp, m))
        return;                        /* the new version of a live update */
    if (m->m_type == RS_LU_PREPARE) {
        /* A service's answer to a live update's prepare request (update.c). */
        if (sp != NULL && sp->managed)
            update_checkin(sp, m);
        else
            reply(caller, EINVAL, NULL);
        return;
    }
    if (m->m_type == RS_INIT) {
        if (sp != NULL && (sp->flags & RS_INITIALIZING) && sp->managed)
            svc_init_reply(sp, m);
        else if (sp != NULL && sp->managed)
            bad_message(sp, m);
        else
            reply(caller, EINVAL, NULL);
        return;
    }
    switch (m->m_type) {
    case RS_LOOKUP: r = do_lookup(m); break;
    case RS_LIST:   r = do_list(m); break;
    case RS_UP: case RS_DOWN: case RS_RESTART: case RS_REFRESH: case RS_SHUTDOWN: case RS_FI:
    case RS_UPDATE:
        if (!caller_is_root(caller)) {
            r = EPERM;
            break;
        }
        switch (m->m_type) {
        case RS_UP:       r = do_up(m); break;
        case RS_DOWN:     r = do_down(m); break;
        case RS_RESTART:
        case RS_REFRESH:  r = do_restart(m); break;
        case RS_FI:       r = do_fi(m); break;
        case RS_UPDATE:   r = do_update(m); break;
        default:
            shutting_down = 1;
            printf("shutdown requested: services are no longer restarted\n");
            r = OK;
            break;
        }
        break;
    default:
        if (sp != NULL && sp->managed) {
            bad_message(sp, m);
            return;
        }
        if (m->m_type < 0 || m->m_source == PM_PROC_NR || m->m_source == VM_PROC_NR)
            return;                    /* a stray answer (never answer an answer) */
        r = ENOSYS;
        break;
    }
    if (r != EDONTREPLY)
        reply(caller, r, m);
}
