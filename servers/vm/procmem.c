/*
 * procmem.c -- reading a process's memory by walking its page tables (exec needs the frame
 * PM points at, in the caller's current image). An absent page inside a demand-zero region
 * reads as zeros, which is what the process itself would see; outside every region is EFAULT.
 */
#include <string.h>
#include "vm.h"
#include "phys.h"

int proc_read(struct vmproc *p, uint32_t va, void *buf, uint32_t len)
{
    uint8_t *out = buf;
    if ((uint64_t) va + len > 0x100000000ull) {
        return EFAULT;
    }
    while (len > 0) {
        uint32_t in_page = PAGE_SIZE - (va & PG_MASK);
        uint32_t chunk = len < in_page ? len : in_page;
        struct region *r = region_find(p, va);
        if (r == NULL || !(r->flags & RF_READ)) {
            return EFAULT;
        }
        uint32_t pte = pt_get(p->pd, va);
        if (pte & PG_P) {
            if (!frame_is_ram(pte & PG_FRAME)) {
                return EFAULT;
            }
            memcpy(out, (uint8_t *) phys_ptr(pte & PG_FRAME) + (va & PG_MASK), chunk);
        } else if (region_demand_zero(r)) {
            memset(out, 0, chunk);
        } else {
            return EFAULT;
        }
        out += chunk;
        va += chunk;
        len -= chunk;
    }
    return OK;
}
