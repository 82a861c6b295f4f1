/*
 * io.c -- the transfer and ioctl requests (ABI "Disk and network drivers"; minix3-facts-2.md
 * section 2). Every byte moves through a grant of the requester (m_source): the data vector's
 * grants for the sectors, one grant for the vector itself.
 *
 * Rules, as MINIX's at_wini: position and length in whole sectors (EINVAL otherwise); a
 * transfer that starts at or past the end of the minor moves 0 bytes (end of device); one
 * that runs past the end is clipped to it. A vector has 1..BDEV_NR_IOREQS elements, each a
 * {grant, size}; sizes that add up past 2 GiB are EINVAL. A grant too small or not ours is
 * found by the kernel when the sector reaches it: the command is abandoned and the request
 * answered with the kernel's error (EPERM, EFAULT, ...), never a partial success.
 */
#include "at_wini.h"
#include <string.h>

#define MAX_BYTES 0x7FFFFE00u

struct xfer {
    int granter;
    int n;                              /* elements */
    iovec_s iov[BDEV_NR_IOREQS];
};

/* Sector index -> element and offset. Sectors may straddle elements: then a bounce buffer. */
static int move_sector(void *p, int write, uint32_t index)
{
    struct xfer *x = p;
    uint32_t pos = index * SECTOR_SIZE, left = SECTOR_SIZE;
    uint8_t bounce[SECTOR_SIZE];
    int e = 0, r;

    while (e < x->n && pos >= x->iov[e].iov_size) {
        pos -= x->iov[e].iov_size;
        e++;
    }
    if (e == x->n)
        return EINVAL;                  /* cannot happen: the total was checked */
    if (x->iov[e].iov_size - pos >= SECTOR_SIZE)
        return ata_pio_grant(write, x->granter, x->iov[e].iov_grant, pos);

    /* Straddling: gather (write) or scatter (read) the pieces through our buffer. */
    if (!write && (r = ata_pio_local(0, bounce)) != OK)
        return r;
    for (uint32_t done = 0; left > 0; e++, pos = 0) {
        uint32_t piece = x->iov[e].iov_size - pos;

        if (piece > left)
            piece = left;
        r = write ? sys_safecopyfrom(x->granter, x->iov[e].iov_grant, pos, bounce + done, piece)
                  : sys_safecopyto(x->granter, x->iov[e].iov_grant, pos, bounce + done, piece);
        if (r != OK)
            return r;
        done += piece;
        left -= piece;
    }
    return write ? ata_pio_local(1, bounce) : OK;
}

static int minor_of(const message *m, struct minor_dev **dev)
{
    int minor = m->m2_i1;

    if (minor < 0 || minor >= NR_MINORS || minors[minor].sectors == 0)
        return ENXIO;
    if (minors[minor].open_count == 0)
        return ERESTART;                /* not opened with this instance: reopen, resend */
    *dev = &minors[minor];
    return OK;
}

int do_transfer(const message *m, int write, int vectored)
{
    static struct xfer x;
    struct minor_dev *dev;
    uint64_t pos, size, total = 0;
    uint32_t lba;
    int r;

    if ((r = minor_of(m, &dev)) != OK)
        return r;
    x.granter = m->m_source;
    if (vectored) {
        if (m->m2_i2 < 1 || m->m2_i2 > BDEV_NR_IOREQS)
            return EINVAL;
        x.n = m->m2_i2;
        r = sys_safecopyfrom(m->m_source, m->m2_i3, 0, x.iov, (size_t)x.n * sizeof(iovec_s));
        if (r != OK)
            return r;
    } else {
        if (m->m2_i2 < 0)
            return EINVAL;
        x.n = 1;
        x.iov[0].iov_grant = m->m2_i3;
        x.iov[0].iov_size = (uint32_t)m->m2_i2;
    }
    for (int i = 0; i < x.n; i++)
        total += x.iov[i].iov_size;
    pos = (uint32_t)m->m2_l1 | (uint64_t)(uint32_t)m->m2_l2 << 32;
    if (total > MAX_BYTES || total % SECTOR_SIZE || pos % SECTOR_SIZE)
        return EINVAL;
    size = (uint64_t)dev->sectors * SECTOR_SIZE;
    if (pos >= size || total == 0)
        return 0;
    if (total > size - pos)
        total = size - pos;
    lba = dev->first + (uint32_t)(pos / SECTOR_SIZE);
    r = ata_transfer(write, lba, (uint32_t)(total / SECTOR_SIZE), move_sector, &x);
    if (r == OK && write && (m->m2_s1 & BDEV_FORCEWRITE))
        r = ata_flush();
    return r == OK ? (int)total : r;
}

int do_ioctl(const message *m)
{
    struct minor_dev *dev;
    partition p;
    int r, count;

    if ((r = minor_of(m, &dev)) != OK)
        return r;
    switch ((uint32_t)m->m2_i2) {
    case DIOCGETP:
        /* No CHS of our own: the fake geometry of MINIX's libblockdriver (64 heads, 32 sectors). */
        memset(&p, 0, sizeof p);
        p.base_lo = dev->first << 9;
        p.base_hi = dev->first >> 23;
        p.size_lo = dev->sectors << 9;
        p.size_hi = dev->sectors >> 23;
        p.heads = 64;
        p.sectors = 32;
        p.cylinders = dev->sectors / (64 * 32);
        return sys_safecopyto(m->m_source, m->m2_i3, 0, &p, sizeof p);
    case DIOCOPENCT:
        count = dev->open_count;
        return sys_safecopyto(m->m_source, m->m2_i3, 0, &count, sizeof count);
    case DIOCFLUSH:
        return ata_flush();
    default:
        return ENOTTY;                  /* DIOCSETP included: the MBR is the partition table */
    }
}
