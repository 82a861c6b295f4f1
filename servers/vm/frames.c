/*
 * frames.c -- the physical frame allocator, with a reference count per frame.
 *
 * One 16-bit count per frame of RAM, kept in frames VM takes from the free memory at start-up
 * (bootinfo.c), so the table grows with the machine instead of with VM's .bss. A count is
 *   FRAME_FOREIGN  not VM's to hand out: the kernel's low memory, the boot archive, VM's own
 *                  image and tables, and this table itself;
 *   0              free;
 *   n > 0          mapped n times (page-table entries naming it; a directory or page table
 *                  counts 1 for its owner).
 * A boot process's frames start FOREIGN and become VM's when start-up claims them, so they go
 * back to the free pool when their last user lets go.
 */
#include <string.h>
#include "vm.h"
#include "phys.h"

#define FRAME_FOREIGN 0xFFFFu

static uint16_t *count;
static uint32_t nframes;
static uint32_t nfree;      /* frames whose count is 0 */
static uint32_t nmanaged;   /* frames whose count is not FOREIGN */
static uint32_t hint;       /* where the next search for a free frame starts */

void frames_init(uint16_t *counts, uint32_t n)
{
    count = counts;
    nframes = n;
    for (uint32_t i = 0; i < n; i++) {
        count[i] = FRAME_FOREIGN;
    }
    nfree = nmanaged = hint = 0;
}

void frames_add_free(uint32_t base, uint32_t bytes)
{
    uint64_t start = ((uint64_t) base + PG_MASK) / PAGE_SIZE;
    uint64_t end = ((uint64_t) base + bytes) / PAGE_SIZE;
    for (uint64_t f = start; f < end && f < nframes; f++) {
        if (count[f] == FRAME_FOREIGN) {
            count[f] = 0;
            nfree++;
            nmanaged++;
        }
    }
}

void frames_take(uint32_t pa, uint32_t bytes)
{
    for (uint32_t f = pa / PAGE_SIZE; f < (pa + bytes + PG_MASK) / PAGE_SIZE && f < nframes; f++) {
        if (count[f] == 0) {
            count[f] = FRAME_FOREIGN;
            nfree--;
            nmanaged--;
        }
    }
}

void frame_claim(uint32_t pa)
{
    uint32_t f = pa / PAGE_SIZE;
    if (f >= nframes) {
        return;                     /* not RAM (a device's memory): never VM's to free */
    }
    if (count[f] == FRAME_FOREIGN) {
        count[f] = 1;
        nmanaged++;
    } else if (count[f] == 0) {
        count[f] = 1;               /* listed free yet mapped: believe the mapping */
        nfree--;
    } else if (count[f] < FRAME_FOREIGN - 1) {
        count[f]++;
    }
}

int frame_alloc(uint32_t *pa)
{
    if (nfree == 0) {
        return ENOMEM;
    }
    for (uint32_t n = 0; n < nframes; n++) {
        uint32_t f = hint + n < nframes ? hint + n : hint + n - nframes;
        if (count[f] == 0) {
            count[f] = 1;
            nfree--;
            hint = f + 1 < nframes ? f + 1 : 0;
            *pa = f * PAGE_SIZE;
            return OK;
        }
    }
    return ENOMEM;                  /* unreachable while nfree is right */
}

int frame_alloc_zeroed(uint32_t *pa)
{
    int r = frame_alloc(pa);
    if (r == OK) {
        memset(phys_ptr(*pa), 0, PAGE_SIZE);
    }
    return r;
}

void frame_ref(uint32_t pa)
{
    uint32_t f = pa / PAGE_SIZE;
    if (f < nframes && count[f] != FRAME_FOREIGN && count[f] != 0 && count[f] < FRAME_FOREIGN - 1) {
        count[f]++;
    }
}

int frame_unref(uint32_t pa)
{
    uint32_t f = pa / PAGE_SIZE;
    if (f >= nframes || count[f] == FRAME_FOREIGN || count[f] == 0) {
        return -1;
    }
    if (--count[f] == 0) {
        nfree++;
    }
    return count[f];
}

uint32_t frame_refs(uint32_t pa)
{
    uint32_t f = pa / PAGE_SIZE;
    if (f >= nframes || count[f] == FRAME_FOREIGN) {
        return 0;
    }
    return count[f];
}

int frame_is_ram(uint32_t pa)
{
    return pa / PAGE_SIZE < nframes;
}

uint32_t frames_free(void) { return nfree; }
uint32_t frames_total(void) { return nmanaged; }

uint32_t frames_shared(void)
{
    uint32_t n = 0;
    for (uint32_t f = 0; f < nframes; f++) {
        if (count[f] != FRAME_FOREIGN && count[f] > 1) {
            n++;
        }
    }
    return n;
}

uint32_t frames_largest_free(void)
{
    uint32_t best = 0, run = 0;
    for (uint32_t f = 0; f < nframes; f++) {
        run = count[f] == 0 ? run + 1 : 0;
        if (run > best) {
            best = run;
        }
    }
    return best;
}
