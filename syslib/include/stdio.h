/*
 * stdio.h -- formatted output for guest programs.
 *
 * There is one stream, standard output. It is line buffered: bytes collect in a 256-byte
 * buffer that is handed to sys_diag() at each newline, when it is full, and by fflush();
 * _exit() and panic() flush it too. The kernel prints each chunk prefixed with the
 * process's label.
 *
 * Conversions: %d %i %u %o %x %X %c %s %p %%, flags - 0 + space #, width and precision
 * (digits or *), length modifiers hh h l ll z t j, all as in C11 7.21.6.1. Ours where C
 * leaves a choice or gives no meaning:
 *   - %s with a NULL pointer prints "(null)" (cut by the precision like any string);
 *   - %p prints "0x" and at least one lowercase hex digit ("0x0" for NULL); it honours
 *     width and '-' and ignores the other flags, the precision and any length modifier;
 *   - the 0 flag pads only the integer conversions (%c, %s and %p pad with spaces);
 *   - length modifiers on %c and %s are ignored (there are no wide characters);
 *   - anything else after '%' (floating point, %n, an unknown letter, a '%' at the end) is
 *     printed as written, and no argument is consumed for it.
 * The functions return the number of characters, or a negative value if that number would
 * exceed INT_MAX (then nothing more is written) or if sys_diag() failed.
 */
#ifndef _SYSLIB_STDIO_H
#define _SYSLIB_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

/* Format to standard output. */
int printf(const char *restrict fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap) __attribute__((__format__(__printf__, 1, 0)));

/* Format into buf: at most size - 1 characters and a NUL (nothing at all when size is 0;
   buf may then be NULL). Returns the length the whole output would have had. */
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
    __attribute__((__format__(__printf__, 3, 0)));

/* Format into buf with no bound: prefer snprintf. */
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

/* Writes s and a newline. Returns a non-negative value, or EOF on failure. */
int puts(const char *s);

/* Writes (unsigned char)c. Returns that value, or EOF on failure. */
int putchar(int c);

/* Passes what standard output holds to sys_diag(). There is one stream, so the argument is
   ignored (pass NULL). Returns 0, or EOF on failure. */
int fflush(void *stream);

#endif /* _SYSLIB_STDIO_H */
