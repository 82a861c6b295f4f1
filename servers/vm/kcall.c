/*
 * kcall.c -- the kernel calls VM makes that syslib has no wrapper for (MEMREQ_GET returns
 * fields, sys_vmctl() only the result), and the set-space-then-flush pair every builder needs.
 */
#include <string.h>
#include <minix/syslib.h>
#include "vm.h"

int vm_memreq_get(int *target, int *requestor, int *write, uint32_t *addr, uint32_t *len)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m1_i1 = SELF;
    m.m1_i2 = VMCTL_MEMREQ_GET;
    int r = _kernel_call(SYS_VMCTL, &m);
    if (r != OK) {
        return r;
    }
    *target = m.m1_i1;
    *requestor = m.m1_i2;
    *write = m.m1_i3 != 0;
    *addr = (uint32_t) m.m1_p1;
    *len = (uint32_t) m.m1_p2;
    return OK;
}

int vm_set_space(int ep, uint32_t pd)
{
    int r = sys_vmctl(ep, VMCTL_SETADDRSPACE, pd);
    if (r == OK) {
        vm_flush(ep);
    }
    return r;
}

void vm_flush(int ep)
{
    sys_vmctl(ep, VMCTL_FLUSHTLB, 0);
}
