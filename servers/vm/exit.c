/*
 * exit.c -- VM_EXIT from PM, after PM's SYS_CLEAR: the process is gone from the kernel, so its
 * directory, tables and its references on every frame it mapped are released. Shared frames
 * stay with their other users; the rest return to the free pool.
 */
#include "vm.h"

int do_exit(message *m)
{
    if (m->m_source != PM_PROC_NR) {
        return EPERM;
    }
    struct vmproc *p = vmproc_by_ep(m->m1_i1);
    if (p == NULL || p->ep == vm_self) {
        return EINVAL;
    }
    pt_destroy(p->pd);
    vmproc_clear(p);
    return OK;
}
