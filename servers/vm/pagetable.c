/*
 * pagetable.c -- i386 two-level page tables in guest RAM, edited through the window.
 *
 * A directory and each table are one frame owned by one process (count 1). Directory entries
 * are always present|writable|user: protection is decided by the page-table entries alone.
 * Every page a table names holds one reference on its frame, dropped when the entry goes.
 * Nothing here tells the kernel: callers flush the TLB (vm_flush) after editing a live space.
 */
#include <string.h>
#include "vm.h"
#include "phys.h"

#define ENTRIES 1024u

static uint32_t *table_at(uint32_t pa)
{
    return (uint32_t *) phys_ptr(pa);
}

int pt_new_directory(uint32_t *pd)
{
    return frame_alloc_zeroed(pd);
}

uint32_t *pt_entry(uint32_t pd, uint32_t va)
{
    uint32_t pde = table_at(pd)[va >> 22];
    if (!(pde & PG_P) || !frame_is_ram(pde & PG_FRAME)) {
        return NULL;
    }
    return &table_at(pde & PG_FRAME)[(va >> 12) & (ENTRIES - 1)];
}

uint32_t pt_get(uint32_t pd, uint32_t va)
{
    uint32_t *e = pt_entry(pd, va);
    return e != NULL ? *e : 0;
}

int pt_map(uint32_t pd, uint32_t va, uint32_t frame, int writable)
{
    uint32_t *dir = table_at(pd);
    uint32_t i = va >> 22;
    if (!(dir[i] & PG_P)) {
        uint32_t table;
        if (frame_alloc_zeroed(&table) != OK) {
            return ENOMEM;
        }
        dir[i] = table | PG_P | PG_W | PG_U;
    }
    uint32_t *e = pt_entry(pd, va);
    if (e == NULL) {
        return EFAULT;              /* a directory entry naming no RAM: not VM's doing */
    }
    *e = (frame & PG_FRAME) | PG_P | PG_U | (writable ? PG_W : 0);
    return OK;
}

void pt_unmap_range(uint32_t pd, uint32_t start, uint32_t end)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t *e = pt_entry(pd, (uint32_t) va);
        if (e == NULL) {
            /* no table: skip to the next 4 MiB boundary */
            va = (va | 0x3FFFFFu) + 1 - PAGE_SIZE;
            continue;
        }
        if (*e & PG_P) {
            frame_unref(*e & PG_FRAME);
        }
        *e = 0;
    }
}

void pt_destroy(uint32_t pd)
{
    uint32_t *dir = table_at(pd);
    for (uint32_t i = 0; i < ENTRIES; i++) {
        uint32_t pde = dir[i];
        if (!(pde & PG_P) || !frame_is_ram(pde & PG_FRAME)) {
            continue;
        }
        uint32_t *t = table_at(pde & PG_FRAME);
        for (uint32_t j = 0; j < ENTRIES; j++) {
            if (t[j] & PG_P) {
                frame_unref(t[j] & PG_FRAME);
            }
        }
        frame_unref(pde & PG_FRAME);
        dir[i] = 0;
    }
    frame_unref(pd);
}

uint32_t pt_tables_missing(uint32_t pd, uint32_t start, uint32_t end)
{
    uint32_t n = 0;
    if (end <= start) {
        return 0;
    }
    for (uint32_t i = start >> 22; i <= (end - 1) >> 22; i++) {
        if (!(table_at(pd)[i] & PG_P)) {
            n++;
        }
    }
    return n;
}
