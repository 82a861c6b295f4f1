/*
 * stdio.h -- formatted output on file descriptors.
 *
 * A FILE is a descriptor and a buffer. stdout (fd 1) is line buffered: its bytes go to
 * write() at each newline, when the buffer is full, on fflush() and at exit(); stderr
 * (fd 2) is unbuffered. Conversions are syslib's (see syslib/include/stdio.h: no floating
 * point). There is no input yet.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)
#define BUFSIZ 256

typedef struct __libc_file FILE;

extern FILE *const stdout;
extern FILE *const stderr;

int printf(const char *restrict fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int vprintf(const char *restrict fmt, va_list ap) __attribute__((__format__(__printf__, 1, 0)));
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
    __attribute__((__format__(__printf__, 2, 0)));
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
    __attribute__((__format__(__printf__, 3, 0)));

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);

/* Writes out what f holds; fflush(NULL) flushes every stream. 0, or EOF (errno set). */
int fflush(FILE *f);

/* "s: <strerror(errno)>" on stderr (just the message when s is NULL or empty). */
void perror(const char *s);

#endif /* _STDIO_H */
