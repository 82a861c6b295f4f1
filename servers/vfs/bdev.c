/*
 * bdev.c -- block devices (issue 15): the style style_blk for majors whose driver speaks the
 * block-device protocol (ABI section "Disk and network drivers"; minix3-facts-2.md section 2),
 * i.e. at_wini's /dev/c0d0 and /dev/c0d0p0..p3. Until a file server exists, VFS moves the
 * bytes itself: a read or write of a block device is one BDEV_READ / BDEV_WRITE with a magic
 * grant over the user's buffer (grantee the driver, granter the user).
 *
 * Rules: the position and the count must be multiples of BDEV_SECTOR_SIZE (512) -- there is
 * no bounce buffer in VFS, so anything else is EINVAL (dd with bs=512 or a multiple works).
 * The driver's answers follow its rules: 0 at or past the end of the device, a clipped count
 * over it. An ioctl's grant covers the size and direction its code encodes (IOC_IN/IOC_OUT).
 *
 * Block I/O never suspends at the driver, so each block driver has one request in flight and
 * a queue behind it (its own machinery, not device.c's DEV_* one). Requests go by asynsend;
 * BDEV_REPLY comes back through main.c (bdev_reply). The driver is known through DS key
 * drv.blk.<label> (device.c's dev_ds_event hands such keys to bdev_driver_up). Recovery, as
 * MINIX's libbdev: when a new instance appears, or a reply is ERESTART, every minor VFS has
 * open is opened again at the driver and the request in flight is sent again, up to
 * MAX_TRIES times, else EIO.
 */
#include <minix/ds.h>
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "vfs.h"

#define NR_BDRIVERS 4
#define NR_BREQS 32
#define MAX_TRIES 5
#define NR_BMINORS 256

struct breq {
    int in_use;
    int type;               /* BDEV_* */
    int minor, count, flags;
    uint32_t pos;
    int user_ep;            /* NONE: internal (a re-open, a close) */
    uint32_t addr, size;
    int access;             /* CPF_* for the driver, 0: no grant */
    int grant;
    int proc;               /* the fproc slot answered, -1: nobody */
    struct filp *filp;      /* I/O: the position to advance */
    int tries;
    struct breq *next;
};

struct bdriver {
    const char *label;
    int endpoint;
    struct breq *busy, *head, *tail;
    int opens[NR_BMINORS];  /* opens VFS holds per minor: redone after a restart */
    int reopening;          /* re-opens still in flight after a restart */
};

static struct bdriver bdrivers[NR_BDRIVERS];
static struct breq breqs[NR_BREQS];

static struct bdriver *bdriver_of(int dev, int create)
{
    const struct dmap *dm = dmap_of(DEV_MAJOR(dev));

    if (dm == NULL)
        return NULL;
    for (int i = 0; i < NR_BDRIVERS; i++)
        if (bdrivers[i].label != NULL && strcmp(bdrivers[i].label, dm->label) == 0)
            return &bdrivers[i];
    if (!create)
        return NULL;
    for (int i = 0; i < NR_BDRIVERS; i++)
        if (bdrivers[i].label == NULL) {
            bdrivers[i].label = dm->label;
            bdrivers[i].endpoint = NONE;
            if (ds_retrieve_label(dm->label, &bdrivers[i].endpoint) != OK)
                bdrivers[i].endpoint = NONE;
            return &bdrivers[i];
        }
    return NULL;
}

static struct breq *breq_new(int type, int minor)
{
    for (int i = 0; i < NR_BREQS; i++)
        if (!breqs[i].in_use) {
            struct breq *b = &breqs[i];

            memset(b, 0, sizeof *b);
            b->in_use = 1;
            b->type = type;
            b->minor = minor;
            b->user_ep = NONE;
            b->grant = GRANT_INVALID;
            b->proc = -1;
            return b;
        }
    return NULL;
}

static void send_next(struct bdriver *dv);

