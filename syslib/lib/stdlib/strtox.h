/*
 * strtox.h -- private: the parser that strtol, strtoul and atoi share (strtox.c).
 */
#ifndef _SYSLIB_STDLIB_STRTOX_H
#define _SYSLIB_STDLIB_STRTOX_H

struct strtox {
    unsigned long magnitude;    /* the digits' value, ULONG_MAX if it overflowed */
    int negative;               /* a '-' sign was read */
    int overflow;               /* the digits' value exceeds ULONG_MAX */
};

/* Parses s per C11 7.22.1.4 into *r; sets *endptr (if not NULL) to the first unparsed
   character, or to s when no digits were read or base is invalid. */
void __syslib_strtox(const char *s, char **endptr, int base, struct strtox *r);

#endif
