/*
 * brk.c -- brk() and sbrk(): BRK to PM (which asks VM), reply m2_p1 = the break now.
 *
 * The break starts at _end, the linker script's end of .bss; VM knows it too (it is where
 * the program's last segment ends, page-rounded on VM's side). VM refuses a break beyond
 * USER_HEAP_LIMIT above the program: ENOMEM, the old break stays.
 */
#include "../libc_private.h"
#include <stdint.h>
#include <unistd.h>

extern char _end[];

char *__libc_curbrk;

int brk(void *addr)
{
    message m;

    if ((char *)addr < _end)
        return __libc_fail(ENOMEM);
    memset(&m, 0, sizeof m);
    m.m_type = BRK;
    m.m1_p1 = addr;
    if (__libc_call(PM_PROC_NR, &m) < 0)
        return -1;
    __libc_curbrk = m.m2_p1;
    if (__libc_curbrk != addr)      /* a reply that did not do what we asked */
        return __libc_fail(ENOMEM);
    return 0;
}

void *sbrk(intptr_t incr)
{
    char *old;

    if (__libc_curbrk == NULL)
        __libc_curbrk = _end;
    old = __libc_curbrk;
    if (incr == 0)
        return old;
    /* The new break must stay inside the address space: no wrap either way. */
    if ((incr > 0 && (uintptr_t)old + (uintptr_t)incr < (uintptr_t)old) ||
        (incr < 0 && (uintptr_t)0 - (uintptr_t)incr > (uintptr_t)old - (uintptr_t)_end)) {
        __libc_fail(ENOMEM);
        return (void *)-1;
    }
    if (brk(old + incr) < 0) {
        __libc_curbrk = old;
        return (void *)-1;
    }
    return old;
}
