/*
 * calls.c -- the descriptor calls: OPEN, CLOSE, DUP, FCNTL, LSEEK, PIPE, STAT, FSTAT, CHDIR,
 * GETCWD (fields: ABI section "VFS (ours)"). Each checks its arguments (descriptor range,
 * pointers through the copy's result, sizes) before it changes anything.
 */
#include <minix/syslib.h>
#include <string.h>
#include "vfs.h"

/* Flags OPEN accepts (O_CREAT, O_EXCL and O_TRUNC are accepted and mean nothing: nothing can
   be created or truncated here). */
#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK \
                    | O_DIRECTORY | O_CLOEXEC)
/* Status flags FCNTL F_SETFL may change. */
#define SETFL_FLAGS (O_APPEND | O_NONBLOCK)

int do_open(void)
{
    char path[PATH_MAX];
    struct lookup l;
    struct filp *f;
    int flags = m_in.m1_i2, fd, r;

    if ((flags & ~OPEN_FLAGS) != 0 || (flags & O_ACCMODE) == O_ACCMODE)
        return EINVAL;
    r = copy_path(fp, (uint32_t)(uintptr_t)m_in.m1_p1, m_in.m1_i1, path, sizeof path);
    if (r != OK)
        return r;
    r = lookup(fp, path, &l);
    if (r != OK)
        return r;
    if (l.type == VN_FREE)
        return ENOENT;
    if ((flags & O_DIRECTORY) && l.type != VN_DIR)
        return ENOTDIR;
    if ((l.type == VN_DIR || l.type == VN_PROG) && (flags & O_ACCMODE) != O_RDONLY)
        return l.type == VN_DIR ? EISDIR : EROFS;
    fd = fd_alloc(fp, 0);
    if (fd < 0)
        return fd;
    f = filp_alloc();
    if (f == NULL)
        return ENFILE;
    f->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK | O_NOCTTY);
    f->type = l.type;
    f->ino = l.ino;
    f->phys = l.phys;
    f->size = l.size;
    f->dev = l.dev;
    fp->fd[fd] = f;
    if (flags & O_CLOEXEC)
        fp->cloexec |= 1u << fd;
    if (l.type != VN_DEV)
        return fd;
    {
        const struct dmap *dm = dmap_of(DEV_MAJOR(l.dev));

        if (dm == NULL) {
            f->type = VN_FREE;       /* never opened: nothing to close at the driver */
            fd_close(fp, fd);
            return ENXIO;
        }
        fp->fd_no = fd;
        r = dm->style->open(fp, f, l.dev, flags);
        if (r < 0 && r != VFS_SUSPEND) {
            f->type = VN_FREE;
            fd_close(fp, fd);
            return r;
        }
        return r == VFS_SUSPEND ? r : fd;
    }
}

int do_close(void)
{
    int fd = m_in.m1_i1;

    if (filp_get(fp, fd) == NULL)
        return EBADF;
    fd_close(fp, fd);
    return OK;
}

/* DUP: m1_i1 fd, m1_i2 target (-1: lowest free, as dup(); else dup2()). */
int do_dup(void)
{
    int fd = m_in.m1_i1, target = m_in.m1_i2;
    struct filp *f = filp_get(fp, fd);

    if (f == NULL)
        return EBADF;
    if (target == -1) {
        target = fd_alloc(fp, 0);
        if (target < 0)
            return target;
    } else {
        if (target < 0 || target >= OPEN_MAX)
            return EBADF;
        if (target == fd)
            return fd;
        fd_close(fp, target);
    }
    f->count++;
    fp->fd[target] = f;
    fp->cloexec &= ~(1u << target);
    return target;
}

int do_fcntl(void)
{
    int fd = m_in.m1_i1, cmd = m_in.m1_i2, arg = m_in.m1_i3, nfd;
    struct filp *f = filp_get(fp, fd);

    if (f == NULL)
        return EBADF;
    switch (cmd) {
    case F_DUPFD:
        if (arg < 0 || arg >= OPEN_MAX)
            return EINVAL;
        nfd = fd_alloc(fp, arg);
        if (nfd < 0)
            return nfd;
        f->count++;
        fp->fd[nfd] = f;
        fp->cloexec &= ~(1u << nfd);
        return nfd;
    case F_GETFD:
        return (fp->cloexec >> fd) & 1 ? FD_CLOEXEC : 0;
    case F_SETFD:
        if (arg & FD_CLOEXEC)
            fp->cloexec |= 1u << fd;
        else
            fp->cloexec &= ~(1u << fd);
        return OK;
    case F_GETFL:
        return f->flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
    case F_SETFL:
        f->flags = (f->flags & ~SETFL_FLAGS) | (arg & SETFL_FLAGS);
        return OK;
    default:
        return EINVAL;
    }
}

