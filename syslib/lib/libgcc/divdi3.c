#include <stddef.h>
#include "libgcc.h"

long long __divdi3(long long n, long long d)
{
    return __divmoddi4(n, d, NULL);
}
