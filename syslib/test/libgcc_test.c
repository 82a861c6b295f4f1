/*
 * libgcc_test.c -- host test of syslib's 64-bit division helpers (lib/libgcc).
 *
 * On x86-64, 64-bit `/` and `%` are single instructions, so they are the reference: every
 * helper (renamed host___udivdi3 etc., see the Makefile) is called directly and compared
 * with the native operators, on all pairs of an edge-value set (0, 1, -1, INT64_MIN,
 * powers of two and their neighbours, 32-bit boundaries, divisors above the dividend and
 * with high bits set) and on random pairs of random bit lengths. INT64_MIN / -1 is
 * checked against its documented result (the native instruction would trap), and
 * division by zero must raise SIGFPE (#DE) in a child process.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include "check.h"
#include "../lib/libgcc/libgcc.h"

static uint64_t edges[256];
static size_t nedges;

static void add_edge(uint64_t v)
{
    for (size_t i = 0; i < nedges; i++)
        if (edges[i] == v)
            return;
    if (nedges < sizeof edges / sizeof edges[0])
        edges[nedges++] = v;
}

static void make_edges(void)
{
    static const uint64_t fixed[] = {
        0, 1, 2, 3, 5, 7, 10, 0xFFFFFFFFull, 0x100000000ull, 0x100000001ull,
        0x7FFFFFFFull, 0x80000000ull, 0x80000001ull, 0xFFFFFFFEull,
        0x1FFFFFFFFull, 0xFFFFFFFF00000000ull, 0xFFFFFFFF00000001ull,
        0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull, 0x8000000000000001ull,
        0xFFFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFEull, 0x0123456789ABCDEFull,
        0xFEDCBA9876543210ull, 10000000000000000000ull, 1000000000000ull,
    };

    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        add_edge(fixed[i]);
    for (int k = 0; k < 64; k++) {
        uint64_t p = (uint64_t)1 << k;

        add_edge(p);
        add_edge(p - 1);
        add_edge(p + 1);
    }
}

static int failures_shown;

static int check_pair(uint64_t n, uint64_t d)
{
    uint64_t q = n / d, r = n % d;
    unsigned long long rem = 0xDEAD;
    int64_t sn = (int64_t)n, sd = (int64_t)d;
    int ok = host___udivdi3(n, d) == q
          && host___umoddi3(n, d) == r
          && host___udivmoddi4(n, d, &rem) == q && rem == r
          && host___udivmoddi4(n, d, NULL) == q;

    if (!(sn == INT64_MIN && sd == -1)) {
        int64_t sq = sn / sd, sr = sn % sd;
        long long srem = 0xDEAD;

        ok = ok && host___divdi3(sn, sd) == sq
                && host___moddi3(sn, sd) == sr
                && host___divmoddi4(sn, sd, &srem) == sq && srem == sr
                && host___divmoddi4(sn, sd, NULL) == sq;
    }
    if (!ok && failures_shown++ < 10)
        check_print("FAIL division of 0x%016llx by 0x%016llx\n", (unsigned long long)n,
                    (unsigned long long)d);
    return ok;
}

static void test_edges(void)
{
    int ok = 1;

    for (size_t i = 0; i < nedges; i++)
        for (size_t j = 0; j < nedges; j++) {
            if (edges[j] != 0)
                ok &= check_pair(edges[i], edges[j]);
            /* the same magnitudes, negated (as signed: -x) */
            if (edges[j] != 0)
                ok &= check_pair(0 - edges[i], edges[j]);
            if (edges[j] != 0)
                ok &= check_pair(edges[i], 0 - edges[j]);
        }
    CHECK(ok);
}

static void test_random(void)
{
    uint64_t rng = 0xD1D1D1D15EED5EEDull;
    int ok = 1;

    for (int iter = 0; iter < 400000; iter++) {
        uint64_t n = check_rand(&rng) >> (check_rand(&rng) % 64);
        uint64_t d = check_rand(&rng) >> (check_rand(&rng) % 64);

        if (d == 0)
            d = 1;
        ok &= check_pair(n, d);
        /* the hard case: both above 32 bits, with quotients near a power of two */
        n |= (uint64_t)1 << 63;
        d |= (uint64_t)1 << (32 + (check_rand(&rng) % 32));
        ok &= check_pair(n, d);
    }
    CHECK(ok);
}

/* INT64_MIN / -1: wraps to INT64_MIN, remainder 0 (documented in libgcc.h). */
static void test_overflow(void)
{
    long long rem = 1;

    CHECK(host___divdi3(INT64_MIN, -1) == INT64_MIN);
    CHECK(host___moddi3(INT64_MIN, -1) == 0);
    CHECK(host___divmoddi4(INT64_MIN, -1, &rem) == INT64_MIN && rem == 0);
    CHECK(host___divdi3(INT64_MIN, 1) == INT64_MIN);
    CHECK(host___divdi3(INT64_MIN, INT64_MIN) == 1);
    CHECK(host___moddi3(INT64_MIN, INT64_MAX) == -1);
}

/* volatile: the divisor must not be seen to be 0 at compile time */
static volatile uint64_t zero;

static void div_u(void)  { (void)host___udivdi3(1, zero); }
static void mod_u(void)  { (void)host___umoddi3(0xFFFFFFFFFFFFull, zero); }
static void divmod_u(void) { (void)host___udivmoddi4(5, zero, NULL); }
static void div_s(void)  { (void)host___divdi3(-7, (long long)zero); }
static void mod_s(void)  { (void)host___moddi3(INT64_MIN, (long long)zero); }
static void divmod_s(void) { (void)host___divmoddi4(INT64_MIN, (long long)zero, NULL); }

static void test_divide_by_zero(void)
{
    CHECK(check_run_signal(div_u) == check_sigfpe);
    CHECK(check_run_signal(mod_u) == check_sigfpe);
    CHECK(check_run_signal(divmod_u) == check_sigfpe);
    CHECK(check_run_signal(div_s) == check_sigfpe);
    CHECK(check_run_signal(mod_s) == check_sigfpe);
    CHECK(check_run_signal(divmod_s) == check_sigfpe);
}

int main(void)
{
    make_edges();
    test_edges();
    test_random();
    test_overflow();
    test_divide_by_zero();
    return check_summary("libgcc_test");
}
