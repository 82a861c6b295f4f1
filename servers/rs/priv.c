/*
 * priv.c -- the privileges a service's instances get.
 *
 * RS learns a boot service's privileges from the kernel (GETINFO GET_PRIV: the form PRIVCTL
 * SET_SYS takes) and gives every later instance the same. IPC targets are endpoints, and
 * endpoints change when services restart, so each target is remembered as the service it names
 * (its current endpoint is used at each start) or, for processes RS does not restart (kernel
 * tasks, PM, VM, RS, init), as the fixed endpoint. Two targets are always added: RS itself
 * (pings, RS_INIT) and init, whose privilege every user process shares, so that user programs
 * can call the service. The kernel makes the mask symmetric, so the targets can answer.
 */
#include <string.h>
#include <minix/syslib.h>
#include "rs.h"

static int has_target(const priv_spec *p, int endpoint)
{
    for (int i = 0; i < p->nr_ipc_to; i++)
        if (p->ipc_to[i] == endpoint)
            return 1;
    return 0;
}

static void add_target(priv_spec *p, int endpoint)
{
    if (!has_target(p, endpoint) && p->nr_ipc_to < PRIV_MAX_IPC_TO)
        p->ipc_to[p->nr_ipc_to++] = endpoint;
}

/* Reads the privileges of sp's running instance at endpoint and remembers them for later
   instances. Every service sp's targets may name must be in the table already. */
int priv_capture(struct service *sp, int endpoint)
{
    int r = sys_getpriv(endpoint, &sp->priv);
    if (r != OK)
        return r;
    priv_spec *p = &sp->priv;
    if (p->nr_ipc_to < 0 || p->nr_ipc_to > PRIV_MAX_IPC_TO)
        return EINVAL;
    add_target(p, RS_PROC_NR);
    add_target(p, INIT_PROC_NR);
    if (p->sig_mgr == endpoint)
        p->sig_mgr = SELF;
    for (int i = 0; i < PRIV_MAX_IPC_TO; i++) {
        struct service *t = i < p->nr_ipc_to ? svc_by_endpoint(p->ipc_to[i]) : NULL;
        sp->target_svc[i] = (int8_t) (t != NULL && t->managed ? svc_index(t) : -1);
    }
    return OK;
}

/* Whether endpoint is a live process (its slot holds exactly that endpoint). */
static int alive(int endpoint)
{
    proc_info info;
    int slot;

    if (endpoint < 0)
        return 1;                     /* kernel tasks never go */
    slot = endpoint % ENDPOINT_GENERATION_SIZE;
    if (slot >= NR_PROCS || sys_getproc(slot, &info) != OK)
        return 0;
    return !(info.state & PROC_FREE) && info.endpoint == endpoint;
}

/* The privileges for a new instance of sp: targets at their current endpoints; a target
   service that is down right now is left out (when it comes back, its own privileges name
   this one again and the kernel makes that symmetric). */
int priv_build(const struct service *sp, priv_spec *out)
{
    *out = sp->priv;
    out->nr_ipc_to = 0;
    for (int i = 0; i < sp->priv.nr_ipc_to; i++) {
        int ep = sp->priv.ipc_to[i];
        int idx = sp->target_svc[i];
        if (idx >= 0) {
            const struct service *t = &services[idx];
            if (t == sp) {
                ep = SELF;
            } else if (!(t->flags & RS_IN_USE) || t->endpoint == NONE
                       || (t->flags & RS_TERMINATED)) {
                continue;
            } else {
                ep = t->endpoint;
            }
        }
        if (ep != SELF && !alive(ep))
            continue;
        out->ipc_to[out->nr_ipc_to++] = ep;
    }
    if (out->sig_mgr == NONE)
        out->sig_mgr = RS_PROC_NR;
    return OK;
}
