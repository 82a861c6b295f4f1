#include <limits.h>
#include <stdlib.h>
#include "strtox.h"

unsigned long strtoul(const char *restrict s, char **restrict endptr, int base)
{
    struct strtox r;

    __syslib_strtox(s, endptr, base, &r);
    if (r.overflow)
        return ULONG_MAX;
    /* C: a '-' negates the value in the unsigned type. */
    return r.negative ? 0ul - r.magnitude : r.magnitude;
}
