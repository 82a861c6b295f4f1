/*
 * fault.c -- making one page accessible: the one piece of logic behind page faults (a
 * VM_PAGEFAULT message from the kernel) and kernel memory requests (memreq.c).
 *
 *   absent page, demand-zero region        -> map a fresh zeroed frame
 *   present read-only page, write, writable region:
 *       frame shared (count > 1)           -> copy it into a new frame (copy-on-write)
 *       frame ours alone                   -> just make the entry writable
 *   anything else (no region, PROT_NONE, write to read-only, absent image page) -> EFAULT
 *   no free frame                          -> ENOMEM
 * A page fault that ends in anything but OK kills the process with SIGSEGV through its signal
 * manager (PM); the kernel is then not told to resume it.
 */
#include <string.h>
#include <stdio.h>
#include <minix/syslib.h>
#include <minix/ipc.h>
#include "vm.h"
#include "phys.h"

int vm_fix_page(struct vmproc *p, uint32_t va, int write)
{
    struct region *r = region_find(p, va);
    if (r == NULL || !(r->flags & RF_READ) || (write && !(r->flags & RF_WRITE))) {
        return EFAULT;
    }
    va = page_down(va);
    uint32_t *e = pt_entry(p->pd, va);
    uint32_t pte = e != NULL ? *e : 0;

    if (!(pte & PG_P)) {
        if (!region_demand_zero(r)) {
            return EFAULT;
        }
        uint32_t frame;
        if (frame_alloc_zeroed(&frame) != OK) {
            return ENOMEM;
        }
        if (pt_map(p->pd, va, frame, (r->flags & RF_WRITE) != 0) != OK) {
            frame_unref(frame);
            return ENOMEM;
        }
        vm_counters.zero_fills++;
        return OK;
    }
    if (!write || (pte & PG_W)) {
        return OK;                  /* already accessible (a stale TLB entry, or a retry) */
    }
    uint32_t old = pte & PG_FRAME;
    uint32_t refs = frame_refs(old);
    if (refs == 0) {
        return EFAULT;              /* not VM's frame (device memory): never copied */
    }
    if (refs > 1) {
        uint32_t copy;
        if (frame_alloc(&copy) != OK) {
            return ENOMEM;
        }
        memcpy(phys_ptr(copy), phys_ptr(old), PAGE_SIZE);
        frame_unref(old);
        *e = copy | PG_P | PG_U | PG_W;
        vm_counters.cow_copies++;
    } else {
        *e = pte | PG_W;
    }
    return OK;
}

int vm_fix_range(struct vmproc *p, uint32_t va, uint32_t len, int write)
{
    if (len == 0) {
        return OK;
    }
    if ((uint64_t) va + len > 0x100000000ull) {
        return EFAULT;
    }
    uint64_t end = (uint64_t) va + len;
    for (uint64_t a = page_down(va); a < end; a += PAGE_SIZE) {
        int r = vm_fix_page(p, (uint32_t) a, write);
        if (r != OK) {
            return r;
        }
    }
    return OK;
}

void do_pagefault(const message *m, int status)
{
    int ep = m->m_source;
    if (!(status & IPC_FLG_MSG_FROM_KERNEL)) {
        /* Someone forged a fault: refuse without blocking, change nothing. */
        message reply;
        memset(&reply, 0, sizeof reply);
        reply.m_type = EPERM;
        ipc_sendnb(ep, &reply);
        return;
    }
    vm_counters.page_faults++;
    uint32_t addr = (uint32_t) m->m1_i1;
    int write = (m->m1_i2 & 2) != 0;   /* i386 error code bit 1: the access was a write */
    struct vmproc *p = vmproc_by_ep(ep);
    int r = p != NULL ? vm_fix_page(p, addr, write) : EFAULT;
    if (r != OK) {
        /* PM (the signal manager) kills it; the kernel keeps it stopped meanwhile. */
        int k = sys_kill(ep, SIGSEGV);
        if (k != OK) {
            printf("page fault of %d at 0x%x: SIGSEGV not delivered (%d)\n", ep, addr, k);
        }
        return;
    }
    vm_flush(ep);
    int c = sys_vmctl(ep, VMCTL_CLEAR_PAGEFAULT, 0);
    if (c != OK) {
        printf("page fault of %d at 0x%x: cannot resume it (%d)\n", ep, addr, c);
    }
}
