#include <string.h>

/* Bytes compare as unsigned char, as the C standard requires. */
int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;

    for (; n > 0; n--, p++, q++) {
        if (*p != *q)
            return *p - *q;
    }
    return 0;
}
