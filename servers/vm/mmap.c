/*
 * mmap.c -- VM_MMAP and VM_MUNMAP from any process VM knows (the caller maps into itself).
 *
 * Only anonymous private memory: flags must be MAP_ANON|MAP_PRIVATE (MAP_FIXED allowed),
 * offset 0; anything else is EINVAL. A mapping is a demand-zero region placed in the mmap
 * area, [heap limit, stack area): at the hint if it is page aligned and free there, else the
 * lowest free place; MAP_FIXED takes exactly the hint or fails (EINVAL outside the area, ENOMEM
 * over another mapping). PROT_NONE maps a region every access to which faults; any other prot
 * is readable (the i386 cannot refuse reads or execution of a present page), writable only with
 * PROT_WRITE.
 * MMAP: m5: l1 address hint, l2 length, s1 prot, s2 flags, i1 fd, i2 offset; reply m5_l1 address.
 * MUNMAP: m1_p1 address (page aligned), m1_i1 length; only mmap'ed pages may be unmapped (EINVAL
 * if the range touches the program, heap or stack); unmapped parts of the range are ignored.
 */
#include "vm.h"

static int place(struct vmproc *p, uint32_t hint, uint32_t size, int fixed, uint32_t *at)
{
    uint32_t lo = heap_limit(p), hi = STACK_AREA_BASE;
    if (size > hi - lo) {
        return ENOMEM;
    }
    int hint_fits = (hint & PG_MASK) == 0 && hint >= lo && hint <= hi - size;
    if (fixed) {
        if (!hint_fits) {
            return EINVAL;
        }
        if (region_overlaps(p, hint, hint + size)) {
            return ENOMEM;
        }
        *at = hint;
        return OK;
    }
    if (hint_fits && !region_overlaps(p, hint, hint + size)) {
        *at = hint;
        return OK;
    }
    uint32_t cand = lo;
    for (;;) {
        if (cand > hi - size) {
            return ENOMEM;
        }
        int moved = 0;
        for (int i = 0; i < p->nr_regions; i++) {
            struct region *r = &p->regions[i];
            if (cand < r->end && r->start < cand + size) {
                cand = r->end;
                moved = 1;
            }
        }
        if (!moved) {
            *at = cand;
            return OK;
        }
    }
}

int do_mmap(message *m)
{
    struct vmproc *p = vmproc_by_ep(m->m_source);
    if (p == NULL) {
        return EINVAL;
    }
    uint32_t hint = (uint32_t) m->m5_l1, len = (uint32_t) m->m5_l2;
    uint32_t prot = (uint16_t) m->m5_s1, flags = (uint16_t) m->m5_s2;
    if ((flags & (MAP_ANON | MAP_PRIVATE)) != (MAP_ANON | MAP_PRIVATE)
            || (flags & ~(uint32_t) (MAP_ANON | MAP_PRIVATE | MAP_FIXED)) != 0
            || (prot & ~(uint32_t) (PROT_READ | PROT_WRITE | PROT_EXEC)) != 0
            || m->m5_i2 != 0 || len == 0) {
        return EINVAL;
    }
    if (len > 0xFFFFFFFFu - PG_MASK) {
        return ENOMEM;
    }
    uint32_t size = page_up(len), at;
    int r = place(p, hint, size, (flags & MAP_FIXED) != 0, &at);
    if (r != OK) {
        return r;
    }
    int rf = prot == 0 ? 0 : RF_READ | ((prot & PROT_WRITE) ? RF_WRITE : 0);
    r = region_add(p, at, at + size, RK_MMAP, rf);
    if (r != OK) {
        return r;
    }
    m->m5_l1 = (int32_t) at;
    return OK;
}

int do_munmap(message *m)
{
    struct vmproc *p = vmproc_by_ep(m->m_source);
    if (p == NULL) {
        return EINVAL;
    }
    uint32_t addr = (uint32_t) m->m1_p1, len = (uint32_t) m->m1_i1;
    if ((addr & PG_MASK) != 0 || len == 0 || len > 0xFFFFFFFFu - PG_MASK
            || (uint64_t) addr + page_up(len) > 0x100000000ull) {
        return EINVAL;
    }
    uint32_t end = addr + page_up(len);      /* 0 only if the range ends at 4 GiB: refused */
    if (end == 0) {
        return EINVAL;
    }
    /* Check first, change after: nothing but mmap'ed pages, and room for a split. */
    int splits = 0;
    for (int i = 0; i < p->nr_regions; i++) {
        struct region *r = &p->regions[i];
        if (addr < r->end && r->start < end) {
            if (r->kind != RK_MMAP) {
                return EINVAL;
            }
            splits += r->start < addr && r->end > end;
        }
    }
    if (p->nr_regions + splits > MAX_REGIONS) {
        return ENOMEM;
    }
    for (int i = 0; i < p->nr_regions; ) {
        struct region *r = &p->regions[i];
        if (!(addr < r->end && r->start < end)) {
            i++;
            continue;
        }
        if (r->start >= addr && r->end <= end) {
            region_remove(p, r);      /* the last one moves into i: look at i again */
            continue;
        }
        if (r->start < addr && r->end > end) {
            uint32_t tail = r->end;
            r->end = addr;
            region_add(p, end, tail, RK_MMAP, r->flags);
        } else if (r->start < addr) {
            r->end = addr;
        } else {
            r->start = end;
        }
        i++;
    }
    pt_unmap_range(p->pd, addr, end);
    vm_flush(p->ep);
    return OK;
}
