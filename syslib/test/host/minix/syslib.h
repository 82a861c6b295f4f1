/*
 * test/host/minix/syslib.h -- stands in for include/minix/syslib.h in host tests.
 *
 * The library code that host tests compile (stdio, stdlib, panic, _exit, assert, the
 * grant table) uses only these functions from it; the test programs define them (renamed
 * host_<name> like everything else) to record what the library does. The prototypes must
 * match the real header's; the guest build checks those. (Host tests see <minix/abi.h>
 * only in its host form, target/host/include, with guest pointers as uint32_t.)
 */
#ifndef _MINIX_SYSLIB_H
#define _MINIX_SYSLIB_H

#include <stddef.h>

int sys_diag(const char *text, size_t len);
int sys_exit(void);
int sys_setgrant(void *table, int entries);
_Noreturn void panic(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

#endif
