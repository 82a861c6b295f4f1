/*
 * stdio_test.c -- host test of syslib's printf family, stdout buffer, panic, _exit, assert.
 *
 * Built natively with the library's functions renamed host_<name> (see the Makefile).
 *   - vsnprintf against the host C library's (glibc) on thousands of generated
 *     (format, value, buffer size) combinations where C defines the output, comparing
 *     return values, buffer contents, and that no byte past the terminator is written;
 *   - hand-picked edge cases with literal expectations (also where we chose the output);
 *   - the stdout line buffer, through a recording sys_diag;
 *   - panic, assert and _exit, each in a child process (panic runs once per process).
 */
#include <limits.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <assert.h>         /* ours */
#include <minix/syslib.h>   /* the host stand-in: sys_diag, sys_exit, panic */
#include <stdio.h>          /* ours, renamed */
#include <string.h>         /* ours, renamed */
#include <unistd.h>         /* ours: _exit */
#include "check.h"

/* --- the recording kernel --------------------------------------------------------- */

/* Every sys_diag chunk, each wrapped in [ ], in order. */
static char diag_log[4096];
static size_t diag_len;
static int diag_result;             /* what sys_diag returns */
static int diag_panic_once;         /* sys_diag calls panic once (recursion test) */
static jmp_buf exit_jmp;
static int exit_armed, exit_calls;

static void log_append(const char *s, size_t n)
{
    if (n > sizeof diag_log - 1 - diag_len)
        check_abort("diag log full");
    memcpy(diag_log + diag_len, s, n);
    diag_len += n;
    diag_log[diag_len] = '\0';
}

int sys_diag(const char *text, size_t len)
{
    log_append("[", 1);
    log_append(text, len);
    log_append("]", 1);
    if (diag_panic_once) {
        diag_panic_once = 0;
        panic("inner");
    }
    return diag_result;
}

int sys_exit(void)
{
    exit_calls++;
    if (exit_armed)
        longjmp(exit_jmp, 1);
    return -1;
}

static void log_reset(void)
{
    diag_len = 0;
    diag_log[0] = '\0';
}

#define CHECK_LOG(want) \
    CHECK_MSG(strcmp(diag_log, want) == 0, "log \"%s\", want \"%s\"", diag_log, want)

/* --- hand-picked cases ------------------------------------------------------------ */

