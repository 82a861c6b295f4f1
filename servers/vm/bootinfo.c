/*
 * bootinfo.c -- start-up: take memory over from the boot loader (GET_BOOTINFO).
 *
 * The loader built every boot process's page tables and then stopped allocating. VM
 *   1. puts its frame table (a 16-bit count per frame of RAM) in the first free range big
 *      enough, reached through the window, and makes every other free range allocatable;
 *   2. walks each boot process's tables (all but its own, which hold the window and stay the
 *      loader's), claims each directory, table and page (one reference each) and records
 *      regions: the mapped runs below the stack area as the program image (writable or not, as
 *      mapped), the heap from the page after the highest of them (empty), the stack area;
 *   3. becomes the pager of each of them (their page faults come to VM).
 */
#include <stdio.h>
#include <minix/syslib.h>
#include "vm.h"
#include "phys.h"

uint32_t vm_ram_bytes;
int vm_self;

static boot_info bi;

static int take_over(int ep, uint32_t pd)
{
    struct vmproc *p = vmproc_slot(ep);
    if (p == NULL || (pd & PG_MASK) != 0 || !frame_is_ram(pd)) {
        printf("boot process %d: cannot take it over (directory 0x%x)\n", ep, pd);
        return EINVAL;
    }
    vmproc_clear(p);
    p->in_use = 1;
    p->ep = ep;
    p->pd = pd;
    frame_claim(pd);

    uint32_t *dir = phys_ptr(pd);
    uint32_t run_start = 0, run_end = 0, run_w = 0, highest = 0;
    int r = OK;
    for (uint32_t i = 0; i < 1024; i++) {
        if (!(dir[i] & PG_P) || !frame_is_ram(dir[i] & PG_FRAME)) {
            continue;
        }
        frame_claim(dir[i] & PG_FRAME);
        uint32_t *t = phys_ptr(dir[i] & PG_FRAME);
        for (uint32_t j = 0; j < 1024; j++) {
            if (!(t[j] & PG_P)) {
                continue;
            }
            frame_claim(t[j] & PG_FRAME);
            uint32_t va = i << 22 | j << 12;
            if (va >= STACK_AREA_BASE && va < (uint32_t) USER_STACK_TOP) {
                continue;                       /* the stack region covers it */
            }
            uint32_t w = t[j] & PG_W;
            if (va < STACK_AREA_BASE && va + PAGE_SIZE > highest) {
                highest = va + PAGE_SIZE;
            }
            if (run_end != 0 && run_end == va && run_w == w) {
                run_end += PAGE_SIZE;
                continue;
            }
            if (run_end != 0 && r == OK) {
                r = region_add(p, run_start, run_end, RK_IMAGE, RF_READ | (run_w ? RF_WRITE : 0));
            }
            run_start = va;
            run_end = va + PAGE_SIZE;
            run_w = w;
        }
    }
    if (run_end != 0 && r == OK) {
        r = region_add(p, run_start, run_end, RK_IMAGE, RF_READ | (run_w ? RF_WRITE : 0));
    }
    p->heap_start = p->brk = p->image_end = highest != 0 ? highest : PAGE_SIZE;
    if (r == OK) {
        r = region_add(p, p->heap_start, p->heap_start, RK_HEAP, RF_READ | RF_WRITE);
    }
    if (r == OK) {
        r = region_add(p, STACK_AREA_BASE, (uint32_t) USER_STACK_TOP, RK_STACK, RF_READ | RF_WRITE);
    }
    if (r != OK) {
        printf("boot process %d: too many mapped runs for %d regions\n", ep, MAX_REGIONS);
        return r;
    }
    sys_vmctl(ep, VMCTL_ENABLE_PAGING, 0);     /* harmless if the kernel made VM its pager */
    return OK;
}

int vm_boot_init(int self_ep)
{
    vm_self = self_ep;
    int r = sys_getinfo(GET_BOOTINFO, &bi, sizeof bi);
    if (r != OK) {
        printf("GET_BOOTINFO refused (%d)\n", r);
        return r;
    }
    vm_ram_bytes = bi.ram_bytes & ~PG_MASK;
    uint32_t nframes = vm_ram_bytes / PAGE_SIZE;
    uint32_t table_bytes = page_up(nframes * 2);
    int nr_free = bi.nr_free < 0 ? 0 : bi.nr_free > BOOTINFO_MAX_FREE ? BOOTINFO_MAX_FREE : bi.nr_free;

    /* 1. The frame table, in the first free range that holds it. */
    uint32_t table_at = 0;
    int found = 0;
    for (int i = 0; i < nr_free && !found; i++) {
        uint64_t base = page_up(bi.free[2 * i]);
        uint64_t end = (uint64_t) bi.free[2 * i] + bi.free[2 * i + 1];
        if (base + table_bytes <= end && end <= vm_ram_bytes) {
            table_at = (uint32_t) base;
            found = 1;
        }
    }
    if (!found) {
        printf("no free range holds the frame table (%u bytes)\n", table_bytes);
        return ENOMEM;
    }
    frames_init(phys_ptr(table_at), nframes);
    for (int i = 0; i < nr_free; i++) {
        frames_add_free(bi.free[2 * i], bi.free[2 * i + 1]);
    }
    frames_take(table_at, table_bytes);

    /* 2. and 3. The boot processes. */
    int nr_procs = bi.nr_procs < 0 ? 0 : bi.nr_procs > BOOTINFO_MAX_PROCS ? BOOTINFO_MAX_PROCS : bi.nr_procs;
    for (int i = 0; i < nr_procs; i++) {
        if (bi.proc_ep[i] == self_ep) {
            continue;
        }
        r = take_over(bi.proc_ep[i], bi.proc_pd[i]);
        if (r != OK) {
            return r;
        }
    }
    printf("%u MiB free, %d boot processes\n", frames_free() / (1024 * 1024 / PAGE_SIZE), nr_procs);
    return OK;
}
