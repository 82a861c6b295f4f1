#include <string.h>

/* Compares at most n characters, stopping early at a difference or a NUL. */
int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;

    for (; n > 0; n--, p++, q++) {
        if (*p != *q)
            return *p - *q;
        if (*p == '\0')
            return 0;
    }
    return 0;
}
