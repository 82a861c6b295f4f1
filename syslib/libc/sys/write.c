/*
 * write.c -- write() and read() until VFS exists.
 *
 * The temporary console path: write on fd 1 or 2 is WRITE to PM (m1: i1 fd, i2 bytes,
 * p1 buffer), which copies the bytes and prints them as this program's output; the reply
 * is the count written. Other descriptors do not exist yet (EBADF). There is no input:
 * read on fd 0 is ENOSYS, on the others EBADF. The tty issue replaces both.
 */
#include "../libc_private.h"
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t n)
{
    message m;

    if (fd != 1 && fd != 2)
        return __libc_fail(EBADF);
    if (n == 0)
        return 0;
    if (buf == NULL)
        return __libc_fail(EFAULT);
    if (n > 0x7FFFFFFF)
        n = 0x7FFFFFFF;
    memset(&m, 0, sizeof m);
    m.m_type = WRITE;
    m.m1_i1 = fd;
    m.m1_i2 = (int)n;
    m.m1_p1 = (void *)buf;
    return __libc_call(PM_PROC_NR, &m);
}

ssize_t read(int fd, void *buf, size_t n)
{
    (void)buf;
    (void)n;
    if (fd == 0)
        return __libc_fail(ENOSYS);
    return __libc_fail(EBADF);
}
