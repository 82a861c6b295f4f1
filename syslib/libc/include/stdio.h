/*
 * stdio.h -- formatted output on file descriptors.
 *
 * A FILE is a descriptor and a buffer. stdout (fd 1) is line buffered on a terminal (its
 * bytes go to write() at each newline), fully buffered otherwise; either way also when the
 * buffer is full, on fflush() and at exit(); stderr (fd 2) is unbuffered; stdin (fd 0) is
 * read with read(). Conversions are syslib's (see syslib/include/stdio.h: no floating
 * point).
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)
#define BUFSIZ 256

typedef struct __libc_file FILE;

extern FILE *const stdin;
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

/* Input (input.c): a stream is refilled by one read() of up to BUFSIZ bytes; reading
   stdin flushes stdout first. EOF at end of file or on an error (feof/ferror tell which). */
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *restrict s, int size, FILE *restrict f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);

/* "s: <strerror(errno)>" on stderr (just the message when s is NULL or empty). */
void perror(const char *s);

#endif /* _STDIO_H */
