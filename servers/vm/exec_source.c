/*
 * exec_source.c -- where VM_EXEC_NEWMEM finds the program and the argument frame.
 *
 * m1_p3 names the process whose memory holds both (ours):
 *   - 0 or NONE: the ELF is at a physical address (m1_p1: PM's exec from the boot archive, which
 *     is in RAM, read through VM's window), and the frame is in the exec'ing process's own memory;
 *   - an endpoint: the ELF (m1_p1) and the frame (m1_p2) are virtual addresses in that process
 *     (RS, which keeps a copy of every service's program so a restart needs no file system).
 *     The ELF is copied through the process's page tables into a buffer of VM's own, so a
 *     page that is not present, or a range outside its regions, is EFAULT before anything
 *     changes. PM passes RS's endpoint here only for RS's own SRV_EXEC.
 */
#include <string.h>
#include "vm.h"
#include "phys.h"

/* The largest program that can come from a process's memory (services are tens of KiB). */
#define EXEC_MAX_COPIED_IMAGE (512u * 1024u)

static uint8_t copied_image[EXEC_MAX_COPIED_IMAGE];

int exec_source(const message *m, struct vmproc *target, const uint8_t **elf,
                struct vmproc **frame_owner)
{
    int src = (int) (uintptr_t) m->m1_p3;
    uint32_t elf_addr = (uint32_t) (uintptr_t) m->m1_p1, elf_len = (uint32_t) m->m1_i2;

    if (elf_len == 0) {
        return EINVAL;
    }
    if (src == 0 || src == NONE) {
        if ((uint64_t) elf_addr + elf_len > vm_ram_bytes) {
            return EINVAL;           /* PM points at the boot archive, which is in RAM */
        }
        *elf = phys_ptr(elf_addr);
        *frame_owner = target;
        return OK;
    }
    struct vmproc *owner = vmproc_by_ep(src);
    if (owner == NULL || owner->ep == vm_self) {
        return EINVAL;
    }
    if (elf_len > EXEC_MAX_COPIED_IMAGE) {
        return E2BIG;
    }
    if (proc_read(owner, elf_addr, copied_image, elf_len) != OK) {
        return EFAULT;
    }
    *elf = copied_image;
    *frame_owner = owner;
    return OK;
}
