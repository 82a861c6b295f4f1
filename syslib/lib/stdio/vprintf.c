#include <stdio.h>
#include "format.h"
#include "stdout.h"

struct stdout_sink {
    struct fmt_sink base;
    int failed;
};

static void out_put(struct fmt_sink *sink, const char *s, size_t n)
{
    if (__syslib_stdout_write(s, n) < 0)
        ((struct stdout_sink *)sink)->failed = 1;
}

static void out_fill(struct fmt_sink *sink, char c, size_t n)
{
    if (__syslib_stdout_fill(c, n) < 0)
        ((struct stdout_sink *)sink)->failed = 1;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    struct stdout_sink s = { { out_put, out_fill }, 0 };
    int n = __syslib_vformat(&s.base, fmt, ap);

    return s.failed ? EOF : n;
}
