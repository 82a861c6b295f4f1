/*
 * file.h -- private: what a FILE is. A descriptor, a buffer and how it is flushed.
 * Output only (there is no input yet).
 */
#ifndef _LIBC_STDIO_FILE_H
#define _LIBC_STDIO_FILE_H

#include <stddef.h>
#include <stdio.h>

enum buffering { BUF_NONE, BUF_LINE, BUF_FULL };

struct __libc_file {
    int fd;
    enum buffering mode;
    int error;              /* a write failed: the stream's later output still tries */
    size_t used;
    char buf[BUFSIZ];
};

/* Adds n bytes (c repeated when s is NULL) to f, writing out as its mode says.
   0, or EOF if a write failed. */
int __libc_fput(FILE *f, const char *s, char c, size_t n);

#endif
