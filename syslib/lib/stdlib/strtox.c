#include <limits.h>
#include <stddef.h>
#include "strtox.h"

static int is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');   /* \t \n \v \f \r */
}

/* The digit's value in bases up to 36, or 36 for anything that is no digit. */
static unsigned digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'z')
        return (unsigned)(c - 'a') + 10;
    if (c >= 'A' && c <= 'Z')
        return (unsigned)(c - 'A') + 10;
    return 36;
}

void __syslib_strtox(const char *s, char **endptr, int base, struct strtox *r)
{
    const char *p = s, *digits;
    unsigned long acc = 0, limit, last;

    r->magnitude = 0;
    r->negative = 0;
    r->overflow = 0;
    if (base < 0 || base == 1 || base > 36) {
        if (endptr != NULL)
            *endptr = (char *)s;
        return;
    }
    while (is_space(*p))
        p++;
    if (*p == '+' || *p == '-')
        r->negative = *p++ == '-';
    /* "0x" counts as a prefix only if a hex digit follows; otherwise the 0 alone is the
       number and parsing stops at the x. */
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
        && digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }

    digits = p;
    limit = ULONG_MAX / (unsigned)base;
    last = ULONG_MAX % (unsigned)base;
    for (unsigned d; (d = digit_value(*p)) < (unsigned)base; p++) {
        if (acc > limit || (acc == limit && d > last))
            r->overflow = 1;
        else
            acc = acc * (unsigned)base + d;
    }
    if (p == digits) {
        /* No digits: nothing was converted, not even the sign. */
        r->negative = 0;
        p = s;
    }
    r->magnitude = r->overflow ? ULONG_MAX : acc;
    if (endptr != NULL)
        *endptr = (char *)p;
}
