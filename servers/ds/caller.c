/*
 * caller.c -- whom a request comes from, and the names DS gives owners (<minix/ds.h>, Owners).
 *
 * The kernel stamps m_source, so the endpoint is the caller's. DS turns it into the owner
 * name its entries carry: "rs" for the process in RS's slot (RS publishes the labels, so it
 * cannot wait for one of its own), else the label RS published for that endpoint, else, for
 * a system process, its kernel name, else, for a user process, "user:<endpoint>".
 */
#include <stdio.h>
#include <string.h>
#include <minix/syslib.h>
#include "ds.h"

#define USER_PREFIX "user:"

int endpoint_slot(int ep)
{
    return ((ep + MAX_NR_TASKS) % ENDPOINT_GENERATION_SIZE) - MAX_NR_TASKS;
}

/* The kernel's view of the process at ep's slot, if it is ep itself. */
static int proc_of(int ep, proc_info *info)
{
    int slot = endpoint_slot(ep);

    if (slot < 0 || slot >= NR_PROCS)
        return ESRCH;
    if (sys_getproc(slot, info) != OK)
        return ESRCH;
    if ((info->state & PROC_FREE) || info->endpoint != ep)
        return ESRCH;
    return OK;
}

int endpoint_alive(int ep)
{
    proc_info info;

    return proc_of(ep, &info) == OK;
}

/* The privilege id all user processes share: init's (INIT_PROC_NR is the first user
   process). Learnt once: that privilege is never given up. -2 while unknown. */
static int user_priv_id(void)
{
    static int id = -2;
    proc_info info;

    if (id == -2 && sys_getproc(INIT_PROC_NR, &info) == OK && !(info.state & PROC_FREE)
        && info.priv_id >= 0)
        id = info.priv_id;
    return id;
}

int caller_identify(int ep, struct caller *c)
{
    proc_info info;
    const char *label;

    memset(c, 0, sizeof *c);
    c->endpoint = ep;
    if (proc_of(ep, &info) != OK)
        return EPERM;   /* gone already, or a kernel task */
    if (endpoint_slot(ep) == RS_PROC_NR) {
        c->is_rs = 1;
        strcpy(c->owner, "rs");
        return OK;
    }
    label = label_of(ep);
    if (label != NULL) {
        strlcpy(c->owner, label, sizeof c->owner);
        return OK;
    }
    if (info.priv_id == user_priv_id()) {
        c->is_user = 1;
        snprintf(c->owner, sizeof c->owner, USER_PREFIX "%d", ep);
        return OK;
    }
    if (info.name[0] != '\0' && info.priv_id >= 0) {
        strlcpy(c->owner, info.name, sizeof c->owner);
        return OK;
    }
    return EPERM;
}

int owner_user_endpoint(const char *owner)
{
    const char *p;
    int ep = 0, neg = 0;

    if (strncmp(owner, USER_PREFIX, strlen(USER_PREFIX)) != 0)
        return NONE;
    p = owner + strlen(USER_PREFIX);
    if (*p == '-') {
        neg = 1;
        p++;
    }
    if (*p == '\0')
        return NONE;
    for (; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return NONE;
        ep = ep * 10 + (*p - '0');
    }
    return neg ? -ep : ep;
}

int owner_endpoint(const char *owner, int fallback)
{
    int ep = label_endpoint(owner);

    if (ep != NONE)
        return ep;
    ep = owner_user_endpoint(owner);
    if (ep != NONE)
        return ep;
    return fallback;
}
