/*
 * chardriver.c -- the character-driver loop: announce, receive, decode, call the handler,
 * reply (<minix/chardriver.h> says what each part promises).
 */
#include <minix/chardriver.h>
#include <minix/ds.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "chardriver_priv.h"

/* Bit per minor: opened by VFS since this instance started (the restart rule). */
static uint8_t open_minors[CHARDRIVER_MINORS / 8];
static int all_open;      /* after a live update: every minor counts as open */

int chardriver_is_open(int minor)
{
    if (minor < 0 || minor >= CHARDRIVER_MINORS || all_open)
        return 1;
    return (open_minors[minor / 8] >> (minor % 8)) & 1;
}

static void mark_open(int minor)
{
    if (minor >= 0 && minor < CHARDRIVER_MINORS)
        open_minors[minor / 8] |= (uint8_t)(1u << (minor % 8));
}

void chardriver_reply(const chardriver_req *r, int status)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = TASK_REPLY;
    m.m2_i1 = r->user;
    m.m2_i2 = status;
    m.m2_i3 = r->grant;
    if (ipc_status_call(r->ipc_status) == SENDREC)
        ipc_sendnb(r->caller, &m);   /* the caller waits for exactly this */
    else
        asynsend(r->caller, &m);     /* VFS: never block on it, never make it block */
}

static void announce(void)
{
    char key[DS_MAX_KEYLEN];
    int r;

    snprintf(key, sizeof key, "drv.chr.%s", sef_self_name());
    r = ds_publish_u32(key, 1, DSF_OVERWRITE);
    if (r != OK)
        printf("chardriver: cannot publish %s: %d\n", key, r);
}

static void decode(const message *m, int status, chardriver_req *r)
{
    r->type = m->m_type;
    r->caller = m->m_source;
    r->minor = m->m2_i1;
    r->user = m->m2_i2;
    r->count = m->m2_i3;
    r->pos = (uint32_t)m->m2_l1;
    r->pos_hi = m->m2_l2;
    r->grant = (int)(intptr_t)m->m2_p1;
    r->ioctl_user = m->m2_l1;
    r->ipc_status = status;
}

/* The handler's status for one request, or SUSPEND. */
static int dispatch(const struct chardriver *cd, const chardriver_req *r)
{
    if (r->type != DEV_OPEN && r->caller == VFS_PROC_NR && !chardriver_is_open(r->minor))
        return ERESTART;
    switch (r->type) {
    case DEV_OPEN: {
        int s = cd->open != NULL ? cd->open(r) : OK;
        if (s >= 0 && r->caller == VFS_PROC_NR)
            mark_open(r->minor);
        return s;
    }
    case DEV_CLOSE:
        /* The minor stays marked: other files of VFS's may still be open on it. */
        return cd->close != NULL ? cd->close(r) : OK;
    case DEV_READ_S:
        return cd->read != NULL ? cd->read(r) : EINVAL;
    case DEV_WRITE_S:
        return cd->write != NULL ? cd->write(r) : EINVAL;
    case DEV_IOCTL_S:
        return cd->ioctl != NULL ? cd->ioctl(r) : ENOTTY;
    case CANCEL:
        return cd->cancel != NULL ? cd->cancel(r) : EINTR;
    default:
        return EBADREQUEST;
    }
}

_Noreturn void chardriver_task(const struct chardriver *cd)
{
    message m;
    int status;

    if (sef_init_type() == SEF_INIT_LU)
        all_open = 1;
    announce();
    for (;;) {
        chardriver_req r;
        int s;

        if (sef_receive_status(ANY, &m, &status) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (cd->other != NULL)
                cd->other(&m, status);
            continue;
        }
        if (m.m_type == DEV_STATUS) {
            chardriver_status(&m, status);
            continue;
        }
        if ((m.m_type & ~0xFF) != DEV_RQ_BASE && m.m_type != CANCEL && cd->other != NULL) {
            cd->other(&m, status);
            continue;
        }
        decode(&m, status, &r);
        s = dispatch(cd, &r);
        if (s == SUSPEND)
            continue;                 /* the driver answers later (chardriver_revive) */
        chardriver_reply(&r, s);
    }
}
