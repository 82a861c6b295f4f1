/*
 * vfprintf.c -- the printf family on streams: syslib's format engine (lib/stdio/vformat.c,
 * compiled into libc as well) with a sink that feeds a FILE.
 */
#include "../../lib/stdio/format.h"
#include "file.h"

struct file_sink {
    struct fmt_sink base;
    FILE *f;
    int failed;
};

static void file_put(struct fmt_sink *sink, const char *s, size_t n)
{
    struct file_sink *fs = (struct file_sink *)sink;

    if (__libc_fput(fs->f, s, 0, n) < 0)
        fs->failed = 1;
}

static void file_fill(struct fmt_sink *sink, char c, size_t n)
{
    struct file_sink *fs = (struct file_sink *)sink;

    if (__libc_fput(fs->f, NULL, c, n) < 0)
        fs->failed = 1;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    struct file_sink fs = { { file_put, file_fill }, f, 0 };
    enum buffering mode;
    int n;

    __libc_file_mode(f);
    mode = f->mode;

    /* An unbuffered stream still gets each printf in one write (up to BUFSIZ bytes), so
       that its line is not cut into pieces on the console. */
    if (mode == BUF_NONE)
        f->mode = BUF_FULL;
    n = __syslib_vformat(&fs.base, fmt, ap);
    if (mode == BUF_NONE) {
        f->mode = mode;
        if (fflush(f) < 0)
            fs.failed = 1;
    }
    return fs.failed ? -1 : n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}
