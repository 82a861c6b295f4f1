/*
 * stdlib_test.c -- host test of syslib's malloc family, strtol/strtoul/atoi/abs and abort.
 *
 * Built natively with the library's functions renamed host_<name> (see the Makefile).
 *   - malloc/calloc/realloc/free under a seeded random sequence: contents survive, blocks
 *     are 8-byte aligned and never overlap, the heap's own consistency check holds
 *     throughout, and freeing everything gives the whole arena back as one block;
 *   - the corner cases: malloc(0), calloc overflow, realloc in place and moving, failure
 *     leaving the old block intact; bad pointers, double frees and overwritten headers
 *     end in panic (which the test catches);
 *   - strtol and strtoul against the host C library (glibc) on hand-picked and generated
 *     strings in several bases, comparing values and end pointers.
 */
#include <limits.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <minix/syslib.h>   /* the host stand-in: panic */
#include <stdlib.h>         /* ours, renamed */
#include <string.h>         /* ours, renamed */
#include "check.h"
#include "../lib/stdlib/heap.h"

/* --- panic, caught ---------------------------------------------------------------- */

static jmp_buf panic_jmp;
static int panic_armed;
static char panic_text[256];

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    ref_vsnprintf(panic_text, sizeof panic_text, fmt, ap);
    va_end(ap);
    if (!panic_armed)
        check_abort(panic_text);
    panic_armed = 0;
    longjmp(panic_jmp, 1);
}

