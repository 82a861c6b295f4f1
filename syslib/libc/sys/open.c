/*
 * open.c -- open(), close(), chdir(), getcwd(), stat(), fstat(): messages to VFS (ABI
 * section "VFS (ours)"). A path goes as a pointer and its length with the NUL; VFS copies it
 * (and answers EFAULT for a bad one).
 */
#include "../libc_private.h"
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

static void vfs_msg(message *m, int type)
{
    memset(m, 0, sizeof *m);
    m->m_type = type;
}

int open(const char *path, int flags, ...)
{
    message m;
    int mode = 0;

    if (flags & O_CREAT) {
        va_list ap;

        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    if (path == NULL)
        return __libc_fail(EFAULT);
    vfs_msg(&m, OPEN);
    m.m1_p1 = (void *)path;
    m.m1_i1 = (int)strlen(path) + 1;
    m.m1_i2 = flags;
    m.m1_i3 = mode;
    return __libc_call(VFS_PROC_NR, &m);
}

int close(int fd)
{
    message m;

    vfs_msg(&m, CLOSE);
    m.m1_i1 = fd;
    return __libc_call(VFS_PROC_NR, &m) < 0 ? -1 : 0;
}

int chdir(const char *path)
{
    message m;

    if (path == NULL)
        return __libc_fail(EFAULT);
    vfs_msg(&m, CHDIR);
    m.m1_p1 = (void *)path;
    m.m1_i1 = (int)strlen(path) + 1;
    return __libc_call(VFS_PROC_NR, &m) < 0 ? -1 : 0;
}

char *getcwd(char *buf, size_t size)
{
    message m;

    if (buf == NULL || size == 0) {
        __libc_fail(EINVAL);
        return NULL;
    }
    vfs_msg(&m, GETCWD);
    m.m1_p1 = buf;
    m.m1_i1 = size > 0x7FFFFFFF ? 0x7FFFFFFF : (int)size;
    return __libc_call(VFS_PROC_NR, &m) < 0 ? NULL : buf;
}

_Static_assert(sizeof(struct stat) == VFS_STAT_SIZE, "struct stat is VFS's vfs_stat");

int stat(const char *path, struct stat *st)
{
    message m;

    if (path == NULL)
        return __libc_fail(EFAULT);
    vfs_msg(&m, STAT);
    m.m1_p1 = (void *)path;
    m.m1_i1 = (int)strlen(path) + 1;
    m.m1_p2 = st;
    return __libc_call(VFS_PROC_NR, &m) < 0 ? -1 : 0;
}

int fstat(int fd, struct stat *st)
{
    message m;

    vfs_msg(&m, FSTAT);
    m.m1_i1 = fd;
    m.m1_p1 = st;
    return __libc_call(VFS_PROC_NR, &m) < 0 ? -1 : 0;
}
