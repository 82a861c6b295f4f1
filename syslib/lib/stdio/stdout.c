/*
 * stdout.c -- standard output: a line buffer in front of sys_diag().
 *
 * The buffer goes to sys_diag() when a newline enters it (the newline included), when it
 * is full, and on fflush(). Everything that writes to standard output comes through here.
 */
#include <minix/syslib.h>
#include <stdio.h>
#include "stdout.h"

#define STDOUT_BUFFER_SIZE 256

static char buffer[STDOUT_BUFFER_SIZE];
static size_t used;

static int flush(void)
{
    int r = 0;

    if (used > 0) {
        r = sys_diag(buffer, used);
        used = 0;
    }
    return r < 0 ? r : 0;
}

static int put_byte(char c)
{
    buffer[used++] = c;
    if (c == '\n' || used == sizeof buffer)
        return flush();
    return 0;
}

int __syslib_stdout_write(const char *s, size_t n)
{
    int err = 0;

    while (n-- > 0) {
        int r = put_byte(*s++);

        if (r < 0)
            err = r;
    }
    return err;
}

int __syslib_stdout_fill(char c, size_t n)
{
    int err = 0;

    while (n-- > 0) {
        int r = put_byte(c);

        if (r < 0)
            err = r;
    }
    return err;
}

int fflush(void *stream)
{
    (void)stream;
    return flush() < 0 ? EOF : 0;
}
