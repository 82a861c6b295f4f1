/*
 * device.c -- drivers, their queues and their answers (minix3-facts-2.md sections 1.3-1.4).
 *
 * A driver is known by its label; VFS learns its endpoint from DS: every driver publishes
 * drv.chr.<label> after each start (chardriver library), VFS subscribes to drv.chr.* and
 * ds_check names the key's owner, i.e. the driver's current endpoint.
 *
 * Each driver has one request in flight at a time and a queue behind it. A request goes out
 * with asynsend; its TASK_REPLY comes back through the main loop. SUSPEND parks the request
 * (the user stays blocked) until the driver notifies us: then DEV_STATUS is asked until
 * DEV_NO_STATUS, each DEV_REVIVE finishing the parked request with that grant. A magic grant
 * (grantee the driver, granter the user process) covers the user's buffer; VFS makes it just
 * before the send and revokes it when the request ends.
 *
 * Restarts: when the key appears with a new endpoint, the request in flight and the parked
 * ones are queued again (after a DEV_OPEN of every minor VFS has open files on, since the new
 * instance knows none), up to 5 times each, else EIO. ERESTART (the driver does not know the
 * minor: it restarted before we noticed) is handled the same way.
 */
#include <minix/ds.h>
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "vfs.h"

#define MAX_TRIES 5

struct driver {
    const char *label;
    int endpoint;               /* NONE until its drv.chr key appears */
    struct dreq *busy;          /* the request in flight */
    int status_out;             /* a DEV_STATUS is in flight */
    int want_status;            /* the driver notified: ask DEV_STATUS when free */
    struct dreq *head, *tail;   /* the queue */
};

static struct driver drivers[NR_DRIVERS];
static int nr_drivers;
static struct dreq dreqs[NR_DREQS];

static int driver_by_label(const char *label)
{
    for (int i = 0; i < nr_drivers; i++)
        if (strcmp(drivers[i].label, label) == 0)
            return i;
    return -1;
}

int driver_of_major(int major)
{
    const struct dmap *dm = dmap_of(major);

    return dm == NULL ? -1 : driver_by_label(dm->label);
}

int driver_endpoint(int drv)
{
    return drv < 0 ? NONE : drivers[drv].endpoint;
}

int dev_is_driver(int endpoint)
{
    for (int i = 0; i < nr_drivers; i++)
        if (drivers[i].endpoint == endpoint && endpoint != NONE)
            return 1;
    return 0;
}

static int driver_by_endpoint(int endpoint)
{
    for (int i = 0; i < nr_drivers; i++)
        if (drivers[i].endpoint == endpoint)
            return i;
    return -1;
}

struct dreq *dreq_new(int drv, int type, int minor)
{
    for (int i = 0; i < NR_DREQS; i++)
        if (!dreqs[i].in_use) {
            struct dreq *d = &dreqs[i];

            memset(d, 0, sizeof *d);
            d->in_use = 1;
            d->drv = drv;
            d->type = type;
            d->minor = minor;
            d->user_ep = NONE;
            d->grant = GRANT_INVALID;
            d->proc = -1;
            return d;
        }
    return NULL;
}

void dreq_free(struct dreq *d)
{
    if (d->grant != GRANT_INVALID && d->type != CANCEL)
        cpf_revoke(d->grant);
    d->grant = GRANT_INVALID;
    d->in_use = 0;
}

static void enqueue(struct dreq *d, int front)
{
    struct driver *dv = &drivers[d->drv];

    d->state = DQ_QUEUED;
    if (front) {
        d->next = dv->head;
        dv->head = d;
        if (dv->tail == NULL)
            dv->tail = d;
    } else {
        d->next = NULL;
        if (dv->tail != NULL)
            dv->tail->next = d;
        else
            dv->head = d;
        dv->tail = d;
    }
}

static void unqueue(struct dreq *d)
{
    struct driver *dv = &drivers[d->drv];
    struct dreq **pp = &dv->head, *prev = NULL;

    while (*pp != NULL && *pp != d) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (*pp == NULL)
        return;
    *pp = d->next;
    if (dv->tail == d)
        dv->tail = prev;
}

