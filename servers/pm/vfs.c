/*
 * vfs.c -- PM's requests to VFS (PM_FORK, PM_SRV_FORK, PM_EXIT, PM_EXEC, PM_SETSID,
 * PM_UNPAUSE, PM_REBOOT; ABI section "VFS (ours)", minix3-facts-2.md section 5.1).
 *
 * Asynchronous both ways: PM sends with asynsend and goes on; VFS answers request +
 * PM_REPLY_OFFSET. PM keeps its requests in a queue and sends the next one only after the
 * previous answer, so VFS sees them in the order PM made them (an exit before the fork that
 * reuses the slot). The work that has to wait for VFS (answering fork's parent and child,
 * starting an exec'd program, answering setsid, delivering a signal to a process that VFS
 * had blocked) is finished in vfs_reply().
 *
 * An image without VFS (no process in slot VFS_PROC_NR): nothing is sent and every call
 * completes at once, as before VFS existed.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "pm.h"

#define VFS_QUEUE (2 * NR_PROCS)

struct vfs_req {
    int type;
    int slot;              /* the process it is about */
    int endpoint;          /* its endpoint when asked (a reused slot must not match) */
    int arg;               /* PM_FORK: the parent's slot */
};

static struct vfs_req queue[VFS_QUEUE];
static int q_head, q_len;
static int in_flight;
static int vfs_present = -1;

int vfs_up(void)
{
    if (vfs_present < 0) {
        proc_info info;

        vfs_present = sys_getproc(VFS_PROC_NR, &info) == OK && !(info.state & PROC_FREE);
    }
    return vfs_present;
}

static void send_head(void)
{
    struct vfs_req *q;
    message m;

    if (in_flight || q_len == 0)
        return;
    q = &queue[q_head];
    memset(&m, 0, sizeof m);
    m.m_type = q->type;
    m.m7_i1 = q->endpoint;
    if (q->type == PM_FORK || q->type == PM_SRV_FORK) {
        m.m7_i2 = mproc[q->arg].endpoint;
        m.m7_i3 = mproc[q->slot].pid;
    }
    if (asynsend(VFS_PROC_NR, &m) != OK) {
        printf("cannot reach VFS (request %x dropped)\n", q->type);
        return;
    }
    in_flight = 1;
}

int vfs_request(int type, struct mproc *rmp, int arg)
{
    struct vfs_req *q;

    if (!vfs_up())
        return ENOSYS;
    if (q_len == VFS_QUEUE) {
        printf("VFS request queue full (request %x dropped)\n", type);
        return ENOSPC;
    }
    q = &queue[(q_head + q_len) % VFS_QUEUE];
    q->type = type;
    q->slot = (int)(rmp - mproc);
    q->endpoint = rmp->endpoint;
    q->arg = arg;
    q_len++;
    send_head();
    return OK;
}

int is_vfs_reply(const message *m)
{
    return m->m_source == VFS_PROC_NR && (m->m_type & ~0xFF) == PM_RQ_BASE
        && (m->m_type & 0xFF) >= PM_REPLY_OFFSET;
}

static int still(const struct vfs_req *q)
{
    struct mproc *rmp = &mproc[q->slot];

    return (rmp->flags & IN_USE) && !(rmp->flags & (ZOMBIE | EXITING))
        && rmp->endpoint == q->endpoint;
}

void vfs_reply(const message *m)
{
    struct vfs_req q;
    struct mproc *rmp;

    if (!in_flight || q_len == 0 || m->m_type != queue[q_head].type + PM_REPLY_OFFSET)
        return;                 /* not the answer we wait for */
    q = queue[q_head];
    q_head = (q_head + 1) % VFS_QUEUE;
    q_len--;
    in_flight = 0;
    rmp = &mproc[q.slot];

    switch (q.type) {
    case PM_FORK:
        fork_finish(&mproc[q.arg], rmp, q.endpoint);
        break;
    case PM_EXEC:
        if (still(&q))
            exec_finish(rmp);
        break;
    case PM_SETSID:
        if (still(&q)) {
            rmp->flags &= ~VFS_WAIT;
            reply(rmp, rmp->pgrp, NULL);
            deliver_pending(rmp);
        }
        break;
    case PM_UNPAUSE:
        if (still(&q)) {
            if (m->m7_i2 == OK)
                rmp->flags &= ~UNPAUSING;   /* VFS answered it EINTR: it runs again */
            deliver_pending(rmp);
        }
        break;
    case PM_REBOOT:
        reboot_finish();
        break;
    default:
        break;
    }
    send_head();
}
