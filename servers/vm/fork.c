/*
 * fork.c -- VM_FORK from PM: the kernel clones the slot (sys_fork with PFF_VMINHIBIT, so the
 * child cannot run yet), VM gives the child its own directory and tables naming the parent's
 * frames, copy-on-write: every writable page becomes read-only in both and each shared frame
 * gets one more reference. The first write on either side then faults and copies (fault.c).
 *
 * Memory is checked before the kernel is asked: a directory plus one table per parent table
 * is all a fork needs, so once there are that many free frames nothing can fail half-way, and
 * "out of memory" is an ENOMEM reply (PM makes it EAGAIN) with nothing to undo.
 */
#include <string.h>
#include <stdio.h>
#include <minix/syslib.h>
#include "vm.h"
#include "phys.h"

/* The page tables of a directory (each a frame the child needs its own copy of). */
static uint32_t count_tables(uint32_t pd)
{
    uint32_t *dir = phys_ptr(pd), n = 0;
    for (int i = 0; i < 1024; i++) {
        n += (dir[i] & PG_P) != 0;
    }
    return n;
}

/* Builds child_pd sharing every page of parent_pd copy-on-write. */
static int share_space(uint32_t parent_pd, uint32_t *child_pd)
{
    if (pt_new_directory(child_pd) != OK) {
        return ENOMEM;
    }
    uint32_t *pdir = phys_ptr(parent_pd), *cdir = phys_ptr(*child_pd);
    for (int i = 0; i < 1024; i++) {
        if (!(pdir[i] & PG_P) || !frame_is_ram(pdir[i] & PG_FRAME)) {
            continue;
        }
        uint32_t table;
        if (frame_alloc(&table) != OK) {
            pt_destroy(*child_pd);
            return ENOMEM;
        }
        uint32_t *pt = phys_ptr(pdir[i] & PG_FRAME), *ct = phys_ptr(table);
        for (int j = 0; j < 1024; j++) {
            uint32_t pte = pt[j];
            if (pte & PG_P) {
                if (frame_refs(pte & PG_FRAME) > 0) {
                    pte &= ~PG_W;    /* VM's frame: shared now, copied on the first write */
                    pt[j] = pte;
                    frame_ref(pte & PG_FRAME);
                }
                /* A frame VM does not own (device memory) is shared as it is. */
            }
            ct[j] = pte;
        }
        cdir[i] = table | PG_P | PG_W | PG_U;
    }
    return OK;
}

int do_fork(message *m)
{
    if (m->m_source != PM_PROC_NR) {
        return EPERM;
    }
    struct vmproc *parent = vmproc_by_ep(m->m1_i1);
    int slot = m->m1_i2;
    if (parent == NULL) {
        return EINVAL;
    }
    if (slot < -1 || slot >= NR_PROCS) {
        return EINVAL;
    }
    if (frames_free() < 1 + count_tables(parent->pd)) {
        return ENOMEM;
    }
    int child_ep;
    int r = sys_fork(parent->ep, slot, PFF_VMINHIBIT, &child_ep);
    if (r != OK) {
        return r;
    }
    struct vmproc *child = vmproc_slot(child_ep);
    if (child == NULL) {
        printf("fork: the kernel gave slot of endpoint %d, which VM cannot hold\n", child_ep);
        return EGENERIC;
    }
    if (child->in_use) {
        /* VM_EXIT never came for the slot's last user: take back its memory now. */
        printf("fork: slot of %d still held by %d; freeing it\n", child_ep, child->ep);
        pt_destroy(child->pd);
    }
    uint32_t child_pd;
    r = share_space(parent->pd, &child_pd);
    if (r != OK) {
        /* Cannot happen after the check above; PM clears the slot it is told about. */
        m->m1_i3 = child_ep;
        return r;
    }
    vm_flush(parent->ep);           /* the parent's writable pages just became read-only */

    *child = *parent;
    child->ep = child_ep;
    child->pd = child_pd;

    sys_vmctl(child_ep, VMCTL_ENABLE_PAGING, 0);   /* its faults come to VM (harmless if so already) */
    r = vm_set_space(child_ep, child_pd);
    if (r == OK) {
        r = sys_vmctl(child_ep, VMCTL_VMINHIBIT_CLEAR, 0);
    }
    if (r != OK) {
        printf("fork: cannot install the space of %d (%d)\n", child_ep, r);
        pt_destroy(child_pd);
        vmproc_clear(child);
        m->m1_i3 = child_ep;
        return r;
    }
    m->m1_i3 = child_ep;
    return OK;
}
