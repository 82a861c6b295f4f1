#include <stdio.h>
#include <string.h>
#include "format.h"

/* Keeps the first size - 1 bytes; counts the rest without storing it. */
struct buf_sink {
    struct fmt_sink base;
    char *buf;
    size_t room;    /* bytes that may still be stored (the NUL's byte excluded) */
    size_t pos;
};

static void buf_put(struct fmt_sink *sink, const char *s, size_t n)
{
    struct buf_sink *b = (struct buf_sink *)sink;

    if (n > b->room)
        n = b->room;
    if (n == 0)
        return;
    memcpy(b->buf + b->pos, s, n);
    b->pos += n;
    b->room -= n;
}

static void buf_fill(struct fmt_sink *sink, char c, size_t n)
{
    struct buf_sink *b = (struct buf_sink *)sink;

    if (n > b->room)
        n = b->room;
    if (n == 0)
        return;
    memset(b->buf + b->pos, (unsigned char)c, n);
    b->pos += n;
    b->room -= n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
    struct buf_sink b = { { buf_put, buf_fill }, buf, size > 0 ? size - 1 : 0, 0 };
    int n = __syslib_vformat(&b.base, fmt, ap);

    if (size > 0)
        buf[b.pos] = '\0';
    return n;
}
