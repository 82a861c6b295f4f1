#include <string.h>

/*
 * Standard strncpy: copies at most n characters and pads the rest of dst with NULs. It
 * does NOT terminate dst when src is n characters or longer; use strlcpy for that.
 */
char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i] != '\0'; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = '\0';
    return dst;
}
