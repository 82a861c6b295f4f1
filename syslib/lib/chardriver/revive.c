/*
 * revive.c -- answers of suspended requests: queued until the requester (VFS) asks with
 * DEV_STATUS, which gets one DEV_REVIVE per queued answer and then DEV_NO_STATUS
 * (minix3-facts-2.md section 1.4). A requester that talks to the driver by SENDREC (a test
 * program) is answered at once with TASK_REPLY instead.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <string.h>
#include "chardriver_priv.h"

#define NR_REVIVES 32

static struct {
    int used;
    endpoint_t caller;
    endpoint_t user;
    int grant;
    int status;
} revives[NR_REVIVES];

int chardriver_revive(const chardriver_req *r, int status)
{
    if (ipc_status_call(r->ipc_status) == SENDREC) {
        chardriver_reply(r, status);
        return OK;
    }
    for (int i = 0; i < NR_REVIVES; i++) {
        if (revives[i].used)
            continue;
        revives[i].used = 1;
        revives[i].caller = r->caller;
        revives[i].user = r->user;
        revives[i].grant = r->grant;
        revives[i].status = status;
        ipc_notify(r->caller);
        return OK;
    }
    chardriver_reply(r, EIO);
    return ENOSPC;
}

void chardriver_status(const message *req, int ipc_status)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = DEV_NO_STATUS;
    for (int i = 0; i < NR_REVIVES; i++) {
        if (!revives[i].used || revives[i].caller != req->m_source)
            continue;
        m.m_type = DEV_REVIVE;
        m.m2_i1 = revives[i].user;
        m.m2_i2 = revives[i].status;
        m.m2_i3 = revives[i].grant;
        revives[i].used = 0;
        break;
    }
    if (ipc_status_call(ipc_status) == SENDREC)
        ipc_sendnb(req->m_source, &m);
    else
        asynsend(req->m_source, &m);
}
