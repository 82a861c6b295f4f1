/*
 * string_test.c -- functional test of syslib's string functions, run on the host.
 *
 * The Makefile compiles every lib/string source natively (64-bit) with every function
 * renamed to host_<name> by -D flags, so that the calls below reach our code and never
 * glibc's. The code under test is the same source the guest gets. Prints
 * "N passed, M failed" and exits non-zero on any failure.
 */
#include <stdint.h>
#include <string.h> /* ours, renamed: see the Makefile */
#include "check.h"

/* Reference copy that is obviously right, to compare the fast paths against. */
static void naive_move(unsigned char *d, const unsigned char *s, size_t n)
{
    unsigned char tmp[256];
    for (size_t i = 0; i < n; i++) tmp[i] = s[i];
    for (size_t i = 0; i < n; i++) d[i] = tmp[i];
}

static void fill_pattern(unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) p[i] = (unsigned char)(i * 7 + 3);
}

static int same(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* memcpy and memset at every small alignment and length: exercises head, word and tail
   loops, and checks that no byte outside [off, off + n) is touched. */
static void test_memcpy_memset(void)
{
    unsigned char src[96], dst[96], want[96];
    int ok_cpy = 1, ok_set = 1, ret_ok = 1;

    for (size_t so = 0; so < 8; so++)
        for (size_t doff = 0; doff < 8; doff++)
            for (size_t n = 0; n <= 40; n++) {
                fill_pattern(src, sizeof src);
                for (size_t i = 0; i < sizeof dst; i++) dst[i] = want[i] = 0xEE;
                for (size_t i = 0; i < n; i++) want[doff + i] = src[so + i];
                if (memcpy(dst + doff, src + so, n) != dst + doff) ret_ok = 0;
                if (!same(dst, want, sizeof dst)) ok_cpy = 0;
            }
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n <= 40; n++) {
            for (size_t i = 0; i < sizeof dst; i++) dst[i] = want[i] = 0x11;
            for (size_t i = 0; i < n; i++) want[off + i] = 0xA5;
            /* int argument is converted to unsigned char: 0x1A5 sets 0xA5 */
            if (memset(dst + off, 0x1A5, n) != dst + off) ret_ok = 0;
            if (!same(dst, want, sizeof dst)) ok_set = 0;
        }
    CHECK(ok_cpy);
    CHECK(ok_set);
    CHECK(ret_ok);
}

/* memmove against the naive reference for every overlap direction and distance. */
static void test_memmove(void)
{
    unsigned char buf[128], want[128];
    int ok = 1;

    for (size_t s = 0; s < 24; s++)
        for (size_t d = 0; d < 24; d++)
            for (size_t n = 0; n <= 40; n++) {
                fill_pattern(buf, sizeof buf);
                fill_pattern(want, sizeof want);
                naive_move(want + d, want + s, n);
                if (memmove(buf + d, buf + s, n) != buf + d) ok = 0;
                if (!same(buf, want, sizeof buf)) ok = 0;
            }
    CHECK(ok);

    char str[] = "abcdef";
    memmove(str + 1, str, 5);   /* forward overlap */
    CHECK(memcmp(str, "aabcde", 7) == 0);
    memmove(str, str + 2, 5);   /* backward overlap */
    CHECK(memcmp(str, "bcde", 5) == 0);
}

static void test_memcmp(void)
{
    CHECK(memcmp("abc", "abd", 3) < 0);
    CHECK(memcmp("abd", "abc", 3) > 0);
    CHECK(memcmp("abc", "abd", 2) == 0);
    CHECK(memcmp("x", "y", 0) == 0);
    /* bytes are unsigned: 0x80 is greater than 0x7f */
    CHECK(memcmp("\x80", "\x7f", 1) > 0);
}

static void test_strlen(void)
{
    CHECK(strlen("") == 0);
    CHECK(strlen("minix") == 5);
    /* strnlen must stop at maxlen even without a terminator in range */
    char unterminated[4] = { 'a', 'b', 'c', 'd' };
    CHECK(strnlen(unterminated, 4) == 4);
    CHECK(strnlen(unterminated, 2) == 2);
    CHECK(strnlen("ab", 10) == 2);
    CHECK(strnlen("ab", 0) == 0);
}

static void test_strcmp(void)
{
    CHECK(strcmp("", "") == 0);
    CHECK(strcmp("abc", "abc") == 0);
    CHECK(strcmp("abc", "abd") < 0);
    CHECK(strcmp("abc", "ab") > 0);
    CHECK(strcmp("ab", "abc") < 0);
    CHECK(strcmp("\xff", "a") > 0);          /* unsigned comparison */
    CHECK(strncmp("abcX", "abcY", 3) == 0);
    CHECK(strncmp("abcX", "abcY", 4) < 0);
    CHECK(strncmp("ab", "ab\0zz", 5) == 0);  /* stops at the terminator */
    CHECK(strncmp("a", "b", 0) == 0);
    CHECK(strncmp("\x80", "\x7f", 1) > 0);
}

static void test_strcpy_family(void)
{
    char buf[16];

    memset(buf, 'X', sizeof buf);
    CHECK(strcpy(buf, "hello") == buf);
    CHECK(memcmp(buf, "hello\0X", 7) == 0);

    /* strncpy pads with NULs up to n ... */
    memset(buf, 'X', sizeof buf);
    CHECK(strncpy(buf, "ab", 5) == buf);
    CHECK(memcmp(buf, "ab\0\0\0X", 6) == 0);
    /* ... and does not terminate when src is too long */
    memset(buf, 'X', sizeof buf);
    strncpy(buf, "abcdef", 3);
    CHECK(memcmp(buf, "abcX", 4) == 0);

    /* strlcpy always terminates and returns strlen(src) */
    memset(buf, 'X', sizeof buf);
    CHECK(strlcpy(buf, "abcdef", 4) == 6);
    CHECK(memcmp(buf, "abc\0X", 5) == 0);
    CHECK(strlcpy(buf, "ab", sizeof buf) == 2);
    CHECK(strcmp(buf, "ab") == 0);
    memset(buf, 'X', sizeof buf);
    CHECK(strlcpy(buf, "abc", 0) == 3);      /* size 0: writes nothing */
    CHECK(buf[0] == 'X');
    CHECK(strlcpy(buf, "abc", 1) == 3);
    CHECK(buf[0] == '\0' && buf[1] == 'X');
}

static void test_strchr(void)
{
    const char *s = "a/b/c";

    CHECK(strchr(s, '/') == s + 1);
    CHECK(strrchr(s, '/') == s + 3);
    CHECK(strchr(s, 'z') == NULL);
    CHECK(strrchr(s, 'z') == NULL);
    CHECK(strchr(s, '\0') == s + 5);         /* the terminator is part of the string */
    CHECK(strrchr(s, '\0') == s + 5);
    CHECK(strchr(s, 'a' + 256) == s);        /* c is converted to char */
    CHECK(strchr("", 'a') == NULL);
    CHECK(strrchr("aaa", 'a') != NULL && *strrchr("aaa", 'a' ) == 'a'
          && strrchr("aaa", 'a')[1] == '\0');
}

int main(void)
{
    test_memcpy_memset();
    test_memmove();
    test_memcmp();
    test_strlen();
    test_strcmp();
    test_strcpy_family();
    test_strchr();
    return check_summary("string_test");
}