/* Ends b: the position, the caller's answer, the grant. */
static void complete(struct bdriver *dv, struct breq *b, int status)
{
    if (b->grant != GRANT_INVALID)
        cpf_revoke(b->grant);
    if (b->type == BDEV_OPEN && status == OK && b->minor < NR_BMINORS)
        dv->opens[b->minor]++;
    if (status > 0 && b->filp != NULL && b->filp->count > 0)
        b->filp->pos += (uint32_t)status;
    if (b->proc >= 0) {
        struct fproc *rfp = &fproc[b->proc];

        /* Answer only the process that still waits for this (not cancelled by a signal). */
        if (rfp->in_use && rfp->endpoint == b->user_ep && rfp->blocked == BLK_DEV
            && rfp->dreq == NULL) {
            rfp->blocked = BLK_NONE;
            if (b->type == BDEV_OPEN) {
                int fd = rfp->fd_no;

                if (status < 0) {
                    if (rfp->fd[fd] != NULL)
                        rfp->fd[fd]->type = VN_FREE;     /* not open at the driver */
                    fd_close(rfp, fd);
                    reply_to(rfp, status, NULL);
                } else {
                    reply_to(rfp, fd, NULL);
                }
            } else {
                reply_to(rfp, status, NULL);
            }
        }
    }
    b->in_use = 0;
}

static void send_one(struct bdriver *dv, struct breq *b)
{
    message m;

    if (b->access != 0 && b->grant == GRANT_INVALID) {
        b->grant = cpf_grant_magic(dv->endpoint, b->user_ep, (void *)(uintptr_t)b->addr,
                                   b->size, b->access);
        if (b->grant == GRANT_INVALID) {
            complete(dv, b, ENOMEM);
            return;
        }
    }
    memset(&m, 0, sizeof m);
    m.m_type = b->type;
    m.m2_i1 = b->minor;
    m.m2_i2 = b->count;
    m.m2_i3 = b->grant;
    m.m2_l1 = (int32_t)b->pos;
    m.m2_l2 = 0;
    m.m2_p1 = (void *)b;            /* the id: which request the reply answers */
    m.m2_s1 = (int16_t)b->flags;
    dv->busy = b;
    b->tries++;
    if (asynsend(dv->endpoint, &m) != OK) {
        dv->busy = NULL;
        complete(dv, b, EIO);
    }
}

static void send_next(struct bdriver *dv)
{
    while (dv->busy == NULL && dv->head != NULL && dv->endpoint != NONE) {
        struct breq *b = dv->head;

        dv->head = b->next;
        if (dv->head == NULL)
            dv->tail = NULL;
        send_one(dv, b);
    }
}

static void enqueue(struct bdriver *dv, struct breq *b, int front)
{
    if (front) {
        b->next = dv->head;
        dv->head = b;
        if (dv->tail == NULL)
            dv->tail = b;
    } else {
        b->next = NULL;
        if (dv->tail != NULL)
            dv->tail->next = b;
        else
            dv->head = b;
        dv->tail = b;
    }
}

static void submit(struct bdriver *dv, struct breq *b, int front)
{
    enqueue(dv, b, front);
    send_next(dv);
}

/* A new instance (or ERESTART): our opens again, in front of the request that was in flight. */
static void recover(struct bdriver *dv)
{
    struct breq *b = dv->busy;

    dv->busy = NULL;
    if (b != NULL) {
        if (b->tries >= MAX_TRIES) {
            complete(dv, b, EIO);
        } else {
            if (b->grant != GRANT_INVALID) {
                cpf_revoke(b->grant);       /* made for the old endpoint */
                b->grant = GRANT_INVALID;
            }
            enqueue(dv, b, 1);
        }
    }
    for (int minor = NR_BMINORS - 1; minor >= 0; minor--)
        if (dv->opens[minor] > 0) {
            struct breq *o = breq_new(BDEV_OPEN, minor);

            if (o == NULL)
                break;
            o->count = R_BIT | W_BIT;
            o->tries = -1000;               /* internal: never given up as a user request is */
            dv->opens[minor]--;             /* complete() adds it back when the open succeeds */
            enqueue(dv, o, 1);              /* sent before the request, by send_next below */
        }
    send_next(dv);
}

void bdev_driver_up(const char *label, int endpoint)
{
    for (int i = 0; i < NR_BDRIVERS; i++) {
        struct bdriver *dv = &bdrivers[i];

        if (dv->label == NULL || strcmp(dv->label, label) != 0 || dv->endpoint == endpoint)
            continue;
        dv->endpoint = endpoint;
        recover(dv);
        return;
    }
}

