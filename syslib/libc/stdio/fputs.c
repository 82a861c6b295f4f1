/* fputs.c -- character and string output on streams. */
#include <string.h>
#include "file.h"

int fputc(int c, FILE *f)
{
    char b = (char)c;

    return __libc_fput(f, &b, 0, 1) < 0 ? EOF : (unsigned char)b;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict f)
{
    return __libc_fput(f, s, 0, strlen(s)) < 0 ? EOF : 1;
}

int puts(const char *s)
{
    int r = fputs(s, stdout);

    return fputc('\n', stdout) < 0 || r < 0 ? EOF : 1;
}
