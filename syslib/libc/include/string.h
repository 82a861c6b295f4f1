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
/* The first occurrence of needle in haystack, or NULL. */
char *strstr(const char *haystack, const char *needle);
/* A copy in malloc'd memory (NULL, errno ENOMEM, when there is none). */
char *strdup(const char *s);

#endif /* _LIBC_STRING_H */
