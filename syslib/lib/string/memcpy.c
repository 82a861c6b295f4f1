#include <string.h>
#include "word.h"

/* Regions must not overlap (that is memmove's job). */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    /* Words only when both sides are aligned: i386 tolerates unaligned access, but
       it is slower on real hardware and gains nothing in the emulator. */
    if (syslib_aligned(d) && syslib_aligned(s)) {
        for (; n >= SYSLIB_WORD_SIZE; n -= SYSLIB_WORD_SIZE) {
            *(syslib_word_t *)d = *(const syslib_word_t *)s;
            d += SYSLIB_WORD_SIZE;
            s += SYSLIB_WORD_SIZE;
        }
    }
    while (n--)
        *d++ = *s++;
    return dst;
}
