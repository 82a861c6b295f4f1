/*
 * exec.c -- VM_EXEC_NEWMEM from PM: replace a process's memory with a program.
 *
 * Everything that can fail is done before the old image goes, so a failed exec leaves the
 * caller running as it was: the ELF is validated (elf.c), the frame read from the process's
 * current memory and checked (execframe.c), the free frames counted, and the whole new space
 * built beside the old one. Only then is the new directory installed and the old one freed.
 *
 * The new space: each PT_LOAD segment on pages of its own (file bytes, then zeros), read-only
 * unless the segment is writable; the heap starts at the page after the highest segment, empty;
 * the stack region is the stack area, with the pages holding the frame present. The frame goes
 * just below USER_STACK_TOP, 16-byte aligned, and its address is the new stack pointer.
 * Reply: m1_p1 stack pointer, m1_p2 entry.
 */
#include <string.h>
#include <stdio.h>
#include "vm.h"
#include "elf.h"
#include "phys.h"

static uint8_t frame_buf[ARG_MAX];

/* Frames the new space needs at most: every page, every table, the directory. */
static uint32_t frames_needed(const struct elf_image *img, uint32_t sp)
{
    uint32_t n = 1;
    for (int s = 0; s < img->nr_segments; s++) {
        uint32_t first = page_down(img->seg[s].vaddr);
        uint32_t end = page_up(img->seg[s].vaddr + img->seg[s].memsz);
        n += (end - first) / PAGE_SIZE;
        n += ((end - 1) >> 22) - (first >> 22) + 1;   /* tables, counted per segment: an upper bound */
    }
    n += ((uint32_t) USER_STACK_TOP - page_down(sp)) / PAGE_SIZE + 1;
    return n;
}

/* Loads one segment into pd: fresh frames, file bytes from img, the rest zero. */
static int load_segment(uint32_t pd, const uint8_t *img, const struct elf_segment *seg)
{
    uint32_t end = seg->vaddr + seg->memsz;
    /* elf_parse keeps end at or below the stack area: page never wraps. */
    for (uint32_t page = page_down(seg->vaddr); page < end; page += PAGE_SIZE) {
        uint32_t frame;
        if (frame_alloc_zeroed(&frame) != OK) {
            return ENOMEM;
        }
        if (pt_map(pd, page, frame, seg->writable) != OK) {
            frame_unref(frame);
            return ENOMEM;
        }
        /* The file bytes that land in this page: [lo, hi) in virtual addresses. */
        uint32_t lo = page > seg->vaddr ? page : seg->vaddr;
        uint64_t hi = (uint64_t) page + PAGE_SIZE;
        uint64_t file_end = (uint64_t) seg->vaddr + seg->filesz;
        if (hi > file_end) {
            hi = file_end;
        }
        if (hi > lo) {
            memcpy((uint8_t *) phys_ptr(frame) + (lo - page),
                   img + seg->offset + (lo - seg->vaddr), (uint32_t) (hi - lo));
        }
    }
    return OK;
}

/* Maps the stack pages from sp up to USER_STACK_TOP and copies the frame there. */
static int load_frame(uint32_t pd, uint32_t sp, const uint8_t *frame, uint32_t len)
{
    for (uint32_t page = page_down(sp); page < (uint32_t) USER_STACK_TOP; page += PAGE_SIZE) {
        uint32_t f;
        if (frame_alloc_zeroed(&f) != OK) {
            return ENOMEM;
        }
        if (pt_map(pd, page, f, 1) != OK) {
            frame_unref(f);
            return ENOMEM;
        }
    }
    for (uint32_t done = 0; done < len; ) {
        uint32_t va = sp + done;
        uint32_t chunk = PAGE_SIZE - (va & PG_MASK);
        if (chunk > len - done) {
            chunk = len - done;
        }
        memcpy((uint8_t *) phys_ptr(pt_get(pd, va) & PG_FRAME) + (va & PG_MASK), frame + done, chunk);
        done += chunk;
    }
    return OK;
}

int do_exec_newmem(message *m)
{
    if (m->m_source != PM_PROC_NR) {
        return EPERM;
    }
    struct vmproc *p = vmproc_by_ep(m->m1_i1);
    uint32_t elf_len = (uint32_t) m->m1_i2;
    uint32_t frame_va = (uint32_t) m->m1_p2, frame_len = (uint32_t) m->m1_i3;
    if (p == NULL || p->ep == vm_self) {
        return EINVAL;
    }
    if (frame_len > ARG_MAX) {
        return E2BIG;
    }
    if (frame_len < 12) {
        return EINVAL;
    }

    /* 1. The program: physical (the boot archive) or in a process's memory (exec_source.c). */
    const uint8_t *file;
    struct vmproc *frame_owner;
    int rs = exec_source(m, p, &file, &frame_owner);
    if (rs != OK) {
        return rs;
    }
    struct elf_image img;
    if (elf_parse(file, elf_len, &img) != OK) {
        return ENOEXEC;
    }
    /* 2. The frame, from the caller's current memory (or the source process's), relocated
       for its new place. */
    uint32_t sp = ((uint32_t) USER_STACK_TOP - frame_len) & ~15u;
    if (proc_read(frame_owner, frame_va, frame_buf, frame_len) != OK) {
        return EFAULT;
    }
    if (exec_frame_relocate(frame_buf, frame_len, sp) != OK) {
        return EINVAL;
    }
    /* 3. Memory for all of it, counted before anything is taken. */
    if (frames_free() < frames_needed(&img, sp)) {
        return ENOMEM;
    }
    /* 4. The new space beside the old one. */
    uint32_t pd;
    if (pt_new_directory(&pd) != OK) {
        return ENOMEM;
    }
    int r = OK;
    for (int s = 0; s < img.nr_segments && r == OK; s++) {
        r = load_segment(pd, file, &img.seg[s]);
    }
    if (r == OK) {
        r = load_frame(pd, sp, frame_buf, frame_len);
    }
    if (r != OK) {
        pt_destroy(pd);
        return r;
    }
    /* 5. Commit: run on the new space, then let the old one go. */
    r = vm_set_space(p->ep, pd);
    if (r != OK) {
        printf("exec: cannot install the new space of %d (%d)\n", p->ep, r);
        pt_destroy(pd);
        return r;
    }
    pt_destroy(p->pd);
    p->pd = pd;
    p->nr_regions = 0;
    for (int s = 0; s < img.nr_segments; s++) {
        const struct elf_segment *seg = &img.seg[s];
        region_add(p, page_down(seg->vaddr), page_up(seg->vaddr + seg->memsz), RK_IMAGE,
                   RF_READ | (seg->writable ? RF_WRITE : 0));
    }
    p->heap_start = img.highest;
    p->image_end = img.image_end;
    p->brk = img.image_end;
    region_add(p, p->heap_start, p->heap_start, RK_HEAP, RF_READ | RF_WRITE);
    region_add(p, STACK_AREA_BASE, (uint32_t) USER_STACK_TOP, RK_STACK, RF_READ | RF_WRITE);

    m->m1_p1 = MSG_PTR(sp);
    m->m1_p2 = MSG_PTR(img.entry);
    return OK;
}
