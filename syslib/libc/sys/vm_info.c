/* vm_info.c -- VM's statistics: VM_INFO with m1_p1 our buffer, m1_i1 its size. */
#include "../libc_private.h"
#include <minix/vm.h>

int vm_info(vm_stats *st)
{
    message m;

    if (st == NULL)
        return __libc_fail(EFAULT);
    memset(&m, 0, sizeof m);
    m.m_type = VM_INFO;
    m.m1_p1 = st;
    m.m1_i1 = (int)sizeof *st;
    return __libc_call(VM_PROC_NR, &m) < 0 ? -1 : 0;
}

int vm_info_proc(int ep, vm_stats *st)
{
    message m;

    if (st == NULL)
        return __libc_fail(EFAULT);
    memset(&m, 0, sizeof m);
    m.m_type = VM_INFO;
    m.m1_p1 = st;
    m.m1_i1 = (int)sizeof *st;
    m.m1_i2 = ep;
    m.m1_i3 = 1;
    return __libc_call(VM_PROC_NR, &m) < 0 ? -1 : 0;
}
