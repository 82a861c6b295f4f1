/*
 * pm.c -- the PM_* requests (ABI section "VFS (ours)"; minix3-facts-2.md section 5.1). PM
 * sends them with SENDA, one at a time; each is answered with request + PM_REPLY_OFFSET by
 * asynsend (PM may be busy talking to VM: VFS must not block on it). m7: i1 the process.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <string.h>
#include "vfs.h"

int pm_is_request(const message *m)
{
    return (m->m_type & ~0xFF) == PM_RQ_BASE && (m->m_type & 0xFF) < PM_REPLY_OFFSET;
}

static void pm_reply(int type, int endpoint, int result)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = type + PM_REPLY_OFFSET;
    m.m7_i1 = endpoint;
    m.m7_i2 = result;
    asynsend(PM_PROC_NR, &m);
}

void pm_unpause_answered(struct fproc *rfp)
{
    rfp->unpause_reply = 0;
    pm_reply(PM_UNPAUSE, rfp->endpoint, OK);
}

/* A process's suspended call ends (interrupted: EINTR to it; exiting: no answer). */
static int unpause(struct fproc *rfp, int answer)
{
    switch (rfp->blocked) {
    case BLK_PIPE_READ:
    case BLK_PIPE_WRITE: {
        int done = rfp->done;

        rfp->blocked = BLK_NONE;
        rfp->blk_filp = NULL;
        if (answer)
            reply_to(rfp, done > 0 ? done : EINTR, NULL);
        return OK;
    }
    case BLK_DEV:
        dev_cancel(rfp, answer);
        return OK;
    default:
        return ESRCH;
    }
}

/* The child gets a copy of the parent's descriptor table (the filps are shared). */
static int fork_proc(int parent_ep, int child_ep)
{
    struct fproc *parent = proc_of(parent_ep), *child;

    child = proc_new(child_ep);
    if (child == NULL)
        return EINVAL;
    if (parent == NULL)
        return OK;                      /* e.g. RS's child before VFS knew RS: empty table */
    for (int fd = 0; fd < OPEN_MAX; fd++) {
        child->fd[fd] = parent->fd[fd];
        if (child->fd[fd] != NULL)
            child->fd[fd]->count++;
    }
    child->cloexec = parent->cloexec;
    memcpy(child->cwd, parent->cwd, sizeof child->cwd);
    child->ctty = parent->ctty;
    child->session_leader = 0;
    return OK;
}

static void exit_proc(struct fproc *rfp)
{
    unpause(rfp, 0);
    /* A session leader's end: its tty is nobody's controlling tty any more. */
    if (rfp->session_leader && rfp->ctty != 0) {
        int tty = rfp->ctty;

        for (int s = 0; s < NR_PROCS; s++)
            if (fproc[s].in_use && fproc[s].ctty == tty)
                fproc[s].ctty = 0;
    }
    proc_close_all(rfp);
    rfp->in_use = 0;
}

static void close_everything(void)
{
    for (int s = 0; s < NR_PROCS; s++)
        if (fproc[s].in_use) {
            unpause(&fproc[s], 0);
            proc_close_all(&fproc[s]);
        }
}

static int reboot_ep;

static void drained(struct dreq *d, int status)
{
    (void)d;
    (void)status;
    close_everything();
    pm_reply(PM_REBOOT, reboot_ep, OK);
}

/* PM_REBOOT: the last lines must reach the console before the machine stops, so TCDRAIN goes
   to the console first (the tty answers once its output has drained), then every file is
   closed and PM told. 1 if the answer is left to drained(); 0 without a tty. */
static int reboot_drain(int ep)
{
    int drv = driver_of_major(TTY_MAJOR);
    struct dreq *d;

    if (drv < 0 || driver_endpoint(drv) == NONE)
        return 0;
    d = dreq_new(drv, DEV_IOCTL_S, TTY_MINOR_CONSOLE);
    if (d == NULL)
        return 0;
    d->count = (int)TCDRAIN;
    d->user_ep = sef_self();
    d->done = drained;
    reboot_ep = ep;
    dreq_submit(d);
    return 1;
}

void pm_request(void)
{
    int type = m_in.m_type, ep = m_in.m7_i1, r = OK;
    struct fproc *rfp = proc_of(ep);

    switch (type) {
    case PM_FORK:
    case PM_SRV_FORK:
        r = fork_proc(m_in.m7_i2, ep);
        break;
    case PM_EXIT:
        if (rfp != NULL)
            exit_proc(rfp);
        break;
    case PM_EXEC:
        if (rfp == NULL) {
            r = ESRCH;
            break;
        }
        for (int fd = 0; fd < OPEN_MAX; fd++)
            if (rfp->cloexec & (1u << fd))
                fd_close(rfp, fd);
        break;
    case PM_SETSID:
        if (rfp == NULL)
            rfp = proc_new(ep);
        if (rfp == NULL) {
            r = ESRCH;
            break;
        }
        rfp->session_leader = 1;
        rfp->ctty = 0;
        break;
    case PM_UNPAUSE:
        r = rfp != NULL ? unpause(rfp, 1) : ESRCH;
        if (r == OK && rfp->blocked != BLK_NONE) {
            /* A device call waits for the driver's answer to CANCEL: PM hears back only once
               the process has its EINTR, else PM would find it still blocked and ask again. */
            rfp->unpause_reply = 1;
            return;
        }
        break;
    case PM_REBOOT:
        if (reboot_drain(ep))
            return;             /* answered once the console has drained */
        close_everything();
        break;
    default:
        r = ENOSYS;
        break;
    }
    pm_reply(type, ep, r);
}
