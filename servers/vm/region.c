/*
 * region.c -- a process's regions: what it may touch, and whether a missing page there is
 * made on demand. A short unsorted array per process; lookups are linear, which is cheap for
 * the handful of regions a process has (image segments, heap, stack, a few mmaps).
 */
#include "vm.h"

struct region *region_find(struct vmproc *p, uint32_t va)
{
    for (int i = 0; i < p->nr_regions; i++) {
        struct region *r = &p->regions[i];
        if (va >= r->start && va < r->end) {
            return r;
        }
    }
    return NULL;
}

struct region *region_of_kind(struct vmproc *p, int kind)
{
    for (int i = 0; i < p->nr_regions; i++) {
        if (p->regions[i].kind == kind) {
            return &p->regions[i];
        }
    }
    return NULL;
}

int region_add(struct vmproc *p, uint32_t start, uint32_t end, int kind, int flags)
{
    if (p->nr_regions >= MAX_REGIONS) {
        return ENOMEM;
    }
    struct region *r = &p->regions[p->nr_regions++];
    r->start = start;
    r->end = end;
    r->kind = (uint8_t) kind;
    r->flags = (uint8_t) flags;
    return OK;
}

void region_remove(struct vmproc *p, struct region *r)
{
    int i = (int) (r - p->regions);
    p->regions[i] = p->regions[--p->nr_regions];
}

int region_overlaps(struct vmproc *p, uint32_t start, uint32_t end)
{
    for (int i = 0; i < p->nr_regions; i++) {
        struct region *r = &p->regions[i];
        if (start < r->end && r->start < end) {
            return 1;
        }
    }
    return 0;
}

int region_demand_zero(const struct region *r)
{
    return r->kind == RK_HEAP || r->kind == RK_STACK || r->kind == RK_MMAP;
}
