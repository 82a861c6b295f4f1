/*
 * write.c -- read() and write(): READ / WRITE to VFS (m1: i1 fd, i2 bytes, p1 buffer); the
 * reply is the count moved. VFS checks the descriptor, the buffer (EFAULT) and the count.
 */
#include "../libc_private.h"
#include <unistd.h>

static ssize_t rw(int type, int fd, const void *buf, size_t n)
{
    message m;

    if (n > 0x7FFFFFFF)
        n = 0x7FFFFFFF;
    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m1_i1 = fd;
    m.m1_i2 = (int)n;
    m.m1_p1 = (void *)buf;
    return __libc_call(VFS_PROC_NR, &m);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    return rw(WRITE, fd, buf, n);
}

ssize_t read(int fd, void *buf, size_t n)
{
    return rw(READ, fd, buf, n);
}
