/*
 * udivmoddi4.c -- unsigned 64-bit division, the core of every helper in this folder.
 *
 * Built from the 64-by-32-bit divl instruction (quotient must fit in 32 bits, i.e. the
 * high half of the dividend must be below the divisor), never from C's 64-bit `/`, which
 * would call this function again. Three cases:
 *   - divisor below 2^32: one or two divl steps (high half first, its remainder carried
 *     into the low half), as in long division by a single digit;
 *   - divisor above dividend: quotient 0;
 *   - divisor of 33 bits or more: the quotient is below 2^32. Estimate it from the
 *     divisor's top 32 bits after normalising (shifted so that bit 63 is set), using
 *     n / 2 so that the divl cannot overflow; the estimate is at most one too large. Take
 *     one off and correct upwards once (the method is described in Hacker's Delight,
 *     section 9-5).
 */
#include <stddef.h>
#include <stdint.h>
#include "libgcc.h"

/* (hi:lo) / d, remainder to *r; requires hi < d. */
static inline uint32_t divl(uint32_t hi, uint32_t lo, uint32_t d, uint32_t *r)
{
    uint32_t q;

    __asm__("divl %4" : "=a"(q), "=d"(*r) : "a"(lo), "d"(hi), "rm"(d));
    return q;
}

/* Raises #DE the way a native division by zero does. */
static void divide_by_zero(void)
{
    uint32_t zero = 0;

    __asm__ volatile("divl %0" : : "r"(zero) : "eax", "edx");
}

unsigned long long __udivmoddi4(unsigned long long n, unsigned long long d,
                                unsigned long long *rem)
{
    uint32_t nh = (uint32_t)(n >> 32), nl = (uint32_t)n;
    uint32_t dh = (uint32_t)(d >> 32), dl = (uint32_t)d;
    uint64_t q, r;

    if (dh == 0) {
        uint32_t r32, qh = 0;

        if (dl == 0) {
            divide_by_zero();
            /* Only if the trap handler resumed us: quotient 0, remainder n. */
            if (rem != NULL)
                *rem = n;
            return 0;
        }
        if (nh >= dl)
            qh = divl(0, nh, dl, &nh);     /* nh becomes nh % dl, now below dl */
        q = (uint64_t)qh << 32 | divl(nh, nl, dl, &r32);
        r = r32;
    } else if (n < d) {
        q = 0;
        r = n;
    } else {
        int s = __builtin_clz(dh);                      /* 0..31 */
        uint32_t top = (uint32_t)((d << s) >> 32);      /* bit 31 set */
        uint32_t unused;
        /* (n / 2) >> 32 is below 2^31 <= top: the divl fits. */
        uint32_t est = divl((uint32_t)(n >> 33), (uint32_t)(n >> 1), top, &unused);

        q = est >> (31 - s);
        if (q != 0)
            q--;
        r = n - q * d;
        if (r >= d) {
            q++;
            r -= d;
        }
    }
    if (rem != NULL)
        *rem = r;
    return q;
}