/* Ends d: its done callback with the status, then it is freed. */
static void complete(struct dreq *d, int status)
{
    if (d->type == CANCEL)
        d->grant = GRANT_INVALID;       /* the target's: revoked with the target */
    if (d->grant != GRANT_INVALID) {
        cpf_revoke(d->grant);
        d->grant = GRANT_INVALID;
    }
    if (d->done != NULL)
        d->done(d, status);
    dreq_free(d);
}

static void send_next(int drv)
{
    struct driver *dv = &drivers[drv];
    message m;

    while (dv->endpoint != NONE && dv->busy == NULL && !dv->status_out) {
        struct dreq *d;
        int r;

        memset(&m, 0, sizeof m);
        if (dv->want_status) {
            dv->want_status = 0;
            m.m_type = DEV_STATUS;
            if (asynsend(dv->endpoint, &m) == OK)
                dv->status_out = 1;
            continue;
        }
        d = dv->head;
        if (d == NULL)
            return;
        dv->head = d->next;
        if (dv->head == NULL)
            dv->tail = NULL;
        d->next = NULL;
        if (d->access != 0 && d->grant == GRANT_INVALID) {
            d->grant = cpf_grant_magic(dv->endpoint, d->user_ep, (void *)(uintptr_t)d->addr,
                                       d->size, d->access);
            if (d->grant == GRANT_INVALID) {
                complete(d, ENOMEM);
                continue;
            }
        }
        m.m_type = d->type;
        m.m2_i1 = d->minor;
        m.m2_i3 = d->count;
        m.m2_l1 = (int32_t)d->pos;
        m.m2_p1 = (void *)(intptr_t)d->grant;
        switch (d->type) {
        case DEV_OPEN:
            m.m2_i2 = d->user_ep;
            break;
        case DEV_CLOSE:
            m.m2_i2 = d->count;       /* the filp's index (MINIX); count carries it */
            m.m2_i3 = 0;
            break;
        case DEV_IOCTL_S:
            m.m2_i2 = sef_self();
            m.m2_l1 = d->user_ep;     /* the real user (facts 1.2) */
            break;
        default:                      /* READ, WRITE, CANCEL: VFS owns the grant */
            m.m2_i2 = sef_self();
            break;
        }
        r = asynsend(dv->endpoint, &m);
        if (r != OK) {
            complete(d, EIO);
            continue;
        }
        d->state = DQ_SENT;
        dv->busy = d;
    }
}

void dreq_submit(struct dreq *d)
{
    enqueue(d, 0);
    send_next(d->drv);
}

/* The CANCEL for a parked request (facts 1.2: same USER_ENDPT and grant). */
static void cancel_done(struct dreq *c, int status)
{
    struct dreq *target = c->target;

    if (!target->in_use || target->state != DQ_SUSPENDED)
        return;
    if (status == SUSPEND)
        return;                         /* the driver will still revive it */
    if (status == EAGAIN || status == EINTR || status == OK)
        status = target->nonblock && !target->cancelled ? EAGAIN : EINTR;
    complete(target, status);
}

static void send_cancel(struct dreq *target)
{
    struct dreq *c = dreq_new(target->drv, CANCEL, target->minor);

    if (c == NULL) {
        complete(target, EINTR);        /* cannot tell the driver; the user goes on */
        return;
    }
    c->count = target->type == DEV_WRITE_S ? W_BIT : R_BIT;
    c->grant = target->grant;           /* names the request; not ours to revoke */
    c->target = target;
    c->done = cancel_done;
    enqueue(c, 1);
    send_next(c->drv);
}

/* Re-queues d for a new instance of its driver; EIO after MAX_TRIES. */
static void retry(struct dreq *d)
{
    if (d->type == CANCEL) {
        d->grant = GRANT_INVALID;       /* the target's grant */
        complete(d, EINTR);
        return;
    }
    if (++d->tries > MAX_TRIES) {
        complete(d, EIO);
        return;
    }
    if (d->grant != GRANT_INVALID) {
        cpf_revoke(d->grant);           /* made for the old endpoint */
        d->grant = GRANT_INVALID;
    }
    enqueue(d, 0);
}

