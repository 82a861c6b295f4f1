/*
 * mmap.c -- mmap() and munmap(), asked of VM directly.
 * VM_MMAP m5: l1 address hint, l2 length, s1 prot, s2 flags, i1 fd, i2 offset; reply
 * m5_l1 the address. VM_MUNMAP m1: p1 address, i1 length.
 */
#include "../libc_private.h"
#include <sys/mman.h>

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    message m;

    if (len == 0 || len > 0x7FFFFFFF || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
        (flags & ~(MAP_SHARED | MAP_PRIVATE | MAP_ANON | MAP_FIXED)) ||
        (offset & (PAGE_SIZE - 1))) {
        __libc_fail(EINVAL);
        return MAP_FAILED;
    }
    if (!(flags & MAP_ANON)) {
        __libc_fail(EBADF);         /* no files to map until a file system exists */
        return MAP_FAILED;
    }
    memset(&m, 0, sizeof m);
    m.m_type = VM_MMAP;
    m.m5_l1 = (int32_t)(uintptr_t)addr;
    m.m5_l2 = (int32_t)len;
    m.m5_s1 = (int16_t)prot;
    m.m5_s2 = (int16_t)flags;
    m.m5_i1 = fd;
    m.m5_i2 = offset;
    if (__libc_call(VM_PROC_NR, &m) < 0)
        return MAP_FAILED;
    return (void *)(uintptr_t)(uint32_t)m.m5_l1;
}

int munmap(void *addr, size_t len)
{
    message m;

    if (((uintptr_t)addr & (PAGE_SIZE - 1)) || len == 0 || len > 0x7FFFFFFF)
        return __libc_fail(EINVAL);
    memset(&m, 0, sizeof m);
    m.m_type = VM_MUNMAP;
    m.m1_p1 = addr;
    m.m1_i1 = (int)len;
    return __libc_call(VM_PROC_NR, &m) < 0 ? -1 : 0;
}
