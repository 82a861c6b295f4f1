/*
 * file.h -- private: what a FILE is. A descriptor, a buffer and how it is flushed (output:
 * stdout, stderr) or refilled (input: stdin, input.c).
 */
#ifndef _LIBC_STDIO_FILE_H
#define _LIBC_STDIO_FILE_H

#include <stddef.h>
#include <stdio.h>

/* BUF_UNSET: decided at the first use: line buffered on a terminal, else fully (stdout). */
enum buffering { BUF_NONE, BUF_LINE, BUF_FULL, BUF_UNSET };

struct __libc_file {
    int fd;
    enum buffering mode;
    int error;              /* a write failed: the stream's later output still tries */
    size_t used;            /* output: bytes waiting; input: bytes in buf */
    char buf[BUFSIZ];
    size_t rpos;            /* input: the next byte of buf to hand out */
    int eof;                /* input: read() said end of file */
};

/* Resolves BUF_UNSET (asks isatty once). */
void __libc_file_mode(FILE *f);

/* Adds n bytes (c repeated when s is NULL) to f, writing out as its mode says.
   0, or EOF if a write failed. */
int __libc_fput(FILE *f, const char *s, char c, size_t n);

#endif
