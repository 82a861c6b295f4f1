/*
 * minix/bootfs.h -- programs from the boot archive, for the system processes that start
 * programs before a file system exists (PM's exec, RS's services).
 *
 * The boot partition is one ustar archive that the boot loader left in RAM; its physical base
 * and size come from GET_BOOTINFO (struct boot_info; any system process may ask). Nothing is
 * mapped: each 512-byte header is read with SYS_PHYSCOPY, so the caller needs that kernel call.
 * A lookup gives the file data's physical address and size; the caller reads the data the way
 * it needs (VM through its window, RS with sys_physcopy into its own memory).
 */
#ifndef _MINIX_BOOTFS_H
#define _MINIX_BOOTFS_H

#include <stdint.h>

/* Learns where the archive is. OK, ENOENT (no archive) or GET_BOOTINFO's error. */
int bootfs_init(void);

/* Finds the regular file called exactly name (a base name: the archive has no directories).
   OK with *phys and *size set; ENOENT if there is none (or the archive ends damaged before
   it); EIO if a header cannot be read. */
int bootfs_lookup(const char *name, uint32_t *phys, uint32_t *size);

#endif /* _MINIX_BOOTFS_H */
