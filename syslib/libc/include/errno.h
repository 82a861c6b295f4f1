/*
 * errno.h -- the error numbers of user programs: positive, as POSIX has them.
 *
 * The values come from abi/minix.abi (generated <sys/_errno.h>), where they are negative:
 * inside the system a call returns -ENOENT; libc's wrappers return -1 and set errno to
 * the positive number. <minix/abi.h> (the system's view) defines the same names
 * negative, so a source file uses one or the other, never both.
 */
#ifndef _ERRNO_H
#define _ERRNO_H

#ifdef _MINIX_ABI_H
#error "<errno.h> (positive errors) and <minix/abi.h> (negative) cannot share a file"
#endif

#include <sys/_errno.h>

/* Set by every failing call; never reset to 0 by libc. */
extern int errno;

#endif /* _ERRNO_H */
