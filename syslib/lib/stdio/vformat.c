/*
 * vformat.c -- the printf engine (see format.h and <stdio.h>).
 *
 * Integers are converted by the widest type (uintmax_t); decimal digits of values that fit
 * in 32 bits use 32-bit division, which is one instruction on i386, and only larger ones
 * divide in 64 bits (__udivmoddi4 on i386).
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include "format.h"

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t), "%zd reads a ptrdiff_t");

enum {
    F_MINUS = 1,    /* left-justify */
    F_PLUS  = 2,    /* '+' on non-negative signed numbers */
    F_SPACE = 4,    /* ' ' on non-negative signed numbers (unless F_PLUS) */
    F_HASH  = 8,    /* alternative form: 0 before octal, 0x before hex */
    F_ZERO  = 16,   /* pad integers with zeros */
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct spec {
    unsigned flags;
    int width;              /* >= 0 */
    int prec;               /* -1: none given */
    enum length length;
};

/* The output side: counts, stops at INT_MAX. */
struct out {
    struct fmt_sink *sink;
    size_t total;
    int overflow;
};

/* Counts n more output bytes; false (and overflow set) when the total would pass INT_MAX. */
static int reserve(struct out *o, size_t n)
{
    if (n == 0 || o->overflow)
        return 0;
    if (n > (size_t)INT_MAX - o->total) {
        o->overflow = 1;
        return 0;
    }
    o->total += n;
    return 1;
}

static void emit(struct out *o, const char *s, size_t n)
{
    if (reserve(o, n))
        o->sink->put(o->sink, s, n);
}

static void fill(struct out *o, char c, size_t n)
{
    if (reserve(o, n))
        o->sink->fill(o->sink, c, n);
}

/* Decimal digits at *pp; -1 if the number exceeds INT_MAX. */
static int parse_number(const char **pp)
{
    const char *p = *pp;
    int v = 0, over = 0;

    for (; *p >= '0' && *p <= '9'; p++) {
        int d = *p - '0';

        if (v > (INT_MAX - d) / 10)
            over = 1;
        else
            v = v * 10 + d;
    }
    *pp = p;
    return over ? -1 : v;
}

static intmax_t get_signed(va_list *ap, enum length length)
{
    switch (length) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H:  return (short)va_arg(*ap, int);
    case LEN_L:  return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_Z:  return va_arg(*ap, ptrdiff_t);     /* the signed type of size_t's width */
    case LEN_T:  return va_arg(*ap, ptrdiff_t);
    case LEN_J:  return va_arg(*ap, intmax_t);
    default:     return va_arg(*ap, int);
    }
}

static uintmax_t get_unsigned(va_list *ap, enum length length)
{
    switch (length) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_H:  return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_L:  return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_Z:  return va_arg(*ap, size_t);
    case LEN_T:  return (size_t)va_arg(*ap, ptrdiff_t);
    case LEN_J:  return va_arg(*ap, uintmax_t);
    default:     return va_arg(*ap, unsigned int);
    }
}

/* Writes the digits of v (at least one) backwards ending at end; returns their count. */
static size_t to_digits(char *end, uintmax_t v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;

    if (base == 16) {
        do {
            *--p = digits[v & 15];
            v >>= 4;
        } while (v != 0);
    } else if (base == 8) {
        do {
            *--p = digits[v & 7];
            v >>= 3;
        } while (v != 0);
    } else {
        uint32_t w;

        while (v > UINT32_MAX) {
            *--p = digits[v % 10];
            v /= 10;
        }
        w = (uint32_t)v;
        do {
            *--p = digits[w % 10];
            w /= 10;
        } while (w != 0);
    }
    return (size_t)(end - p);
}

/* sign: 0 or the character to put first; prefix: NULL, "0x" or "0X". */
static void put_integer(struct out *o, const struct spec *sp, uintmax_t v, unsigned base,
                        int upper, char sign, const char *prefix)
{
    char buf[sizeof(uintmax_t) * 3];   /* 64 bits: 22 octal digits */
    char *end = buf + sizeof buf;
    size_t ndigits = 0, zeros = 0, len, pad = 0;
    size_t nprefix = prefix != NULL ? 2 : 0;
    int zero_pad = (sp->flags & (F_ZERO | F_MINUS)) == F_ZERO && sp->prec < 0;

    /* Precision 0 and value 0: no digits at all. */
    if (!(v == 0 && sp->prec == 0))
        ndigits = to_digits(end, v, base, upper);
    if (sp->prec > 0 && (size_t)sp->prec > ndigits)
        zeros = (size_t)sp->prec - ndigits;
    /* Octal alternative form: the first digit must be a 0. */
    if (base == 8 && (sp->flags & F_HASH) && zeros == 0 && (ndigits == 0 || *(end - ndigits) != '0'))
        zeros = 1;

    len = (sign != 0) + nprefix + zeros + ndigits;
    if ((size_t)sp->width > len)
        pad = (size_t)sp->width - len;
    if (!(sp->flags & F_MINUS) && !zero_pad)
        fill(o, ' ', pad);
    if (sign != 0)
        emit(o, &sign, 1);
    emit(o, prefix, nprefix);
    if (zero_pad)
        fill(o, '0', pad);
    fill(o, '0', zeros);
    emit(o, end - ndigits, ndigits);
    if (sp->flags & F_MINUS)
        fill(o, ' ', pad);
}

