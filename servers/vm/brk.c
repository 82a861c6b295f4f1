/*
 * brk.c -- VM_BRK from PM: move a process's break. The heap region is [heap_start, brk rounded
 * up to a page); its pages are made on demand (demand zero), so growing only moves the region's
 * end -- after checking that the break stays under heap_start + USER_HEAP_LIMIT (and below the
 * stack area), that no mapping is in the way, and that the free frames could back every new
 * page (ENOMEM otherwise). Shrinking frees the pages above the new end. The break may be
 * anywhere from the program's end (libc's _end, where it starts after exec; EINVAL below) up
 * to the limit; inside the program's last page the heap region is simply empty.
 * m1_i1 endpoint, m1_p1 the new break (0: only ask); reply m1_p1 the break now.
 */
#include "vm.h"

int do_brk(message *m)
{
    if (m->m_source != PM_PROC_NR) {
        return EPERM;
    }
    struct vmproc *p = vmproc_by_ep(m->m1_i1);
    struct region *heap = p != NULL ? region_of_kind(p, RK_HEAP) : NULL;
    if (heap == NULL) {
        return EINVAL;
    }
    uint32_t want = (uint32_t) m->m1_p1;
    if (want == 0) {
        m->m1_p1 = MSG_PTR(p->brk);
        return OK;
    }
    if (want < p->image_end) {
        return EINVAL;               /* below the program's end (libc's _end) */
    }
    if (want > heap_limit(p)) {
        return ENOMEM;
    }
    /* heap_limit is page aligned and far from 4 GiB; a break inside the program's last page
       leaves the heap region empty. */
    uint32_t new_end = page_up(want) > p->heap_start ? page_up(want) : p->heap_start;
    if (new_end > heap->end) {
        uint32_t old_end = heap->end;
        heap->end = heap->start;        /* so that the heap does not overlap itself below */
        int blocked = region_overlaps(p, old_end, new_end);
        heap->end = old_end;
        if (blocked) {
            return ENOMEM;
        }
        uint32_t pages = (new_end - old_end) / PAGE_SIZE;
        if (frames_free() < pages + pt_tables_missing(p->pd, old_end, new_end)) {
            return ENOMEM;
        }
        heap->end = new_end;
    } else if (new_end < heap->end) {
        pt_unmap_range(p->pd, new_end, heap->end);
        heap->end = new_end;
        vm_flush(p->ep);
    }
    p->brk = want;
    m->m1_p1 = MSG_PTR(want);
    return OK;
}
