/*
 * stats.c -- VM_INFO from anyone: VM's memory statistics (struct vm_stats) copied into the
 * caller's buffer. m1_p1 the buffer, m1_i1 its size, which must be sizeof(vm_stats); with
 * m1_i3 = 1, proc_pages counts the present pages of process m1_i2 (what ps shows as memory).
 * The buffer may sit in a page the caller has not touched yet, or one shared copy-on-write;
 * VM makes it writable first with the page-fault logic, since the kernel cannot ask VM to fix
 * memory while VM itself waits in the copy.
 */
#include <string.h>
#include <minix/syslib.h>
#include "vm.h"

struct vm_counters vm_counters;

void vm_fill_stats(vm_stats *s)
{
    memset(s, 0, sizeof *s);
    s->total_pages = frames_total();
    s->free_pages = frames_free();
    s->shared_pages = frames_shared();
    s->cow_copies = vm_counters.cow_copies;
    s->zero_fills = vm_counters.zero_fills;
    s->page_faults = vm_counters.page_faults;
    s->processes = (uint32_t) vmproc_count();
    s->largest_free = frames_largest_free();
}

/* The pages present in p's page tables, over its regions. */
static uint32_t present_pages(struct vmproc *p)
{
    uint32_t n = 0;

    for (int i = 0; i < p->nr_regions; i++)
        for (uint32_t va = p->regions[i].start; va < p->regions[i].end; va += PAGE_SIZE)
            if (pt_get(p->pd, va) & PG_P)
                n++;
    return n;
}

int do_info(message *m)
{
    static vm_stats s;
    uint32_t buf = (uint32_t) m->m1_p1;
    if (m->m1_i1 != (int32_t) sizeof(vm_stats) || buf == 0) {
        return EINVAL;
    }
    struct vmproc *p = vmproc_by_ep(m->m_source);
    if (p != NULL) {
        int r = vm_fix_range(p, buf, sizeof(vm_stats), 1);
        if (r != OK) {
            return EFAULT;
        }
        vm_flush(p->ep);
    }
    vm_fill_stats(&s);
    if (m->m1_i3 == 1) {
        struct vmproc *target = vmproc_by_ep(m->m1_i2);
        if (target == NULL)
            return ESRCH;
        s.proc_pages = present_pages(target);
    }
    int r = sys_vircopy(SELF, (uint32_t) (uintptr_t) &s, m->m_source, buf, sizeof s);
    return r == OK ? OK : EFAULT;
}
