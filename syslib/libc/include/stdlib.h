/*
 * stdlib.h -- user programs' allocation (on brk), exit, number parsing, qsort.
 *
 * malloc: 8-byte aligned blocks from a heap that grows with sbrk() up to the process's
 * heap limit; NULL with errno ENOMEM when the break cannot grow. malloc(0) returns a
 * unique minimum-size block. free() of a pointer malloc did not return, or of one already
 * freed, prints a message and abort()s.
 */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void  free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);

/* Runs the atexit handlers (last registered first), flushes stdio, then _exit(). */
_Noreturn void exit(int status);
/* Up to 32 handlers; -1 when full. */
int atexit(void (*fn)(void));
/* Raises SIGABRT; if that returns (caught or ignored), the process ends by SIGABRT anyway. */
_Noreturn void abort(void);

int atoi(const char *s);
long strtol(const char *restrict s, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict s, char **restrict endptr, int base);
int abs(int v);

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* The value of variable name in the environment, or NULL. */
char *getenv(const char *name);

#endif /* _STDLIB_H */
