#include <string.h>

/*
 * BSD strlcpy: copies up to size - 1 characters and always terminates dst when
 * size > 0. Returns strlen(src), so truncation is (return value >= size).
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
