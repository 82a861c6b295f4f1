/*
 * file.c -- the streams: stdin (fd 0, input.c reads it), stdout (fd 1: line buffered on a
 * terminal, fully buffered otherwise -- a pipe or a file gets big writes), stderr (fd 2,
 * unbuffered), and the buffer logic every output function goes through. exit() flushes
 * (fflush(NULL)).
 */
#include <errno.h>
#include <unistd.h>
#include "file.h"

static struct __libc_file in = { 0, BUF_LINE, 0, 0, { 0 }, 0, 0 };
static struct __libc_file out = { 1, BUF_UNSET, 0, 0, { 0 }, 0, 0 };
static struct __libc_file err = { 2, BUF_NONE, 0, 0, { 0 }, 0, 0 };

FILE *const stdin = &in;
FILE *const stdout = &out;
FILE *const stderr = &err;

void __libc_file_mode(FILE *f)
{
    if (f->mode == BUF_UNSET)
        f->mode = isatty(f->fd) ? BUF_LINE : BUF_FULL;
}

/* Writes the n bytes at s to f's descriptor, all of them (write may take fewer). */
static int write_all(FILE *f, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(f->fd, s, n);

        if (w <= 0) {
            f->error = 1;
            return EOF;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

int fflush(FILE *f)
{
    int r;

    if (f == NULL) {
        int a = fflush(stdout), b = fflush(stderr);
        return a < 0 || b < 0 ? EOF : 0;
    }
    if (f == stdin)
        return 0;                   /* nothing to write; unread input stays */
    r = write_all(f, f->buf, f->used);
    f->used = 0;                    /* on failure the bytes are dropped, not retried */
    return r;
}

int __libc_fput(FILE *f, const char *s, char c, size_t n)
{
    int r = 0;

    __libc_file_mode(f);
    if (f->mode == BUF_NONE) {
        /* Unbuffered: still one write per call, so that a line is not split. */
        while (n > 0) {
            size_t k = n < BUFSIZ ? n : BUFSIZ;

            for (size_t i = 0; i < k; i++)
                f->buf[i] = s != NULL ? s[i] : c;
            if (write_all(f, f->buf, k) < 0)
                r = EOF;
            if (s != NULL)
                s += k;
            n -= k;
        }
        return r;
    }
    while (n-- > 0) {
        char b = s != NULL ? *s++ : c;

        f->buf[f->used++] = b;
        if (f->used == BUFSIZ || (b == '\n' && f->mode == BUF_LINE)) {
            if (fflush(f) < 0)
                r = EOF;
        }
    }
    return r;
}