/* Whether f is a device file whose open has completed: one whose DEV_OPEN is still queued or
   being re-sent is opened by that request, not by a reopen (else the driver counts it twice). */
static int open_on_device(const struct filp *f)
{
    if (f->count == 0 || f->type != VN_DEV)
        return 0;
    for (int i = 0; i < NR_DREQS; i++)
        if (dreqs[i].in_use && dreqs[i].type == DEV_OPEN && dreqs[i].filp == f)
            return 0;
    return 1;
}

/* DEV_OPEN again for every minor VFS has files open on at drv (the new instance knows none). */
static void reopen_minors(int drv)
{
    for (int i = 0; i < NR_FILPS; i++) {
        struct filp *f = &filps[i];
        int access = 0, dup = 0;
        struct dreq *d;

        if (!open_on_device(f) || driver_of_major(DEV_MAJOR(f->dev)) != drv)
            continue;
        for (int j = 0; j < i; j++)
            if (open_on_device(&filps[j]) && filps[j].dev == f->dev)
                dup = 1;
        if (dup)
            continue;
        for (int j = i; j < NR_FILPS; j++)
            if (open_on_device(&filps[j]) && filps[j].dev == f->dev) {
                int mode = filps[j].flags & O_ACCMODE;
                access |= mode == O_WRONLY ? W_BIT : mode == O_RDWR ? R_BIT | W_BIT : R_BIT;
            }
        d = dreq_new(drv, DEV_OPEN, DEV_MINOR(f->dev));
        if (d == NULL)
            return;
        d->count = access | O_NOCTTY;
        d->user_ep = sef_self();
        enqueue(d, 1);
    }
}

/* A driver's instance changed (restart) or appeared. */
static void driver_up(int drv, int endpoint)
{
    struct driver *dv = &drivers[drv];
    struct dreq *old[NR_DREQS];
    int n = 0;

    if (dv->endpoint == endpoint)
        return;                         /* a live update keeps the endpoint: nothing changes */
    if (dv->endpoint != NONE) {
        if (dv->busy != NULL)
            old[n++] = dv->busy;
        for (int i = 0; i < NR_DREQS; i++)
            if (dreqs[i].in_use && dreqs[i].drv == drv && dreqs[i].state == DQ_SUSPENDED)
                old[n++] = &dreqs[i];
        if (n > 0)
            printf("driver %s restarted: re-sending %d request(s)\n", dv->label, n);
        /* Keep the queue as it is; the re-sent ones go before it, the reopens first. */
        {
            struct dreq *queued = dv->head, *tail = dv->tail;

            dv->head = dv->tail = NULL;
            dv->busy = NULL;
            dv->status_out = 0;
            dv->want_status = 0;
            for (int i = 0; i < n; i++)
                retry(old[i]);
            if (queued != NULL) {
                if (dv->tail != NULL)
                    dv->tail->next = queued;
                else
                    dv->head = queued;
                dv->tail = tail;
            }
            reopen_minors(drv);
        }
    }
    dv->endpoint = endpoint;
    send_next(drv);
}

void dev_ds_event(void)
{
    char key[DS_MAX_KEYLEN];
    int type, owner;

    while (ds_check(key, sizeof key, &type, &owner) == OK) {
        uint32_t value;
        int drv;

        if (strncmp(key, "drv.blk.", 8) == 0) {
            if (ds_retrieve_u32(key, &value) == OK)
                bdev_driver_up(key + 8, owner);     /* block drivers: bdev.c */
            continue;
        }
        if (strncmp(key, "drv.chr.", 8) != 0)
            continue;
        drv = driver_by_label(key + 8);
        if (drv < 0)
            continue;
        if (ds_retrieve_u32(key, &value) != OK)
            continue;                   /* deleted: the driver went; its new instance comes */
        driver_up(drv, owner);
    }
}

