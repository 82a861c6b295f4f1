/*
 * phys.h -- VM reaches physical memory through its window: the kernel maps all of RAM at
 * VM_PHYS_WINDOW in VM's address space (read-write), so a physical address pa is the
 * pointer VM_PHYS_WINDOW + pa. Callers check frame_is_ram() first for addresses that did not
 * come from VM's own allocator. The host test (test/) points the window at a buffer instead.
 */
#ifndef VM_PHYS_H
#define VM_PHYS_H

#include <stdint.h>
#include <minix/abi.h>

#ifdef VM_HOST_TEST
extern uint8_t *vm_host_ram;
static inline void *phys_ptr(uint32_t pa) { return vm_host_ram + pa; }
#else
static inline void *phys_ptr(uint32_t pa)
{
    return (void *) (uintptr_t) ((uint32_t) VM_PHYS_WINDOW + pa);
}
#endif

#endif /* VM_PHYS_H */
