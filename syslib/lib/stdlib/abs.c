#include <stdlib.h>

int abs(int v)
{
    /* In unsigned arithmetic, so that INT_MIN wraps to itself instead of overflowing;
       the conversion back is gcc's documented modulo behaviour. */
    return v < 0 ? (int)(0u - (unsigned)v) : v;
}
