#include <stdint.h>
#include <string.h>

/*
 * Overlap-safe copy. When the destination starts above the source and the regions
 * overlap, a forward copy would overwrite source bytes before reading them, so copy
 * backwards; otherwise forwards. Addresses are compared as integers because comparing
 * pointers into different objects is undefined in C.
 */
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((uintptr_t)d - (uintptr_t)s >= n) {
        /* d is below s, or at/after s + n: no source byte is overwritten before it
           is read. (The unsigned difference wraps when d < s.) */
        while (n--)
            *d++ = *s++;
    } else {
        d += n;
        s += n;
        while (n--)
            *--d = *--s;
    }
    return dst;
}
