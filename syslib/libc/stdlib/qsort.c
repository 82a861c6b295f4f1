/*
 * qsort.c -- qsort(): heapsort, in place with no extra memory and O(n log n) in the worst
 * case (not stable, which C does not ask for). Elements are swapped bytewise.
 */
#include <stdlib.h>

static void swap(char *a, char *b, size_t size)
{
    while (size-- > 0) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

/* Moves element i down the heap of n elements until both children are not larger. */
static void sift_down(char *base, size_t i, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t largest = i, l = 2 * i + 1, r = l + 1;

        if (l < n && cmp(base + l * size, base + largest * size) > 0)
            largest = l;
        if (r < n && cmp(base + r * size, base + largest * size) > 0)
            largest = r;
        if (largest == i)
            return;
        swap(base + i * size, base + largest * size, size);
        i = largest;
    }
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base;

    if (n < 2 || size == 0)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp);
    }
}
