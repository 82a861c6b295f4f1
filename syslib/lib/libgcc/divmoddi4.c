#include <stddef.h>
#include "libgcc.h"

/* On magnitudes, in unsigned arithmetic (no overflow for INT64_MIN); the signs are put
   back afterwards. The conversions of the results back to long long wrap (gcc's
   documented behaviour), which makes INT64_MIN / -1 come out as INT64_MIN. */
long long __divmoddi4(long long n, long long d, long long *rem)
{
    unsigned long long un = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    unsigned long long ud = d < 0 ? 0ull - (unsigned long long)d : (unsigned long long)d;
    unsigned long long r, q = __udivmoddi4(un, ud, &r);

    if ((n < 0) != (d < 0))
        q = 0ull - q;
    if (n < 0)
        r = 0ull - r;
    if (rem != NULL)
        *rem = (long long)r;
    return (long long)q;
}
