/*
 * string.h -- syslib's string functions (the same sources are compiled into libc), plus
 * what user programs need beyond them.
 */
#ifndef _LIBC_STRING_H
#define _LIBC_STRING_H

#include_next <string.h>

char *strcat(char *restrict dst, const char *restrict src);
/* A fixed message for each error number ("Unknown error" for the others). */
char *strerror(int errnum);

#endif /* _LIBC_STRING_H */
