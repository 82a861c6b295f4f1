/*
 * fd.c -- the descriptor calls: dup(), dup2(), pipe(), fcntl(), ioctl(), lseek() (VFS).
 */
#include "../libc_private.h"
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>

static void vfs_msg(message *m, int type)
{
    memset(m, 0, sizeof *m);
    m->m_type = type;
}

int dup(int fd)
{
    message m;

    vfs_msg(&m, DUP);
    m.m1_i1 = fd;
    m.m1_i2 = -1;
    return __libc_call(VFS_PROC_NR, &m);
}

/* dup2 onto an open descriptor closes it first (in VFS, in one step). */
int dup2(int fd, int fd2)
{
    message m;

    if (fd2 < 0)
        return __libc_fail(EBADF);
    vfs_msg(&m, DUP);
    m.m1_i1 = fd;
    m.m1_i2 = fd2;
    return __libc_call(VFS_PROC_NR, &m);
}

int pipe(int fds[2])
{
    message m;

    if (fds == NULL)
        return __libc_fail(EFAULT);
    vfs_msg(&m, PIPE);
    if (__libc_call(VFS_PROC_NR, &m) < 0)
        return -1;
    fds[0] = m.m1_i1;
    fds[1] = m.m1_i2;
    return 0;
}

int fcntl(int fd, int cmd, ...)
{
    message m;
    int arg = 0;

    if (cmd == F_DUPFD || cmd == F_SETFD || cmd == F_SETFL) {
        va_list ap;

        va_start(ap, cmd);
        arg = va_arg(ap, int);
        va_end(ap);
    }
    vfs_msg(&m, FCNTL);
    m.m1_i1 = fd;
    m.m1_i2 = cmd;
    m.m1_i3 = arg;
    return __libc_call(VFS_PROC_NR, &m);
}

int ioctl(int fd, unsigned long request, ...)
{
    message m;
    void *arg;
    va_list ap;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);
    vfs_msg(&m, IOCTL);
    m.m2_i1 = fd;
    m.m2_i3 = (int)request;
    m.m2_p1 = arg;
    return __libc_call(VFS_PROC_NR, &m);
}

off_t lseek(int fd, off_t offset, int whence)
{
    message m;

    vfs_msg(&m, LSEEK);
    m.m2_i1 = fd;
    m.m2_l1 = offset;
    m.m2_i2 = whence;
    if (__libc_call(VFS_PROC_NR, &m) < 0)
        return -1;
    return m.m2_l1;
}
