#include <limits.h>
#include <stdlib.h>
#include "strtox.h"

long strtol(const char *restrict s, char **restrict endptr, int base)
{
    struct strtox r;

    __syslib_strtox(s, endptr, base, &r);
    if (r.negative) {
        /* The magnitude of LONG_MIN is LONG_MAX + 1. */
        if (r.overflow || r.magnitude >= (unsigned long)LONG_MAX + 1)
            return LONG_MIN;
        return -(long)r.magnitude;
    }
    if (r.overflow || r.magnitude > (unsigned long)LONG_MAX)
        return LONG_MAX;
    return (long)r.magnitude;
}
