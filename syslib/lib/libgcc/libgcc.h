/*
 * libgcc.h -- private: the 64-bit division helpers that gcc calls on i386.
 *
 * gcc has no i386 instruction for a 64-bit divide, so for `/` and `%` on (unsigned) long
 * long it emits calls to these libgcc functions; the guest is linked without libgcc, so
 * syslib provides its own, with libgcc's names and signatures. Programs never call them by
 * name. rem may be NULL.
 *
 * Semantics are those of the C operators (quotient truncated toward zero, remainder with
 * the dividend's sign), plus the two cases C leaves undefined:
 *   - division by zero executes a real divl by zero, so the CPU raises #DE exactly as a
 *     32-bit division by zero would (the kernel sees a divide error, not garbage);
 *   - INT64_MIN / -1 wraps to INT64_MIN with remainder 0 (what libgcc does; a native
 *     64-bit idiv would raise #DE instead).
 */
#ifndef _SYSLIB_LIBGCC_H
#define _SYSLIB_LIBGCC_H

unsigned long long __udivmoddi4(unsigned long long n, unsigned long long d,
                                unsigned long long *rem);
unsigned long long __udivdi3(unsigned long long n, unsigned long long d);
unsigned long long __umoddi3(unsigned long long n, unsigned long long d);
long long __divmoddi4(long long n, long long d, long long *rem);
long long __divdi3(long long n, long long d);
long long __moddi3(long long n, long long d);

#endif