void dev_notified(int endpoint)
{
    int drv = driver_by_endpoint(endpoint);

    if (drv < 0)
        return;
    drivers[drv].want_status = 1;
    send_next(drv);
}

static struct dreq *parked(int drv, int grant)
{
    for (int i = 0; i < NR_DREQS; i++)
        if (dreqs[i].in_use && dreqs[i].drv == drv && dreqs[i].state == DQ_SUSPENDED
            && dreqs[i].grant == grant)
            return &dreqs[i];
    return NULL;
}

void dev_reply(const message *m)
{
    int drv = driver_by_endpoint(m->m_source);
    struct driver *dv;
    struct dreq *d;
    int status = m->m2_i2;

    if (drv < 0)
        return;
    dv = &drivers[drv];
    switch (m->m_type) {
    case DEV_REVIVE:
        d = parked(drv, m->m2_i3);
        if (d != NULL)
            complete(d, status);
        if (dv->status_out) {
            message s;

            memset(&s, 0, sizeof s);
            s.m_type = DEV_STATUS;
            if (asynsend(dv->endpoint, &s) != OK)
                dv->status_out = 0;
        }
        break;
    case DEV_NO_STATUS:
        dv->status_out = 0;
        break;
    case TASK_REPLY:
        d = dv->busy;
        if (d == NULL)
            break;                      /* a stale answer of a dead instance */
        dv->busy = NULL;
        if (status == SUSPEND && d->type != DEV_OPEN && d->type != DEV_CLOSE
            && d->type != CANCEL) {
            d->state = DQ_SUSPENDED;
            if (d->nonblock || d->cancelled)
                send_cancel(d);
        } else if (status == ERESTART) {
            if (d->type == CANCEL) {
                d->grant = GRANT_INVALID;
                complete(d, EINTR);
            } else if (++d->tries > MAX_TRIES) {
                complete(d, EIO);
            } else {
                struct dreq *o = dreq_new(drv, DEV_OPEN, d->minor);

                enqueue(d, 1);
                if (o != NULL) {
                    o->count = R_BIT | W_BIT | O_NOCTTY;
                    o->user_ep = sef_self();
                    enqueue(o, 1);
                }
            }
        } else {
            if (d->type == CANCEL)
                d->grant = GRANT_INVALID;   /* the target's, revoked with the target */
            complete(d, status);
        }
        break;
    default:
        break;
    }
    send_next(drv);
}

void dev_cancel(struct fproc *rfp, int reply_eintr)
{
    struct dreq *d = rfp->dreq;

    rfp->blocked = BLK_NONE;
    rfp->dreq = NULL;
    if (d == NULL || !d->in_use)
        return;
    if (!reply_eintr) {
        d->proc = -1;                   /* nobody is answered */
        d->filp = NULL;
    }
    d->cancelled = 1;
    switch (d->state) {
    case DQ_QUEUED:
        unqueue(d);
        complete(d, EINTR);
        break;
    case DQ_SUSPENDED:
        send_cancel(d);
        break;
    default:
        break;                          /* in flight: its answer decides (SUSPEND -> CANCEL) */
    }
    if (reply_eintr && d->in_use && d->proc >= 0) {
        /* Answered when the driver has let go of it (cancel_done / the reply). */
        rfp->blocked = BLK_DEV;
        rfp->dreq = d;
    }
}

void dev_init(void)
{
    int r;

    nr_drivers = 0;
    for (int major = 0; major < NR_MAJORS; major++) {
        const struct dmap *dm = dmap_of(major);

        if (dm == NULL || driver_by_label(dm->label) >= 0 || nr_drivers == NR_DRIVERS)
            continue;
        drivers[nr_drivers].label = dm->label;
        drivers[nr_drivers].endpoint = NONE;
        nr_drivers++;
    }
    memset(dreqs, 0, sizeof dreqs);
    r = ds_subscribe("drv\\.(chr|blk)\\..*", DSF_INITIAL | DSF_OVERWRITE);
    if (r != OK)
        printf("cannot subscribe to the drivers' keys in DS: %d (no device will open)\n", r);
    dev_ds_event();
}
