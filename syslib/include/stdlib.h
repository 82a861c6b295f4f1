/*
 * stdlib.h -- memory allocation, number parsing and abort for guest programs.
 *
 * The heap is a fixed arena in .bss (size: SYSLIB_HEAP_SIZE in lib/stdlib/heap.h) until the
 * VM server provides brk. Blocks are 8-byte aligned. malloc(0) returns a unique pointer
 * (a minimum-size block), never NULL, and realloc(p, 0) keeps p, shrunk to the minimum
 * size: neither frees. free() and realloc() check the block header; a pointer that malloc
 * did not return, or one already freed, ends the process through panic().
 * There is no errno: strtol and strtoul report overflow only through their clamped values.
 */
#ifndef _SYSLIB_STDLIB_H
#define _SYSLIB_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void  free(void *p);
/* NULL if n * size overflows. The memory is zeroed. */
void *calloc(size_t n, size_t size);
/* realloc(NULL, size) is malloc(size). On failure p is left untouched and NULL returned. */
void *realloc(void *p, size_t size);

/* Ends the process through panic(). */
_Noreturn void abort(void);

/* strtol(s, NULL, 10) converted to int. */
int atoi(const char *s);
/* C11 7.22.1.4: leading white space, an optional sign, digits in base 2..36, or base 0
   (0x/0X prefix: 16, leading 0: 8, else 10); base 16 also accepts the 0x prefix. Out of
   range values clamp to LONG_MIN/LONG_MAX (strtol) or ULONG_MAX (strtoul). *endptr (if
   endptr is not NULL) gets the first unparsed character, or s when there are no digits or
   the base is invalid (then 0 is returned). */
long strtol(const char *restrict s, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict s, char **restrict endptr, int base);

/* abs(INT_MIN) is INT_MIN (the two's complement wrap; C leaves it undefined). */
int abs(int v);

#endif /* _SYSLIB_STDLIB_H */
