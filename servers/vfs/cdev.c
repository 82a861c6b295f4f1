/*
 * cdev.c -- the character-device styles (minix3-facts-2.md section 6.1):
 *   style_chr   plain: DEV_OPEN / DEV_CLOSE / DEV_READ_S / DEV_WRITE_S / DEV_IOCTL_S (memory, hello)
 *   style_tty   the same, and the controlling-tty rules at open (facts 4.4)
 *   style_ctty  /dev/tty: opens the caller's controlling tty (ENXIO without one); the open
 *               file then is that tty's (major TTY_MAJOR), so I/O never comes here
 * Every call builds a request (device.c) and suspends the caller; the request's done callback
 * answers it.
 */
#include <minix/ds.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <string.h>
#include "vfs.h"

static struct fproc *owner(struct dreq *d)
{
    if (d->proc < 0 || !fproc[d->proc].in_use)
        return NULL;
    return &fproc[d->proc];
}

/* The driver of a major, if it exists at all (a label DS knows); ENXIO otherwise. A driver
   that exists but has not announced itself yet gets the request queued. */
static int driver_for(int dev, int *drv)
{
    const struct dmap *dm = dmap_of(DEV_MAJOR(dev));
    int ep;

    *drv = driver_of_major(DEV_MAJOR(dev));
    if (dm == NULL || *drv < 0)
        return ENXIO;
    if (driver_endpoint(*drv) == NONE && ds_retrieve_label(dm->label, &ep) != OK)
        return ENXIO;
    return OK;
}

static void suspend_on(struct fproc *rfp, struct dreq *d, int call)
{
    d->proc = (int)(rfp - fproc);
    rfp->blocked = BLK_DEV;
    rfp->call = call;
    rfp->dreq = d;
}

/* --- open and close ------------------------------------------------------------------ */

static void open_done(struct dreq *d, int status)
{
    struct fproc *rfp = owner(d);
    int fd;

    if (rfp == NULL)
        return;     /* the opener is gone; its exit closed the file (DEV_CLOSE queued after) */
    fd = rfp->fd_no;
    rfp->blocked = BLK_NONE;
    rfp->dreq = NULL;
    if (status < 0) {
        if (rfp->fd[fd] != NULL)
            rfp->fd[fd]->type = VN_FREE;     /* not open at the driver: no DEV_CLOSE */
        fd_close(rfp, fd);
        reply_to(rfp, status == EINTR ? EINTR : status, NULL);
        return;
    }
    if (status == 1 && d->count_ctty)
        rfp->ctty = MKDEV(DEV_MAJOR(d->filp->dev), d->minor);
    reply_to(rfp, fd, NULL);
}

static int access_bits(int flags)
{
    int mode = flags & O_ACCMODE;

    return mode == O_WRONLY ? W_BIT : mode == O_RDWR ? R_BIT | W_BIT : R_BIT;
}

static int send_open(struct fproc *rfp, struct filp *f, int dev, int bits, int ctty_ok)
{
    struct dreq *d;
    int drv, r;

    r = driver_for(dev, &drv);
    if (r != OK)
        return r;
    d = dreq_new(drv, DEV_OPEN, DEV_MINOR(dev));
    if (d == NULL)
        return ENFILE;
    d->count = bits;
    d->count_ctty = ctty_ok;
    d->user_ep = rfp->endpoint;
    d->filp = f;
    d->done = open_done;
    suspend_on(rfp, d, OPEN);
    dreq_submit(d);
    return VFS_SUSPEND;
}

static int chr_open(struct fproc *rfp, struct filp *f, int dev, int flags)
{
    return send_open(rfp, f, dev, access_bits(flags) | O_NOCTTY, 0);
}

/* O_NOCTTY unless the opener leads a session, has no controlling tty, and the tty is nobody's
   controlling tty; the driver's answer 1 then makes it the opener's. */