/* LSEEK: m2_i1 fd, m2_l1 offset, m2_i2 whence; reply m2_l1 the position. */
int do_lseek(void)
{
    struct filp *f = filp_get(fp, m_in.m2_i1);
    int64_t base, pos;

    if (f == NULL)
        return EBADF;
    if (f->type == VN_PIPE)
        return ESPIPE;
    switch (m_in.m2_i2) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = f->pos; break;
    case SEEK_END: base = f->type == VN_PROG ? f->size : 0; break;
    default: return EINVAL;
    }
    pos = base + (int64_t)m_in.m2_l1;
    if (pos < 0 || pos > 0x7FFFFFFF)
        return EINVAL;
    f->pos = (uint32_t)pos;
    m_out.m2_l1 = (int32_t)pos;
    return OK;
}

/* PIPE: reply m1_i1 the read end, m1_i2 the write end. */
int do_pipe(void)
{
    struct filp *rf, *wf;
    int rfd, wfd, p, r;

    rfd = fd_alloc(fp, 0);
    if (rfd < 0)
        return rfd;
    fp->fd[rfd] = (struct filp *)1;     /* hold the slot while the second is found */
    wfd = fd_alloc(fp, 0);
    fp->fd[rfd] = NULL;
    if (wfd < 0)
        return wfd;
    r = pipe_create(&p);
    if (r != OK)
        return r;
    rf = filp_alloc();
    if (rf == NULL)
        return ENFILE;
    wf = filp_alloc();
    if (wf == NULL) {
        rf->count = 0;
        return ENFILE;
    }
    rf->type = wf->type = VN_PIPE;
    rf->pipe = wf->pipe = p;
    rf->flags = O_RDONLY;
    wf->flags = O_WRONLY;
    pipe_ref(p, 0, 1);
    pipe_ref(p, 1, 1);
    fp->fd[rfd] = rf;
    fp->fd[wfd] = wf;
    fp->cloexec &= ~((1u << rfd) | (1u << wfd));
    m_out.m1_i1 = rfd;
    m_out.m1_i2 = wfd;
    return OK;
}

static int copy_stat_out(const vfs_stat *st, void *addr)
{
    if (sys_vircopy(SELF, (uint32_t)(uintptr_t)st, fp->endpoint, (uint32_t)(uintptr_t)addr,
                    sizeof *st) != OK)
        return EFAULT;
    return OK;
}

/* STAT: m1_p1 path, m1_i1 its length, m1_p2 the buffer. */
int do_stat(void)
{
    char path[PATH_MAX];
    struct lookup l;
    vfs_stat st;
    int r;

    r = copy_path(fp, (uint32_t)(uintptr_t)m_in.m1_p1, m_in.m1_i1, path, sizeof path);
    if (r != OK)
        return r;
    r = lookup(fp, path, &l);
    if (r != OK)
        return r;
    r = stat_fill(NULL, &l, &st);
    if (r != OK)
        return r;
    return copy_stat_out(&st, m_in.m1_p2);
}

/* FSTAT: m1_i1 fd, m1_p1 the buffer. */
int do_fstat(void)
{
    struct filp *f = filp_get(fp, m_in.m1_i1);
    struct lookup l;
    vfs_stat st;
    int r;

    if (f == NULL)
        return EBADF;
    memset(&l, 0, sizeof l);
    l.type = f->type;
    l.ino = f->ino;
    l.dev = f->dev;
    l.size = f->size;
    r = stat_fill(f, &l, &st);
    if (r != OK)
        return r;
    return copy_stat_out(&st, m_in.m1_p1);
}

/* CHDIR: m1_p1 path, m1_i1 its length. */
int do_chdir(void)
{
    char path[PATH_MAX];
    struct lookup l;
    int r;

    r = copy_path(fp, (uint32_t)(uintptr_t)m_in.m1_p1, m_in.m1_i1, path, sizeof path);
    if (r != OK)
        return r;
    r = lookup(fp, path, &l);
    if (r != OK)
        return r;
    if (l.type != VN_DIR)
        return ENOTDIR;
    strcpy(fp->cwd, l.path);
    return OK;
}

/* GETCWD: m1_p1 buffer, m1_i1 its size; reply the length (without the NUL). */
int do_getcwd(void)
{
    size_t len = strlen(fp->cwd);

    if (m_in.m1_i1 <= 0)
        return EINVAL;
    if ((size_t)m_in.m1_i1 < len + 1)
        return ERANGE;
    if (sys_vircopy(SELF, (uint32_t)(uintptr_t)fp->cwd, fp->endpoint,
                    (uint32_t)(uintptr_t)m_in.m1_p1, len + 1) != OK)
        return EFAULT;
    return (int)len;
}