static void put_padded(struct out *o, const struct spec *sp, const char *s, size_t n)
{
    size_t pad = (size_t)sp->width > n ? (size_t)sp->width - n : 0;

    if (!(sp->flags & F_MINUS))
        fill(o, ' ', pad);
    emit(o, s, n);
    if (sp->flags & F_MINUS)
        fill(o, ' ', pad);
}

int __syslib_vformat(struct fmt_sink *sink, const char *fmt, va_list ap_in)
{
    struct out o = { sink, 0, 0 };
    const char *p = fmt;
    va_list ap;

    /* A copy, so that the helpers can take its address (va_list may be an array type). */
    va_copy(ap, ap_in);
    while (*p != '\0' && !o.overflow) {
        const char *start = p;
        struct spec sp = { 0, 0, -1, LEN_NONE };
        int n;

        while (*p != '\0' && *p != '%')
            p++;
        emit(&o, start, (size_t)(p - start));
        if (*p == '\0')
            break;
        start = p++;

        for (;; p++) {
            if (*p == '-') sp.flags |= F_MINUS;
            else if (*p == '+') sp.flags |= F_PLUS;
            else if (*p == ' ') sp.flags |= F_SPACE;
            else if (*p == '#') sp.flags |= F_HASH;
            else if (*p == '0') sp.flags |= F_ZERO;
            else break;
        }

        if (*p == '*') {
            p++;
            n = va_arg(ap, int);
            if (n < 0) {
                /* A negative width is the '-' flag and a positive width. */
                sp.flags |= F_MINUS;
                n = n == INT_MIN ? -1 : -n;
            }
        } else {
            n = parse_number(&p);
        }
        if (n < 0) {
            o.overflow = 1;
            break;
        }
        sp.width = n;

        if (*p == '.') {
            p++;
            if (*p == '*') {
                p++;
                n = va_arg(ap, int);
                sp.prec = n < 0 ? -1 : n;   /* negative: as if none were given */
            } else {
                sp.prec = parse_number(&p);
                if (sp.prec < 0) {
                    o.overflow = 1;
                    break;
                }
            }
        }

        switch (*p) {
        case 'h':
            p++;
            sp.length = LEN_H;
            if (*p == 'h') {
                p++;
                sp.length = LEN_HH;
            }
            break;
        case 'l':
            p++;
            sp.length = LEN_L;
            if (*p == 'l') {
                p++;
                sp.length = LEN_LL;
            }
            break;
        case 'z': p++; sp.length = LEN_Z; break;
        case 't': p++; sp.length = LEN_T; break;
        case 'j': p++; sp.length = LEN_J; break;
        default: break;
        }

        switch (*p) {
        case 'd':
        case 'i': {
            intmax_t v = get_signed(&ap, sp.length);
            /* Negate in unsigned arithmetic: INTMAX_MIN has no positive counterpart. */
            uintmax_t mag = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
            char sign = v < 0 ? '-' : (sp.flags & F_PLUS) ? '+' : (sp.flags & F_SPACE) ? ' ' : 0;

            put_integer(&o, &sp, mag, 10, 0, sign, NULL);
            break;
        }
        case 'u':
            put_integer(&o, &sp, get_unsigned(&ap, sp.length), 10, 0, 0, NULL);
            break;
        case 'o':
            put_integer(&o, &sp, get_unsigned(&ap, sp.length), 8, 0, 0, NULL);
            break;
        case 'x':
        case 'X': {
            uintmax_t v = get_unsigned(&ap, sp.length);
            const char *prefix = NULL;

            if ((sp.flags & F_HASH) && v != 0)
                prefix = *p == 'x' ? "0x" : "0X";
            put_integer(&o, &sp, v, 16, *p == 'X', 0, prefix);
            break;
        }
        case 'p': {
            uintptr_t v = (uintptr_t)va_arg(ap, void *);

            sp.flags &= F_MINUS;
            sp.prec = -1;
            put_integer(&o, &sp, v, 16, 0, 0, "0x");
            break;
        }
        case 'c': {
            char c = (char)(unsigned char)va_arg(ap, int);

            put_padded(&o, &sp, &c, 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t len = 0;

            if (s == NULL)
                s = "(null)";
            /* With a precision, bytes past it are never read (s need not be terminated). */
            while ((sp.prec < 0 || len < (size_t)sp.prec) && s[len] != '\0')
                len++;
            put_padded(&o, &sp, s, len);
            break;
        }
        case '%':
            emit(&o, "%", 1);
            break;
        case '\0':
            /* The format ends inside a conversion: print what there is. */
            emit(&o, start, (size_t)(p - start));
            continue;
        default:
            /* Unsupported or unknown: print the conversion as written. */
            emit(&o, start, (size_t)(p + 1 - start));
            break;
        }
        p++;
    }
    va_end(ap);
    return o.overflow ? -1 : (int)o.total;
}
