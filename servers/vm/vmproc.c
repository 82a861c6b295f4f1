/*
 * vmproc.c -- VM's process records, one per process slot, found by endpoint.
 *
 * Endpoints are generation x ENDPOINT_GENERATION_SIZE + slot (docs/kernel.md); a record serves
 * exactly one endpoint, so a request naming a dead process's old endpoint finds nothing.
 */
#include <string.h>
#include "vm.h"

static struct vmproc procs[NR_PROCS];

struct vmproc *vmproc_slot(int ep)
{
    if (ep < 0) {
        return NULL;                 /* kernel tasks own no memory VM manages */
    }
    int slot = ep % ENDPOINT_GENERATION_SIZE;
    return slot < NR_PROCS ? &procs[slot] : NULL;
}

struct vmproc *vmproc_by_ep(int ep)
{
    struct vmproc *p = vmproc_slot(ep);
    return p != NULL && p->in_use && p->ep == ep ? p : NULL;
}

int vmproc_count(void)
{
    int n = 0;
    for (int i = 0; i < NR_PROCS; i++) {
        n += procs[i].in_use;
    }
    return n;
}

void vmproc_clear(struct vmproc *p)
{
    memset(p, 0, sizeof *p);
}

uint32_t heap_limit(const struct vmproc *p)
{
    uint64_t lim = (uint64_t) p->heap_start + USER_HEAP_LIMIT;
    return lim > STACK_AREA_BASE ? STACK_AREA_BASE : (uint32_t) lim;
}
