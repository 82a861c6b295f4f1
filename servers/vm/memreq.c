/*
 * memreq.c -- kernel memory requests. When the kernel must copy into (or out of) a page that
 * is absent or read-only -- a message delivered into a copy-on-write page, a signal frame, a
 * safecopy -- it suspends the copy and raises SIGKMEM on VM. SEF calls our signal handler, which
 * takes every pending request (MEMREQ_GET until ESRCH), makes each page of the range
 * accessible with the page-fault logic, and answers MEMREQ_REPLY: OK and the kernel redoes the
 * copy, EFAULT and the copy fails as it would have.
 */
#include <stdio.h>
#include <minix/syslib.h>
#include "vm.h"

void memreq_handle(void)
{
    for (;;) {
        int target, requestor, write;
        uint32_t addr, len;
        int r = vm_memreq_get(&target, &requestor, &write, &addr, &len);
        if (r != OK) {
            return;                  /* ESRCH: none left */
        }
        struct vmproc *p = vmproc_by_ep(target);
        int result = p != NULL ? vm_fix_range(p, addr, len, write) : EFAULT;
        if (result == ENOMEM) {
            result = EFAULT;         /* the kernel's copy fails; nothing else is possible */
        }
        if (p != NULL) {
            vm_flush(target);
        }
        int k = sys_vmctl(requestor, VMCTL_MEMREQ_REPLY, (uint32_t) result);
        if (k != OK) {
            printf("memory request of %d for %d: reply refused (%d)\n", requestor, target, k);
        }
    }
}