/* Runs stmt, which must panic with a message containing want. */
#define EXPECT_PANIC(stmt, want)                                                        \
    do {                                                                                \
        panic_text[0] = '\0';                                                           \
        panic_armed = 1;                                                                \
        if (setjmp(panic_jmp) == 0) {                                                   \
            stmt;                                                                       \
            panic_armed = 0;                                                            \
            CHECK_MSG(0, "%s did not panic", #stmt);                                    \
        } else {                                                                        \
            CHECK_MSG(contains(panic_text, want), "%s: panic \"%s\", want \"%s\"",      \
                      #stmt, panic_text, want);                                         \
        }                                                                               \
    } while (0)

static int contains(const char *s, const char *part)
{
    size_t n = strlen(part);

    for (; *s != '\0'; s++)
        if (strncmp(s, part, n) == 0)
            return 1;
    return n == 0;
}

/* --- heap ------------------------------------------------------------------------- */

static uint64_t rng = 0x0DDBA11CAFEF00DDull;

static int heap_ok(struct heap_stats *st)
{
    struct heap_stats dummy;

    return __syslib_heap_check(st != NULL ? st : &dummy) == 0;
}

/* The pattern a block holds: a function of its seed and the byte index. */
static unsigned char pattern(uint32_t seed, size_t i)
{
    return (unsigned char)(seed * 31u + i * 7u + (i >> 8));
}

static void fill(unsigned char *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = pattern(seed, i);
}

static int intact(const unsigned char *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != pattern(seed, i))
            return 0;
    return 1;
}

static size_t random_size(void)
{
    uint64_t r = check_rand(&rng);

    switch (r % 100) {
    case 0: return (size_t)(r >> 8) % 40000;                    /* big: often fails */
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9:
        return 1025 + (size_t)(r >> 8) % 7000;
    default:
        return (r % 100) < 60 ? (size_t)(r >> 8) % 65 : 65 + (size_t)(r >> 8) % 960;
    }
}

#define SLOTS 97

struct slot {
    unsigned char *p;
    size_t n;
    uint32_t seed;
};

/* Blocks sorted by address must not overlap. */
static int no_overlaps(const struct slot *slots)
{
    uintptr_t lo[SLOTS], hi[SLOTS];
    size_t count = 0;

    for (size_t i = 0; i < SLOTS; i++) {
        if (slots[i].p == NULL)
            continue;
        size_t j = count++;
        /* insertion sort */
        while (j > 0 && lo[j - 1] > (uintptr_t)slots[i].p) {
            lo[j] = lo[j - 1];
            hi[j] = hi[j - 1];
            j--;
        }
        lo[j] = (uintptr_t)slots[i].p;
        /* a block of 0 bytes still owns its address */
        hi[j] = lo[j] + (slots[i].n > 0 ? slots[i].n : 1);
    }
    for (size_t i = 1; i < count; i++)
        if (hi[i - 1] > lo[i])
            return 0;
    return 1;
}

static void test_stress(void)
{
    static struct slot slots[SLOTS];
    struct heap_stats st;
    size_t live = 0, allocs = 0, failures = 0, reallocs = 0, moved = 0;
    int ok_content = 1, ok_align = 1, ok_heap = 1, ok_overlap = 1, ok_count = 1, ok_zero = 1;
    uint32_t serial = 1;

    for (int iter = 0; iter < 60000; iter++) {
        uint64_t r = check_rand(&rng);
        struct slot *s = &slots[r % SLOTS];
        unsigned op = (unsigned)(r >> 16) % 8;

        if (s->p == NULL) {
            size_t n = random_size();
            unsigned char *p;

            if (op == 0) {
                p = calloc(n, 1);
                if (p != NULL)
                    for (size_t i = 0; i < n; i++)
                        ok_zero &= p[i] == 0;
            } else {
                p = malloc(n);
            }
            allocs++;
            if (p == NULL) {
                failures++;
                continue;
            }
            ok_align &= ((uintptr_t)p % 8) == 0;
            s->p = p;
            s->n = n;
            s->seed = serial++;
            fill(p, n, s->seed);
            live++;
        } else if (op < 4) {
            ok_content &= intact(s->p, s->n, s->seed);
            free(s->p);
            s->p = NULL;
            live--;
        } else {
            size_t n = random_size();
            unsigned char *p;

            ok_content &= intact(s->p, s->n, s->seed);
            p = realloc(s->p, n);
            reallocs++;
            if (p == NULL) {
                /* failure leaves the old block as it was */
                failures++;
                ok_content &= intact(s->p, s->n, s->seed);
                continue;
            }
            ok_align &= ((uintptr_t)p % 8) == 0;
            moved += p != s->p;
            ok_content &= intact(p, s->n < n ? s->n : n, s->seed);
            s->p = p;
            s->n = n;
            s->seed = serial++;
            fill(p, n, s->seed);
        }
        if (iter % 16 == 0) {
            ok_heap &= heap_ok(&st);
            ok_count &= st.used_blocks == live;
            ok_overlap &= no_overlaps(slots);
        }
    }
    CHECK(ok_content);
    CHECK(ok_align);
    CHECK(ok_heap);
    CHECK(ok_overlap);
    CHECK(ok_count);
    CHECK(ok_zero);
    /* the sequence must really have exercised both outcomes */
    CHECK_MSG(allocs > 20000 && failures > 100 && failures < allocs / 4 && reallocs > 10000
              && moved > 1000, "allocs %zu failures %zu reallocs %zu moved %zu",
              allocs, failures, reallocs, moved);

    /* Free everything in random order: all of it merges back into one block. */
    for (size_t left = live; left > 0; left--) {
        size_t k = (size_t)(check_rand(&rng) % SLOTS);

        while (slots[k].p == NULL)
            k = (k + 1) % SLOTS;
        ok_content &= intact(slots[k].p, slots[k].n, slots[k].seed);
        free(slots[k].p);
        slots[k].p = NULL;
    }
    CHECK(ok_content);
    CHECK(heap_ok(&st) && st.used_blocks == 0 && st.free_blocks == 1
          && st.free_bytes == SYSLIB_HEAP_SIZE && st.largest_free == SYSLIB_HEAP_MAX_REQUEST);
}

/* Adjacent blocks freed in every order of three end up as one free block again. */
static void test_coalescing(void)
{
    static const int orders[6][3] = {
        { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
    };
    struct heap_stats st;
    int ok = 1;

    for (int o = 0; o < 6; o++) {
        void *p[3];
        void *whole;

        for (int i = 0; i < 3; i++)
            p[i] = malloc(100 + 50 * (size_t)i);
        for (int i = 0; i < 3; i++) {
            free(p[orders[o][i]]);
            ok &= heap_ok(&st);
        }
        ok &= st.free_blocks == 1 && st.used_blocks == 0;
        whole = malloc(SYSLIB_HEAP_MAX_REQUEST);
        ok &= whole != NULL;
        free(whole);
    }
    CHECK(ok);
    CHECK(malloc(SYSLIB_HEAP_MAX_REQUEST + 1) == NULL);
}

static void test_corners(void)
{
    struct heap_stats st;
    unsigned char *a, *b, *c;
    void *z1, *z2;

    /* malloc(0): a unique pointer, never NULL */
    z1 = malloc(0);
    z2 = malloc(0);
    CHECK(z1 != NULL && z2 != NULL && z1 != z2);
    free(z1);
    free(z2);

    CHECK(malloc(SIZE_MAX) == NULL);
    CHECK(malloc(SIZE_MAX - 3) == NULL);                /* n + header must not wrap */
    CHECK(malloc(SYSLIB_HEAP_SIZE) == NULL);

    /* calloc: overflow of n * size is NULL, not a short block */
    CHECK(calloc(SIZE_MAX / 2 + 1, 2) == NULL);
    CHECK(calloc(SIZE_MAX, SIZE_MAX) == NULL);
    CHECK(calloc((size_t)1 << 32, (size_t)1 << 32) == NULL);
    CHECK(calloc(2, SIZE_MAX / 2 + 1) == NULL);
    z1 = calloc(0, 16);
    CHECK(z1 != NULL);
    free(z1);
    a = malloc(200);
    memset(a, 0xFF, 200);
    free(a);
    b = calloc(50, 4);                                  /* likely the same block again */
    int zero = b != NULL;
    for (int i = 0; zero && i < 200; i++)
        zero = b[i] == 0;
    CHECK(zero);
    free(b);

    /* realloc(NULL, n) is malloc; growing into a free neighbour keeps the address;
       shrinking keeps it too; moving keeps the contents */
    a = realloc(NULL, 40);
    CHECK(a != NULL);
    fill(a, 40, 1);
    b = malloc(40);
    c = malloc(40);
    free(b);
    CHECK(realloc(a, 80) == a && intact(a, 40, 1));     /* b's space was free */
    CHECK(realloc(a, 8) == a && intact(a, 8, 1));
    CHECK(heap_ok(&st));
    fill(a, 8, 2);
    b = realloc(a, 4000);                               /* c is in the way: moves */
    CHECK(b != NULL && b != a && intact(b, 8, 2));
    fill(b, 4000, 3);
    CHECK(realloc(b, SYSLIB_HEAP_SIZE) == NULL);        /* fails ... */
    CHECK(intact(b, 4000, 3));                          /* ... and b is untouched */
    z1 = realloc(b, 0);                                 /* keeps b, minimum size */
    CHECK(z1 == b);
    free(z1);
    free(c);
    CHECK(heap_ok(&st) && st.used_blocks == 0 && st.free_blocks == 1);
}

static void test_bad_pointers(void)
{
    int local;
    unsigned char *a = malloc(64), *b = malloc(64), *c = malloc(64);
    unsigned char saved[SYSLIB_HEAP_HEADER];

    free(b);
    EXPECT_PANIC(free(b), "already freed");
    free(a);                                            /* b merges into a */
    EXPECT_PANIC(free(b), "not an allocated block");
    EXPECT_PANIC(free(&local), "not a pointer from malloc");
    EXPECT_PANIC(free(c + 1), "not a pointer from malloc");
    EXPECT_PANIC(free(c + 8), "not an allocated block");
    EXPECT_PANIC(realloc(b, 10), "not an allocated block");
    EXPECT_PANIC(realloc(c + 3, 10), "not a pointer from malloc");

    /* an overwritten header (an underflow of the block below, say) */
    memcpy(saved, c - SYSLIB_HEAP_HEADER, sizeof saved);
    c[-12] ^= 0x40;                                     /* the size field */
    EXPECT_PANIC(free(c), "heap corrupted");
    memcpy(c - SYSLIB_HEAP_HEADER, saved, sizeof saved);
    free(c);
    CHECK(heap_ok(NULL));

    EXPECT_PANIC(abort(), "abort");
}

/* --- numbers ---------------------------------------------------------------------- */

static int same_strtol(const char *s, int base)
{
    char *e1 = NULL, *e2 = NULL;
    long v1 = strtol(s, &e1, base);
    long v2 = ref_strtol(s, &e2, base);

    if (v1 == v2 && e1 == e2)
        return 1;
    check_print("strtol(\"%s\", %d): ours %ld end +%td, glibc %ld end +%td\n", s, base, v1,
                e1 - s, v2, e2 - s);
    return 0;
}

static int same_strtoul(const char *s, int base)
{
    char *e1 = NULL, *e2 = NULL;
    unsigned long v1 = strtoul(s, &e1, base);
    unsigned long v2 = ref_strtoul(s, &e2, base);

    if (v1 == v2 && e1 == e2)
        return 1;
    check_print("strtoul(\"%s\", %d): ours %lu end +%td, glibc %lu end +%td\n", s, base, v1,
                e1 - s, v2, e2 - s);
    return 0;
}

static void test_strtol(void)
{
    static const char *const cases[] = {
        "", " ", "+", "-", "0", "-0", "+0", "00", "1", "-1", "42abc", "  \t\n\v\f\r-17x",
        "0x", "0X", "0x1f", "0XFF", "-0x10", "0xg", "0x 1", "0b101", "077", "078", "08",
        "09", "z", "Z", "zz", "-zz", "1e5", "12 34", "+-1", "-+1", "- 1", " +0x7fffffff",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295",
        "4294967296", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
        "18446744073709551616", "-18446744073709551615", "-18446744073709551616",
        "99999999999999999999999999999", "-99999999999999999999999999999",
        "0x7fffffffffffffff", "0x8000000000000000", "0xffffffffffffffff",
        "0x10000000000000000", "01777777777777777777777", "02000000000000000000000",
        "1111111111111111111111111111111111111111111111111111111111111111",
        "10000000000000000000000000000000000000000000000000000000000000000",
        "3w5e11264sgsf", "3w5e11264sgsg", "-3w5e11264sgsg", "\x80" "1", "1\x80",
    };
    static const int bases[] = { 0, 2, 8, 10, 16, 36, 3, 7, 35 };
    static const char alphabet[] = " \t+-0123456789abcdefxXzZ";
    int ok_l = 1, ok_ul = 1;
    char buf[32], *end;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            ok_l &= same_strtol(cases[i], bases[b]);
            ok_ul &= same_strtoul(cases[i], bases[b]);
        }
    for (int iter = 0; iter < 20000; iter++) {
        uint64_t r = check_rand(&rng);
        size_t n = (size_t)(r % 24);
        int base = bases[(r >> 8) % (sizeof bases / sizeof bases[0])];

        for (size_t i = 0; i < n; i++)
            buf[i] = alphabet[check_rand(&rng) % (sizeof alphabet - 1)];
        buf[n] = '\0';
        ok_l &= same_strtol(buf, base);
        ok_ul &= same_strtoul(buf, base);
    }
    CHECK(ok_l);
    CHECK(ok_ul);

    /* invalid bases: 0 and no conversion (glibc agrees on the value) */
    static const int bad_bases[] = { -1, 1, 37, 100, INT_MIN };
    for (size_t b = 0; b < sizeof bad_bases / sizeof bad_bases[0]; b++) {
        const char *s = "  123";

        end = NULL;
        CHECK(strtol(s, &end, bad_bases[b]) == 0 && end == s);
        end = NULL;
        CHECK(strtoul(s, &end, bad_bases[b]) == 0 && end == s);
    }
    CHECK(strtol("12", NULL, 10) == 12);                /* endptr may be NULL */

    CHECK(atoi("  -123xyz") == -123);
    CHECK(atoi("2147483647") == INT_MAX);
    CHECK(atoi("-2147483648") == INT_MIN);
    CHECK(atoi("") == 0);
    CHECK(abs(-5) == 5 && abs(5) == 5 && abs(0) == 0);
    CHECK(abs(INT_MIN + 1) == INT_MAX);
    CHECK(abs(INT_MIN) == INT_MIN);                     /* documented wrap */
}

int main(void)
{
    test_corners();
    test_coalescing();
    test_stress();
    test_bad_pointers();
    test_strtol();
    return check_summary("stdlib_test");
}
