/* sys/mman.h -- anonymous memory mappings, asked of VM directly. */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <sys/types.h>
#include <sys/_abi.h>       /* PROT_*, MAP_* */

#define MAP_ANONYMOUS MAP_ANON
#define MAP_FAILED ((void *)-1)

/* Only MAP_ANON mappings (fd -1) exist until there is a file system. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t len);

#endif /* _SYS_MMAN_H */
