#include <stddef.h>
#include "libgcc.h"

unsigned long long __udivdi3(unsigned long long n, unsigned long long d)
{
    return __udivmoddi4(n, d, NULL);
}
