/*
 * main.c -- VFS's start-up, its receive loop, the call table and the reply.
 *
 * Four kinds of message arrive: a user's call (SENDREC, m_type a posix_calls number: answered
 * by SENDNB now, or later if the call suspends), a PM_* request from PM (pm.c), a driver's
 * answer (TASK_REPLY, DEV_REVIVE, DEV_NO_STATUS; device.c) and notifications (a driver has a
 * revive for us; DS: a drv.chr.* key changed).
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <minix/bootfs.h>
#include <stdio.h>
#include <string.h>
#include "vfs.h"

message m_in;
message m_out;
struct fproc *fp;

typedef int (*call_handler)(void);

static const call_handler calls[NCALLS] = {
    [READ] = do_read,
    [WRITE] = do_write,
    [OPEN] = do_open,
    [CLOSE] = do_close,
    [CHDIR] = do_chdir,
    [LSEEK] = do_lseek,
    [DUP] = do_dup,
    [PIPE] = do_pipe,
    [STAT] = do_stat,
    [FSTAT] = do_fstat,
    [IOCTL] = do_ioctl,
    [FCNTL] = do_fcntl,
    [GETCWD] = do_getcwd,
};

/* Non-blocking: a process that is no longer waiting (killed meanwhile) must not stop VFS. */
void reply_to(struct fproc *rfp, int result, message *m)
{
    message empty;

    if (m == NULL) {
        memset(&empty, 0, sizeof empty);
        m = &empty;
    }
    m->m_type = result;
    ipc_sendnb(rfp->endpoint, m);
    if (rfp->unpause_reply)
        pm_unpause_answered(rfp);
}

static int vfs_init(int type, const sef_init_info_t *info)
{
    (void)info;
    table_init();
    if (bootfs_init() != OK)
        printf("no boot archive: /bin is empty\n");
    dev_init();
    if (type == SEF_INIT_RESTART)
        printf("restarted: every descriptor is lost\n");
    return OK;
}

static void handle_call(void)
{
    int call = m_in.m_type, r;

    fp = proc_of(m_in.m_source);
    if (fp == NULL)
        fp = proc_new(m_in.m_source);
    if (fp == NULL) {
        message m;

        memset(&m, 0, sizeof m);
        m.m_type = ESRCH;
        ipc_sendnb(m_in.m_source, &m);
        return;
    }
    if (fp->blocked != BLK_NONE) {
        /* A process has one call at a time; a second one is a protocol error. */
        message m;

        memset(&m, 0, sizeof m);
        m.m_type = EBUSY;
        ipc_sendnb(m_in.m_source, &m);
        return;
    }
    memset(&m_out, 0, sizeof m_out);
    if (call < 0 || call >= NCALLS || calls[call] == NULL)
        r = ENOSYS;
    else
        r = calls[call]();
    if (r != VFS_SUSPEND)
        reply_to(fp, r, &m_out);
}

int main(void)
{
    int status;

    sef_setcb_init_fresh(vfs_init);
    sef_setcb_init_restart(vfs_init);
    sef_startup();

    for (;;) {
        if (sef_receive_status(ANY, &m_in, &status) != OK)
            continue;
        if (is_notify(m_in.m_type)) {
            if (m_in.m_source == DS_PROC_NR)
                dev_ds_event();
            else if (dev_is_driver(m_in.m_source))
                dev_notified(m_in.m_source);
            continue;
        }
        if (m_in.m_source == PM_PROC_NR && pm_is_request(&m_in)) {
            pm_request();
            continue;
        }
        if (m_in.m_type == BDEV_REPLY && bdev_is_driver(m_in.m_source)) {
            bdev_reply(&m_in);
            continue;
        }
        if (dev_is_driver(m_in.m_source)
            && (m_in.m_type == TASK_REPLY || (m_in.m_type & ~0xFF) == 0x500)) {
            dev_reply(&m_in);
            continue;
        }
        handle_call();
    }
}
