/*
 * bdevclient.h -- a user program talking to a block driver directly (header only), the way a
 * file server's block library will: disktest (and dd until VFS opens block devices).
 * Include it FIRST, like svcclient.h (negative error numbers from <minix/abi.h>).
 *
 * Recovery (the client's half of the driver restart rule, as MINIX's libbdev): when the
 * SENDREC fails because the driver died (EDEADSRCDST, EDEADEPT) or the reply is ERESTART (a
 * new instance that does not know our open), the client waits for the driver's endpoint in DS
 * to come back, reopens the minor and resends the request, up to BDEV_MAX_RETRIES times.
 * bdev_retries counts those resends.
 */
#ifndef BDEVCLIENT_H
#define BDEVCLIENT_H

#include <minix/ipc.h>
#include <minix/ds.h>
#include <minix/safecopies.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BDEV_MAX_RETRIES 10

struct bdev {
    const char *label;      /* the driver's label, e.g. "at_wini" */
    int ep;                 /* its endpoint as last looked up */
    int minor;
    int access;             /* R_BIT | W_BIT once opened; 0 = not open */
};

static unsigned bdev_retries;

/* The driver's endpoint from DS, waiting (up to ~10 s) while it is being restarted. */
static inline int bdev_lookup(struct bdev *d)
{
    for (int i = 0; i < 10; i++) {
        uint32_t up;

        if (ds_retrieve_label(d->label, &d->ep) == OK) {
            char key[32];

            snprintf(key, sizeof key, "drv.blk.%s", d->label);
            if (ds_retrieve_u32(key, &up) == OK)
                return OK;
        }
        sleep(1);
    }
    return ESRCH;
}

/* One SENDREC; returns the reply's status or the IPC error. */
static inline int bdev_raw(struct bdev *d, int type, int count, int grant, uint64_t pos, int flags)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m2_i1 = d->minor;
    m.m2_i2 = count;
    m.m2_i3 = grant;
    m.m2_l1 = (int32_t)(uint32_t)pos;
    m.m2_l2 = (int32_t)(uint32_t)(pos >> 32);
    m.m2_p1 = (void *)0x1D;          /* the id: echoed */
    m.m2_s1 = (int16_t)flags;
    r = ipc_sendrec(d->ep, &m);
    if (r != OK)
        return r;
    if (m.m_type != BDEV_REPLY || m.m2_p1 != (void *)0x1D)
        return EGENERIC;
    return m.m2_i1;
}

static inline int bdev_dead(int r)
{
    return r == EDEADSRCDST || r == EDEADEPT || r == ERESTART || r == ESRCH;
}

/* A request with the recovery above. grant may be GRANT_INVALID for OPEN/CLOSE. */
static inline int bdev_call(struct bdev *d, int type, int count, int grant, uint64_t pos, int flags)
{
    int r = bdev_raw(d, type, count, grant, pos, flags);

    for (int tries = 0; bdev_dead(r) && tries < BDEV_MAX_RETRIES; tries++) {
        bdev_retries++;
        if (bdev_lookup(d) != OK)
            return r;
        if (type != BDEV_OPEN && d->access) {
            int o = bdev_raw(d, BDEV_OPEN, d->access, GRANT_INVALID, 0, 0);
            if (o != OK) {
                r = o;
                continue;
            }
        }
        r = bdev_raw(d, type, count, grant, pos, flags);
    }
    return r;
}

static inline int bdev_open(struct bdev *d, const char *label, int minor, int access)
{
    int r;

    d->label = label;
    d->minor = minor;
    d->access = 0;
    r = bdev_lookup(d);
    if (r != OK)
        return r;
    r = bdev_call(d, BDEV_OPEN, access, GRANT_INVALID, 0, 0);
    if (r == OK)
        d->access = access;
    return r;
}

static inline int bdev_close(struct bdev *d)
{
    int r = bdev_call(d, BDEV_CLOSE, 0, GRANT_INVALID, 0, 0);

    d->access = 0;
    return r;
}

/* Reopens after a restart: the new endpoint is looked up and our open repeated. */
static inline int bdev_recover(struct bdev *d)
{
    int r;

    bdev_retries++;
    r = bdev_lookup(d);
    if (r == OK && d->access)
        r = bdev_raw(d, BDEV_OPEN, d->access, GRANT_INVALID, 0, 0);
    return r;
}

/* Reads (write = 0) or writes len bytes at pos through one grant; bytes moved or an error.
   The grant names the driver's endpoint, so after a restart it is made again. */
static inline int bdev_rw(struct bdev *d, int write, void *buf, size_t len, uint64_t pos)
{
    int r = EDEADSRCDST;

    for (int tries = 0; bdev_dead(r) && tries <= BDEV_MAX_RETRIES; tries++) {
        cp_grant_id_t g;

        if (tries > 0 && bdev_recover(d) != OK)
            continue;
        g = cpf_grant_direct(d->ep, buf, len, write ? CPF_READ : CPF_WRITE);
        if (g == GRANT_INVALID)
            return ENOMEM;
        r = bdev_raw(d, write ? BDEV_WRITE : BDEV_READ, (int)len, g, pos, 0);
        cpf_revoke(g);
    }
    return r;
}

/* The same through a vector: the buffer cut at the given sizes (n <= BDEV_NR_IOREQS).
   Grants go to the endpoint known now; after a restart they are made again. */
static inline int bdev_rwv(struct bdev *d, int write, uint8_t *buf, const uint32_t *sizes, int n,
                           uint64_t pos)
{
    iovec_s iov[BDEV_NR_IOREQS];
    int r = EDEADSRCDST;

    for (int tries = 0; bdev_dead(r) && tries <= BDEV_MAX_RETRIES; tries++) {
        uint32_t off = 0;
        int ep = d->ep, vg;

        if (tries > 0) {
            if (bdev_recover(d) != OK)
                continue;
            ep = d->ep;
        }
        for (int i = 0; i < n; i++) {
            iov[i].iov_grant = cpf_grant_direct(ep, buf + off, sizes[i], write ? CPF_READ : CPF_WRITE);
            iov[i].iov_size = sizes[i];
            off += sizes[i];
        }
        vg = cpf_grant_direct(ep, iov, (size_t)n * sizeof iov[0], CPF_READ);
        r = bdev_raw(d, write ? BDEV_SCATTER : BDEV_GATHER, n, vg, pos, 0);
        cpf_revoke(vg);
        for (int i = 0; i < n; i++)
            cpf_revoke(iov[i].iov_grant);
    }
    return r;
}

static inline int bdev_ioctl(struct bdev *d, uint32_t request, void *arg, size_t len)
{
    cp_grant_id_t g = GRANT_INVALID;
    int r;

    if (len > 0) {
        g = cpf_grant_direct(ANY, arg, len, CPF_READ | CPF_WRITE);   /* survives a restart */
        if (g == GRANT_INVALID)
            return ENOMEM;
    }
    r = bdev_call(d, BDEV_IOCTL, (int)request, g, 0, 0);
    if (g != GRANT_INVALID)
        cpf_revoke(g);
    return r;
}

#endif
