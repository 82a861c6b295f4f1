#include "libgcc.h"

long long __moddi3(long long n, long long d)
{
    long long r;

    __divmoddi4(n, d, &r);
    return r;
}
