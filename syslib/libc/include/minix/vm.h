/* minix/vm.h -- VM's memory statistics (struct vm_stats of abi/minix.abi). */
#ifndef _MINIX_VM_H
#define _MINIX_VM_H

#include <sys/_abi.h>       /* vm_stats */

/* Fills *st: total, free and shared pages, copy-on-write copies, zero fills, page faults,
   the number of processes VM knows, the largest free run. 0, or -1 with errno. */
int vm_info(vm_stats *st);
/* VM_INFO for process ep as well: st->proc_pages = its present pages. -1 with errno ESRCH if
   VM has no such process. */
int vm_info_proc(int ep, vm_stats *st);

#endif /* _MINIX_VM_H */