int bdev_is_driver(int endpoint)
{
    for (int i = 0; i < NR_BDRIVERS; i++)
        if (bdrivers[i].label != NULL && bdrivers[i].endpoint == endpoint && endpoint != NONE)
            return 1;
    return 0;
}

void bdev_reply(const message *m)
{
    for (int i = 0; i < NR_BDRIVERS; i++) {
        struct bdriver *dv = &bdrivers[i];
        struct breq *b = dv->busy;

        if (dv->label == NULL || dv->endpoint != m->m_source)
            continue;
        if (b == NULL || (void *)b != m->m2_p1)
            return;                         /* a reply to a request we gave up on */
        if (m->m2_i1 == ERESTART) {
            recover(dv);
            return;
        }
        dv->busy = NULL;
        complete(dv, b, m->m2_i1);
        send_next(dv);
        return;
    }
}

/* --- the style ------------------------------------------------------------------------ */

static int start(struct fproc *rfp, struct filp *f, int dev, struct breq *b, int call)
{
    struct bdriver *dv = bdriver_of(dev, 1);

    if (dv == NULL) {
        b->in_use = 0;
        return ENXIO;
    }
    b->proc = rfp == NULL ? -1 : (int)(rfp - fproc);
    b->user_ep = rfp == NULL ? NONE : rfp->endpoint;
    b->filp = f;
    if (rfp != NULL) {
        rfp->blocked = BLK_DEV;
        rfp->dreq = NULL;
        rfp->call = call;
    }
    submit(dv, b, 0);
    return rfp == NULL ? OK : VFS_SUSPEND;
}

static int blk_open(struct fproc *rfp, struct filp *f, int dev, int flags)
{
    struct breq *b = breq_new(BDEV_OPEN, DEV_MINOR(dev));
    int mode = flags & O_ACCMODE;

    if (b == NULL)
        return ENFILE;
    b->count = mode == O_WRONLY ? W_BIT : mode == O_RDWR ? R_BIT | W_BIT : R_BIT;
    return start(rfp, f, dev, b, OPEN);
}

static int blk_close(struct filp *f, int dev)
{
    struct bdriver *dv = bdriver_of(dev, 0);
    struct breq *b;

    (void)f;
    if (dv != NULL && dv->opens[DEV_MINOR(dev)] > 0)
        dv->opens[DEV_MINOR(dev)]--;
    b = breq_new(BDEV_CLOSE, DEV_MINOR(dev));
    if (b == NULL)
        return ENFILE;
    return start(NULL, NULL, dev, b, CLOSE);
}

static int blk_io(struct fproc *rfp, struct filp *f, int writing, uint32_t buf, int count)
{
    struct breq *b;

    if (count < 0 || count % BDEV_SECTOR_SIZE || f->pos % BDEV_SECTOR_SIZE)
        return EINVAL;
    if (count == 0)
        return 0;
    b = breq_new(writing ? BDEV_WRITE : BDEV_READ, DEV_MINOR(f->dev));
    if (b == NULL)
        return ENFILE;
    b->count = count;
    b->pos = f->pos;
    b->addr = buf;
    b->size = (uint32_t)count;
    b->access = writing ? CPF_READ : CPF_WRITE;
    return start(rfp, f, f->dev, b, writing ? WRITE : READ);
}

static int blk_ioctl(struct fproc *rfp, struct filp *f, uint32_t request, uint32_t arg)
{
    struct breq *b = breq_new(BDEV_IOCTL, DEV_MINOR(f->dev));
    uint32_t size = (request >> 16) & 0xFFF;

    if (b == NULL)
        return ENFILE;
    b->count = (int)request;
    if (size > 0 && (request & (IOC_IN | IOC_OUT))) {
        b->addr = arg;
        b->size = size;
        b->access = ((request & IOC_IN) ? CPF_READ : 0) | ((request & IOC_OUT) ? CPF_WRITE : 0);
    }
    return start(rfp, NULL, f->dev, b, IOCTL);
}

const struct dev_style style_blk = { "blk", blk_open, blk_close, blk_io, blk_ioctl };