static int tty_open(struct fproc *rfp, struct filp *f, int dev, int flags)
{
    int noctty = (flags & O_NOCTTY) || !rfp->session_leader || rfp->ctty != 0;

    for (int s = 0; s < NR_PROCS && !noctty; s++)
        if (fproc[s].in_use && fproc[s].ctty == dev)
            noctty = 1;
    return send_open(rfp, f, dev, access_bits(flags) | (noctty ? O_NOCTTY : 0), !noctty);
}

static int ctty_open(struct fproc *rfp, struct filp *f, int dev, int flags)
{
    (void)dev;
    if (rfp->ctty == 0)
        return ENXIO;
    f->dev = rfp->ctty;
    return send_open(rfp, f, rfp->ctty, access_bits(flags) | O_NOCTTY, 0);
}

static int chr_close(struct filp *f, int dev)
{
    struct dreq *d;
    int drv = driver_of_major(DEV_MAJOR(dev));

    if (drv < 0 || (d = dreq_new(drv, DEV_CLOSE, DEV_MINOR(dev))) == NULL)
        return ENXIO;
    d->count = (int)(f - filps);       /* DEV_CLOSE's USER_ENDPT: the filp index (MINIX) */
    dreq_submit(d);
    return OK;
}

/* --- transfers and ioctl --------------------------------------------------------------- */

static void io_done(struct dreq *d, int status)
{
    struct fproc *rfp = owner(d);

    if (status > 0 && d->filp != NULL && d->filp->count > 0)
        d->filp->pos += (uint32_t)status;
    if (rfp == NULL || rfp->dreq != d)
        return;
    rfp->blocked = BLK_NONE;
    rfp->dreq = NULL;
    reply_to(rfp, status, NULL);
}

static int chr_io(struct fproc *rfp, struct filp *f, int writing, uint32_t buf, int count)
{
    struct dreq *d;
    int drv, r;

    r = driver_for(f->dev, &drv);
    if (r != OK)
        return r;
    d = dreq_new(drv, writing ? DEV_WRITE_S : DEV_READ_S, DEV_MINOR(f->dev));
    if (d == NULL)
        return EAGAIN;
    d->count = count;
    d->pos = f->pos;
    d->user_ep = rfp->endpoint;
    d->addr = buf;
    d->size = (uint32_t)count;
    d->access = writing ? CPF_READ : CPF_WRITE;
    d->nonblock = (f->flags & O_NONBLOCK) != 0;
    d->filp = f;
    d->done = io_done;
    suspend_on(rfp, d, writing ? WRITE : READ);
    dreq_submit(d);
    return VFS_SUSPEND;
}

/* The grant's size and direction come from the code (facts 4.3): IOC_IN the driver reads,
   IOC_OUT it writes; made even for size 0, so that it names the request. */
static int chr_ioctl(struct fproc *rfp, struct filp *f, uint32_t request, uint32_t arg)
{
    struct dreq *d;
    uint32_t size = (request >> 16) & IOCPARM_MASK;
    int access = 0, drv, r;

    if (request & IOC_IN)
        access |= CPF_READ;
    if (request & IOC_OUT)
        access |= CPF_WRITE;
    if (access == 0 || (request & IOC_VOID))
        size = 0;
    if (access == 0)
        access = CPF_READ;
    r = driver_for(f->dev, &drv);
    if (r != OK)
        return r;
    d = dreq_new(drv, DEV_IOCTL_S, DEV_MINOR(f->dev));
    if (d == NULL)
        return EAGAIN;
    d->count = (int)request;
    d->user_ep = rfp->endpoint;
    d->addr = arg;
    d->size = size;
    d->access = access;
    d->filp = NULL;
    d->done = io_done;
    suspend_on(rfp, d, IOCTL);
    dreq_submit(d);
    return VFS_SUSPEND;
}

const struct dev_style style_chr = { "chr", chr_open, chr_close, chr_io, chr_ioctl };
const struct dev_style style_tty = { "tty", tty_open, chr_close, chr_io, chr_ioctl };
const struct dev_style style_ctty = { "ctty", ctty_open, chr_close, chr_io, chr_ioctl };