/* snprintf into a roomy buffer must give exactly want, and return its length. */
#define EXPECT(want, ...)                                                           \
    do {                                                                            \
        char b_[512];                                                               \
        int n_ = snprintf(b_, sizeof b_, __VA_ARGS__);                              \
        CHECK_MSG(n_ == (int)strlen(want) && strcmp(b_, want) == 0,                 \
                  "%s: got \"%s\" (%d), want \"%s\"", #__VA_ARGS__, b_, n_, want);  \
    } while (0)

/* ... and the same as glibc, where C defines the output. */
#define EXPECT_BOTH(want, ...)                                                      \
    do {                                                                            \
        char r_[512];                                                               \
        int rn_ = ref_snprintf(r_, sizeof r_, __VA_ARGS__);                         \
        CHECK_MSG(rn_ == (int)strlen(want) && strcmp(r_, want) == 0,                \
                  "glibc disagrees with the expectation: \"%s\"", r_);              \
        EXPECT(want, __VA_ARGS__);                                                  \
    } while (0)

/* Hides a format from gcc's format checking, for the cases that are wrong on purpose. */
static const char *volatile laundered;
static const char *raw(const char *fmt)
{
    laundered = fmt;
    return laundered;
}

static void test_edge_cases(void)
{
    EXPECT_BOTH("-2147483648", "%d", INT_MIN);
    EXPECT_BOTH("2147483647", "%i", INT_MAX);
    EXPECT_BOTH("-9223372036854775808", "%lld", LLONG_MIN);
    EXPECT_BOTH("18446744073709551615", "%llu", ULLONG_MAX);
    EXPECT_BOTH("1777777777777777777777", "%llo", ULLONG_MAX);
    EXPECT_BOTH("-9223372036854775808", "%jd", (intmax_t)INT64_MIN);
    EXPECT_BOTH("4294967295", "%u", UINT_MAX);
    EXPECT_BOTH("ffffffff FFFFFFFF", "%x %X", 0xFFFFFFFFu, 0xFFFFFFFFu);
    EXPECT_BOTH("0xdeadbeef 0XDEADBEEF", "%#x %#X", 0xDEADBEEFu, 0xDEADBEEFu);

    /* precision 0 with value 0: no digits */
    EXPECT_BOTH("[]", "[%.0d]", 0);
    EXPECT_BOTH("[]", "[%.0u]", 0u);
    EXPECT_BOTH("[]", "[%.0x]", 0u);
    EXPECT_BOTH("[]", "[%#.0x]", 0u);
    EXPECT_BOTH("[+]", "[%+.0d]", 0);
    EXPECT_BOTH("[ ]", "[% .0d]", 0);
    EXPECT_BOTH("[   ]", "[%3.0d]", 0);
    EXPECT_BOTH("[0]", "[%#.0o]", 0u);      /* # forces the 0 */
    EXPECT_BOTH("[0]", "[%#o]", 0u);
    EXPECT_BOTH("[010]", "[%#o]", 8u);
    EXPECT_BOTH("[010]", "[%#.3o]", 8u);    /* precision already gives the 0 */
    EXPECT_BOTH("[0]", "[%#x]", 0u);        /* no 0x for zero */
    EXPECT_BOTH("[0x00001]", "[%#.5x]", 1u);
    EXPECT_BOTH("[0x0001]", "[%#06x]", 1u);  /* zeros after the prefix */

    /* flags and widths */
    EXPECT_BOTH("[-0042]", "[%05d]", -42);
    EXPECT_BOTH("[+0042]", "[%+05d]", 42);
    EXPECT_BOTH("[ 0042]", "[% 05d]", 42);
    EXPECT_BOTH("[+42]", raw("[%+ d]"), 42);            /* + wins over space */
    EXPECT_BOTH("[42   ]", raw("[%-05d]"), 42);         /* - wins over 0 */
    EXPECT_BOTH("[  042]", raw("[%05.3d]"), 42);        /* precision turns 0 off */
    EXPECT_BOTH("[42   ]", "[%*d]", -5, 42);                /* negative width: '-' */
    EXPECT_BOTH("[00042]", "[%.*d]", 5, 42);
    EXPECT_BOTH("[42]", "[%.*d]", -3, 42);                  /* negative precision: none */
    EXPECT_BOTH("[   ab]", "[%5.2s]", "abcdef");
    EXPECT_BOTH("[ab   ]", "[%-5.2s]", "abcdef");
    EXPECT_BOTH("[    x]", "[%5c]", 'x');
    EXPECT_BOTH("[%]", "[%%]");

    /* length modifiers */
    EXPECT_BOTH("-1 255", "%hhd %hhu", 255, 255);
    EXPECT_BOTH("-32768 1", "%hd %hu", 32768, 65537);
    EXPECT_BOTH("18446744073709551615 -1", "%zu %td", SIZE_MAX, (ptrdiff_t)-1);
    EXPECT_BOTH("-1", "%zd", (ptrdiff_t)-1);
    EXPECT_BOTH("18446744073709551615", "%ju", UINTMAX_MAX);
    EXPECT_BOTH("-9223372036854775808", "%ld", LONG_MIN);

    /* ours, where C leaves the choice */
    EXPECT("(null)", raw("%s"), (char *)NULL);
    EXPECT("[    (null)]", raw("[%10s]"), (char *)NULL);
    EXPECT("(nu", raw("%.3s"), (char *)NULL);
    EXPECT("0x0", "%p", (void *)NULL);
    EXPECT("[0x1234    ]", "[%-10p]", (void *)0x1234);
    EXPECT("[    0x1234]", raw("[%+010.8p]"), (void *)0x1234);  /* only width and - count */
    EXPECT("[    x]", raw("[%05c]"), 'x');              /* 0 pads integers only */
    EXPECT("a%yb", raw("a%yb"), 0);                     /* unknown: as written */
    EXPECT("%f 3", raw("%f %d"), 3);                    /* no argument consumed */
    EXPECT("%-5.2Lf|", raw("%-5.2Lf|"), 0);
    EXPECT("%n", raw("%n"), 0);
    EXPECT("abc%", raw("abc%"), 0);                     /* '%' at the end */
    EXPECT("abc%-5", raw("abc%-5"), 0);
    {
        char big[32];
        /* a string without terminator is fine when the precision stops first */
        char unterminated[3] = { 'x', 'y', 'z' };

        CHECK(snprintf(big, sizeof big, "%.3s", unterminated) == 3 && strcmp(big, "xyz") == 0);
    }
}

static void test_truncation(void)
{
    char buf[16];

    /* size 0: nothing written, buf may be NULL, the would-be length returned */
    CHECK(snprintf(NULL, 0, "%d", 123456) == 6);
    memset(buf, 'Z', sizeof buf);
    CHECK(snprintf(buf, 0, "abc") == 3 && buf[0] == 'Z');
    /* size 1: only the NUL */
    CHECK(snprintf(buf, 1, "abc") == 3 && buf[0] == '\0' && buf[1] == 'Z');
    /* cut at size - 1, always terminated */
    memset(buf, 'Z', sizeof buf);
    CHECK(snprintf(buf, 4, "%s-%d", "hello", 42) == 8);
    CHECK(memcmp(buf, "hel\0ZZ", 6) == 0);
    /* a width larger than the buffer */
    memset(buf, 'Z', sizeof buf);
    CHECK(snprintf(buf, 8, "%20d", 7) == 20);
    CHECK(memcmp(buf, "       \0Z", 9) == 0);
    memset(buf, 'Z', sizeof buf);
    CHECK(snprintf(buf, 8, "%-20d|", 7) == 21);
    CHECK(memcmp(buf, "7      \0Z", 9) == 0);
    /* sprintf: no bound */
    CHECK(sprintf(buf, "%05d%s", 42, "ab") == 7 && strcmp(buf, "00042ab") == 0);

    /* Output beyond INT_MAX bytes: -1 (C11 7.21.6.5p3), and nothing more is written. */
    CHECK(snprintf(NULL, 0, "%2147483647d", 1) == INT_MAX);
    CHECK(snprintf(NULL, 0, raw("%2147483647d%d"), 1, 2) == -1);
    CHECK(snprintf(NULL, 0, "%.2147483647d", 1) == INT_MAX);
    CHECK(snprintf(NULL, 0, raw("%2147483648d"), 1) == -1);     /* width above INT_MAX */
    CHECK(snprintf(NULL, 0, raw("%.2147483648d"), 1) == -1);    /* precision above INT_MAX */
    CHECK(snprintf(NULL, 0, raw("%*d"), INT_MIN, 1) == -1);     /* -INT_MIN is no int */
    memset(buf, 'Z', sizeof buf);
    CHECK(snprintf(buf, 8, raw("%2147483647d%d"), 1, 2) == -1);
    CHECK(memcmp(buf, "       \0Z", 9) == 0);
}

/* --- generated cases against glibc ------------------------------------------------ */

enum len_kind { K_NONE, K_HH, K_H, K_L, K_LL, K_Z, K_T, K_J, K_COUNT };
static const char *const len_text[K_COUNT] = { "", "hh", "h", "l", "ll", "z", "t", "j" };

static uint64_t rng = 0x5EED0F5701C0FFEEull;

static uint64_t interesting_value(void)
{
    static const uint64_t special[] = {
        0, 1, 2, 7, 8, 9, 10, 15, 16, 99, 100, 127, 128, 255, 256, 32767, 32768, 65535,
        65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000ull, 999999999, 1000000000,
        4294967296ull, 0x7FFFFFFFFFFFFFFFull, 0x8000000000000000ull, 0xFFFFFFFFFFFFFFFFull,
        10000000000000000000ull, 9999999999999999999ull,
    };
    uint64_t r = check_rand(&rng);

    switch (r % 4) {
    case 0: return special[(r >> 8) % (sizeof special / sizeof special[0])];
    case 1: return -special[(r >> 8) % (sizeof special / sizeof special[0])];
    case 2: return check_rand(&rng) >> (check_rand(&rng) % 64);   /* any bit length */
    default: return check_rand(&rng);
    }
}

static int mismatches;

static void compare(const char *fmt, size_t size, const char *ours, int n_ours,
                    const char *ref, int n_ref)
{
    int ok = n_ours == n_ref;

    if (ok && size > 0) {
        size_t used = (size_t)n_ours < size - 1 ? (size_t)n_ours : size - 1;

        /* same bytes up to and including the NUL; ours writes nothing after it */
        ok = memcmp(ours, ref, used + 1) == 0;
        for (size_t i = used + 1; ok && i < 300; i++)
            ok = (unsigned char)ours[i] == 0xA5;
    }
    if (ok) {
        check_passed++;
    } else if (++mismatches <= 20) {
        check_failed++;
        check_print("FAIL vsnprintf \"%s\" size %zu: ours %d \"%.*s\", glibc %d \"%.*s\"\n",
                    fmt, size, n_ours, n_ours < 0 ? 0 : n_ours, ours, n_ref,
                    n_ref < 0 ? 0 : n_ref, ref);
    } else {
        check_failed++;
    }
}

/* Calls ours and glibc's with the same arguments; "stars" says which of the width and
   precision come as * arguments before the value. */
#define BOTH(...)                                                                   \
    do {                                                                            \
        memset(ours, 0xA5, sizeof ours);                                            \
        memset(ref, 0xA5, sizeof ref);                                              \
        n_ours = snprintf(size ? ours : NULL, size, fmt, __VA_ARGS__);              \
        n_ref = ref_snprintf(size ? ref : NULL, size, fmt, __VA_ARGS__);            \
    } while (0)
#define RUN(value)                                                                  \
    do {                                                                            \
        switch (stars) {                                                            \
        case 0: BOTH(value); break;                                                 \
        case 1: BOTH(star_w, value); break;                                         \
        case 2: BOTH(star_p, value); break;                                         \
        default: BOTH(star_w, star_p, value); break;                                \
        }                                                                           \
    } while (0)

static void test_generated(void)
{
    static const char *const strings[] = {
        "", "a", "hello", "minix-emu", "0123456789abcdefghij", "with space", "\t\n",
    };
    static const size_t sizes[] = { 0, 1, 2, 3, 5, 8, 16, 40, 300 };
    static const char convs[] = "diuoxXcsp";
    char ours[300], ref[300], fmt[64];
    int n_ours = 0, n_ref = 0;

    for (int iter = 0; iter < 30000; iter++) {
        uint64_t r = check_rand(&rng);
        char conv = convs[r % (sizeof convs - 1)];
        int integer = strchr("diuoxX", conv) != NULL;
        int is_signed = conv == 'd' || conv == 'i';
        enum len_kind len = integer ? (enum len_kind)((r >> 8) % K_COUNT) : K_NONE;
        size_t size = sizes[(r >> 12) % (sizeof sizes / sizeof sizes[0])];
        int stars = 0, star_w = 0, star_p = 0;
        uint64_t v = interesting_value();
        char *f = fmt;

        r = check_rand(&rng);
        if (r & 1)
            *f++ = '<';
        *f++ = '%';
        /* Flags: each may appear, in any order; only those C defines for the conversion. */
        for (int i = 0; i < 4; i++) {
            static const char flag_chars[] = "-+ #0";
            char fl = flag_chars[(r >> (1 + 3 * i)) % 5];

            if ((r >> (20 + i)) & 1)
                continue;
            if (fl == '#' && !(conv == 'o' || conv == 'x' || conv == 'X'))
                continue;
            if ((fl == '0' || fl == '+' || fl == ' ') && !integer)
                continue;
            *f++ = fl;
        }
        r = check_rand(&rng);
        switch (r % 4) {            /* width */
        case 0: break;
        case 1: f += ref_snprintf(f, 8, "%d", (int)((r >> 4) % 30)); break;
        case 2: *f++ = '*'; stars |= 1; star_w = (int)((r >> 4) % 61) - 30; break;
        default: f += ref_snprintf(f, 8, "%d", (int)((r >> 4) % 4)); break;
        }
        if (conv != 'c' && conv != 'p') {
            switch ((r >> 16) % 5) {    /* precision */
            case 0: case 1: break;
            case 2: *f++ = '.'; break;
            case 3: f += ref_snprintf(f, 8, ".%d", (int)((r >> 20) % 25)); break;
            default: *f++ = '.'; *f++ = '*'; stars |= 2; star_p = (int)((r >> 20) % 31) - 6; break;
            }
        }
        f += ref_snprintf(f, 8, "%s%c", len_text[len], conv);
        if ((r >> 30) & 1)
            *f++ = '>';
        *f = '\0';

        if (conv == 's') {
            RUN(strings[(r >> 32) % (sizeof strings / sizeof strings[0])]);
        } else if (conv == 'c') {
            RUN((int)(v & 0xFF));
        } else if (conv == 'p') {
            RUN((void *)(uintptr_t)(v | 1));      /* glibc prints NULL as "(nil)" */
        } else if (is_signed) {
            switch (len) {
            case K_NONE: case K_HH: case K_H: RUN((int)v); break;
            case K_L: RUN((long)v); break;
            case K_LL: RUN((long long)v); break;
            case K_Z: case K_T: RUN((ptrdiff_t)v); break;
            default: RUN((intmax_t)v); break;
            }
        } else {
            switch (len) {
            case K_NONE: case K_HH: case K_H: RUN((unsigned)v); break;
            case K_L: RUN((unsigned long)v); break;
            case K_LL: RUN((unsigned long long)v); break;
            case K_Z: case K_T: RUN((size_t)v); break;
            default: RUN((uintmax_t)v); break;
            }
        }
        compare(fmt, size, ours, n_ours, ref, n_ref);
    }
    if (mismatches > 20)
        check_print("(%d more vsnprintf mismatches not shown)\n", mismatches - 20);
}

/* --- stdout ----------------------------------------------------------------------- */

static void test_stdout(void)
{
    char line[301];

    log_reset();
    CHECK(printf("abc") == 3);
    CHECK_LOG("");                          /* no newline yet: buffered */
    CHECK(printf("%s\n", "def") == 4);
    CHECK_LOG("[abcdef\n]");

    log_reset();
    CHECK(printf("a\nb\nc") == 5);
    CHECK_LOG("[a\n][b\n]");
    CHECK(fflush(NULL) == 0);
    CHECK_LOG("[a\n][b\n][c]");
    CHECK(fflush(NULL) == 0);               /* nothing left: no call */
    CHECK_LOG("[a\n][b\n][c]");

    /* A full buffer (256 bytes) goes out without a newline, through both the copying
       and the padding path. */
    memset(line, 'x', 300);
    line[300] = '\0';
    log_reset();
    CHECK(printf("%s", line) == 300);
    CHECK(diag_len == 256 + 2);
    CHECK(fflush(NULL) == 0);
    CHECK(diag_len == 256 + 2 + 44 + 2);
    log_reset();
    CHECK(printf("%300s|\n", "") == 302);
    CHECK(diag_len == 256 + 2 + 46 + 2 && diag_log[256 + 2 + 46] == '\n');

    log_reset();
    CHECK(puts("hi") >= 0);
    CHECK(putchar('y') == 'y');
    CHECK(putchar(0x10A) == 0x0A);          /* (unsigned char)0x10A is '\n' */
    CHECK_LOG("[hi\n][y\n]");

    /* sys_diag failing: the calls report it. */
    log_reset();
    diag_result = -5;
    CHECK(printf("x\n") == EOF);
    CHECK(puts("y") == EOF);
    CHECK(putchar('\n') == EOF);
    CHECK(printf("z") == 1);                /* buffered: nothing failed yet */
    CHECK(fflush(NULL) == EOF);
    diag_result = 0;
    CHECK(printf("ok\n") == 3);
    CHECK_LOG("[x\n][y\n][\n][z][ok\n]");
    log_reset();
}

/* --- panic, assert, _exit (each in a child: they run once per process) ----------- */

static void send_log(void)
{
    char calls[16];
    int n = ref_snprintf(calls, sizeof calls, "|exit %d", exit_calls);

    check_child_output(diag_log, diag_len);
    check_child_output(calls, (size_t)n);
}

static void child_panic(void)
{
    exit_armed = 1;
    if (setjmp(exit_jmp) == 0) {
        printf("pending");
        panic("boom %d %s", 42, "end");
    }
    send_log();
}

static void child_panic_newline(void)
{
    exit_armed = 1;
    if (setjmp(exit_jmp) == 0)
        panic("with newline\n");
    send_log();
}

static void child_panic_long(void)
{
    char text[400];

    memset(text, 'p', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    exit_armed = 1;
    if (setjmp(exit_jmp) == 0)
        panic("%s", text);
    send_log();
}

static void child_panic_recursive(void)
{
    exit_armed = 1;
    diag_panic_once = 1;
    if (setjmp(exit_jmp) == 0)
        panic("outer");
    send_log();
}

static void child_assert(void)
{
    exit_armed = 1;
    if (setjmp(exit_jmp) == 0)
        assert(1 + 1 == 3);
    send_log();
}

static void child_exit(void)
{
    exit_armed = 1;
    if (setjmp(exit_jmp) == 0) {
        printf("tail");
        _exit(3);
    }
    send_log();
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void test_panic(void)
{
    char out[1024];
    const char *p;

    CHECK(check_run_child(child_panic, out, sizeof out) == 0);
    CHECK_MSG(strcmp(out, "[pending][panic: boom 42 end\n]|exit 1") == 0, "got \"%s\"", out);

    CHECK(check_run_child(child_panic_newline, out, sizeof out) == 0);
    CHECK_MSG(strcmp(out, "[panic: with newline\n]|exit 1") == 0, "got \"%s\"", out);

    /* cut to 255 bytes, newline included */
    CHECK(check_run_child(child_panic_long, out, sizeof out) == 0);
    CHECK(starts_with(out, "[panic: ppp") && strlen(out) == 1 + 255 + 1 + strlen("|exit 1"));
    CHECK(strcmp(out + 1 + 254, "\n]|exit 1") == 0);

    /* the inner panic prints nothing and exits */
    CHECK(check_run_child(child_panic_recursive, out, sizeof out) == 0);
    CHECK_MSG(strcmp(out, "[panic: outer\n]|exit 1") == 0, "got \"%s\"", out);

    CHECK(check_run_child(child_assert, out, sizeof out) == 0);
    p = "[panic: assertion \"1 + 1 == 3\" failed: file test/stdio_test.c, line ";
    CHECK_MSG(starts_with(out, p), "got \"%s\"", out);
    p = strchr(out, ',');
    p = p != NULL ? strchr(p + 1, ',') : NULL;
    CHECK_MSG(p != NULL && strcmp(p, ", function child_assert\n]|exit 1") == 0, "got \"%s\"", out);

    CHECK(check_run_child(child_exit, out, sizeof out) == 0);
    CHECK_MSG(strcmp(out, "[tail]|exit 1") == 0, "got \"%s\"", out);
}

/* Last: with NDEBUG, assert must expand to nothing and not evaluate its argument. */
#define NDEBUG
#include <assert.h>

static void test_ndebug(void)
{
    int evaluated = 0;

    assert(evaluated++ == 42);
    CHECK(evaluated == 0);
}

int main(void)
{
    test_edge_cases();
    test_truncation();
    test_generated();
    test_stdout();
    test_panic();
    test_ndebug();
    return check_summary("stdio_test");
}
