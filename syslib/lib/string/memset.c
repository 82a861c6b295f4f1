#include <string.h>
#include "word.h"

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char b = (unsigned char)c;

    /* Byte steps up to an aligned address, then whole words, then the tail. */
    while (n > 0 && !syslib_aligned(d)) {
        *d++ = b;
        n--;
    }
    if (n >= SYSLIB_WORD_SIZE) {
        syslib_word_t w = b * (syslib_word_t)0x01010101u;
        for (; n >= SYSLIB_WORD_SIZE; n -= SYSLIB_WORD_SIZE) {
            *(syslib_word_t *)d = w;
            d += SYSLIB_WORD_SIZE;
        }
    }
    while (n--)
        *d++ = b;
    return dst;
}
