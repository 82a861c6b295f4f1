/*
 * io.c -- READ, WRITE (m1: i1 fd, i2 bytes, p1 buffer) and IOCTL (m2: i1 fd, i3 request,
 * p1 argument): checked here, then carried out by the file's kind -- a pipe (pipe.c), a device
 * (its major's style, device.c / cdev.c), a program of /bin (read from the boot archive).
 */
#include <minix/syslib.h>
#include <string.h>
#include "vfs.h"

/* Reads a program of /bin: its bytes from the archive in RAM, through a bounce buffer. */
static int prog_read(struct filp *f, uint32_t buf, int count)
{
    static char bounce[1024];
    int done = 0;

    while (done < count && f->pos < f->size) {
        uint32_t n = f->size - f->pos;

        if (n > (uint32_t)(count - done))
            n = (uint32_t)(count - done);
        if (n > sizeof bounce)
            n = sizeof bounce;
        if (sys_physcopy(NONE, f->phys + f->pos, SELF, (uint32_t)(uintptr_t)bounce, n) != OK)
            return done > 0 ? done : EIO;
        if (sys_vircopy(SELF, (uint32_t)(uintptr_t)bounce, fp->endpoint, buf + (uint32_t)done,
                        n) != OK)
            return done > 0 ? done : EFAULT;
        done += (int)n;
        f->pos += n;
    }
    return done;
}

static int rw(int writing)
{
    int fd = m_in.m1_i1, count = m_in.m1_i2;
    uint32_t buf = (uint32_t)(uintptr_t)m_in.m1_p1;
    struct filp *f = filp_get(fp, fd);
    int mode;

    if (f == NULL)
        return EBADF;
    mode = f->flags & O_ACCMODE;
    if (writing ? mode == O_RDONLY : mode == O_WRONLY)
        return EBADF;
    if (count < 0)
        return EINVAL;
    if (count == 0)
        return 0;
    fp->fd_no = fd;
    switch (f->type) {
    case VN_PIPE:
        return pipe_io(fp, f, writing, buf, count);
    case VN_DEV: {
        const struct dmap *dm = dmap_of(DEV_MAJOR(f->dev));

        if (dm == NULL)
            return ENXIO;
        return dm->style->io(fp, f, writing, buf, count);
    }
    case VN_DIR:
        return EISDIR;
    case VN_PROG:
        return writing ? EBADF : prog_read(f, buf, count);
    default:
        return EBADF;
    }
}

int do_read(void)
{
    return rw(0);
}

int do_write(void)
{
    return rw(1);
}

int do_ioctl(void)
{
    struct filp *f = filp_get(fp, m_in.m2_i1);
    const struct dmap *dm;

    if (f == NULL)
        return EBADF;
    if (f->type != VN_DEV)
        return ENOTTY;
    dm = dmap_of(DEV_MAJOR(f->dev));
    if (dm == NULL || dm->style->ioctl == NULL)
        return ENOTTY;
    fp->fd_no = m_in.m2_i1;
    return dm->style->ioctl(fp, f, (uint32_t)m_in.m2_i3, (uint32_t)(uintptr_t)m_in.m2_p1);
}
