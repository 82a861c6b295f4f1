/*
 * update.c -- VM_RS_UPDATE from RS (its fixed endpoint only): live update swaps two system
 * processes' slots. The kernel's SYS_UPDATE exchanges everything but each slot's identity
 * (slot, endpoint, ...), the address space included; VM's records follow: the memory part of
 * the two records changes places, each keeps its slot's endpoint. Done only once the kernel
 * agreed, so a refused update changes nothing. m1_i1 source, m1_i2 destination.
 *
 * Both must be live processes VM knows at exactly these endpoints (a stale endpoint of a reused
 * slot is refused with EINVAL rather than swapping whoever is there now). Nothing else in VM is
 * keyed by endpoint: frames are reference-counted, page tables hang off the records.
 */
#include <minix/syslib.h>
#include "vm.h"

int do_rs_update(message *m)
{
    if (m->m_source != RS_PROC_NR) {
        return EPERM;
    }
    int a = m->m1_i1, b = m->m1_i2;
    struct vmproc *pa = vmproc_by_ep(a), *pb = vmproc_by_ep(b);
    if (pa == NULL || pb == NULL || pa == pb || a == vm_self || b == vm_self) {
        return EINVAL;
    }
    int r = sys_update(a, b);
    if (r != OK) {
        return r;
    }
    struct vmproc t = *pa;
    *pa = *pb;
    *pb = t;
    pa->ep = a;
    pb->ep = b;
    return OK;
}
