/*
 * libc_test.c -- host test of the pure parts of libc: the EXEC frame builder, malloc on a
 * fake sbrk (growth, reuse, merging, the heap limit and ENOMEM), and getopt.
 *
 * Built natively with the library's functions renamed host_<name> (see the Makefile).
 * This file includes libc's private header (the system's negative error numbers), not
 * <errno.h>.
 */
#include <setjmp.h>
#include <stdint.h>
#include "../libc/libc_private.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "../libc/stdlib/heap.h"
#include "check.h"

int errno;

/* --- a fake break: 1 MiB, refusing to grow past it ---------------------------------- */

static _Alignas(16) char arena[1 << 20];
static size_t arena_used = 3;       /* an odd start, as _end may be */

void *sbrk(intptr_t incr)
{
    char *old = arena + arena_used;

    if (incr < 0 || (size_t)incr > sizeof arena - arena_used) {
        errno = -ENOMEM;
        return (void *)-1;
    }
    arena_used += (size_t)incr;
    return old;
}

/* --- stand-ins for what the tested sources call ---------------------------------------- */

static jmp_buf corrupt_jmp;
static int corrupt_armed;

void __libc_heap_corrupt(const char *what, void *p)
{
    (void)what;
    (void)p;
    if (!corrupt_armed)
        check_abort("unexpected heap corruption");
    corrupt_armed = 0;
    longjmp(corrupt_jmp, 1);
}

FILE *const stderr = NULL;
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    (void)f;
    (void)fmt;
    return 0;
}

/* --- the EXEC frame ---------------------------------------------------------------- */

static uint32_t word(const char *frame, size_t i)
{
    uint32_t w;

    memcpy(&w, frame + 4 * i, 4);
    return w;
}

static void test_exec_frame(void)
{
    char *argv[] = { "exitwith", "42", "", NULL };
    char *envp[] = { "A=1", NULL };
    char frame[256];
    long n = __libc_exec_frame(frame, sizeof frame, argv, envp);

    /* argc, 3 argv offsets, 0, 1 envp offset, 0 = 7 words; strings 9+3+1+4 = 17 bytes */
    CHECK(n == ((7 * 4 + 17 + 3) & ~3));
    CHECK(n == __libc_exec_frame_size(argv, envp));
    CHECK(word(frame, 0) == 3);
    CHECK(word(frame, 1) == 28 && strcmp(frame + 28, "exitwith") == 0);
    CHECK(word(frame, 2) == 37 && strcmp(frame + 37, "42") == 0);
    CHECK(word(frame, 3) == 40 && frame[40] == '\0');
    CHECK(word(frame, 4) == 0);
    CHECK(word(frame, 5) == 41 && strcmp(frame + 41, "A=1") == 0);
    CHECK(word(frame, 6) == 0);

    /* No environment: an empty list. */
    n = __libc_exec_frame(frame, sizeof frame, argv, NULL);
    CHECK(n == ((6 * 4 + 13 + 3) & ~3) && word(frame, 4) == 0 && word(frame, 5) == 0);

    CHECK(__libc_exec_frame(frame, 8, argv, envp) == E2BIG);
    CHECK(__libc_exec_frame_size(NULL, envp) == EINVAL);
    {
        static char big[ARG_MAX];
        char *big_argv[] = { "x", big, NULL };

        memset(big, 'b', sizeof big - 1);
        CHECK(__libc_exec_frame_size(big_argv, NULL) == E2BIG);
        big[ARG_MAX - 64] = '\0';
        CHECK(__libc_exec_frame_size(big_argv, NULL) > 0);
    }
}

/* --- malloc ------------------------------------------------------------------------ */

static void test_malloc(void)
{
    void *p[64];
    size_t free_bytes, free_blocks, first_free;

    for (int i = 0; i < 64; i++) {
        p[i] = malloc((size_t)i * 37 + 1);
        CHECK(p[i] != NULL && ((uintptr_t)p[i] & 7) == 0);
        if (p[i] != NULL)
            memset(p[i], i, (size_t)i * 37 + 1);
    }
    for (int i = 0; i < 64; i++) {
        const unsigned char *b = p[i];
        int ok = 1;

        for (size_t k = 0; k < (size_t)i * 37 + 1; k++)
            ok &= b[k] == i;
        CHECK(ok);
    }
    CHECK(__libc_heap_check(&first_free, NULL) == 0);
    for (int i = 0; i < 64; i += 2)
        free(p[i]);
    CHECK(__libc_heap_check(NULL, &free_blocks) == 0 && free_blocks > 1);
    for (int i = 1; i < 64; i += 2)
        free(p[i]);
    /* Everything freed merges back into one block. */
    CHECK(__libc_heap_check(&free_bytes, &free_blocks) == 0 && free_blocks == 1);

    p[0] = calloc(100, 10);
    CHECK(p[0] != NULL && ((char *)p[0])[999] == 0);
    p[1] = realloc(p[0], 5000);
    CHECK(p[1] != NULL && ((char *)p[1])[999] == 0);
    free(p[1]);

    /* The limit: the fake break stops at 1 MiB. */
    errno = 0;
    CHECK(malloc(2 << 20) == NULL && errno == -ENOMEM);
    {
        size_t got = 0;
        void *q;

        while ((q = malloc(4096)) != NULL)
            got += 4096;
        CHECK_MSG(errno == -ENOMEM && got > (1 << 20) - 8192 && got < (1 << 20),
                  "errno %d, got %zu", errno, got);
        CHECK(__libc_heap_check(NULL, NULL) == 0);
    }
    CHECK(calloc(SIZE_MAX / 2, 4) == NULL);

    /* A bad pointer and a double free are caught. */
    corrupt_armed = 1;
    if (setjmp(corrupt_jmp) == 0) {
        free(arena + 5);
        CHECK(0);
    }
    {
        void *q = NULL;

        /* Something small may still fit in a leftover; free it twice. */
        arena_used = sizeof arena;
        q = malloc(8);
        if (q != NULL) {
            free(q);
            corrupt_armed = 1;
            if (setjmp(corrupt_jmp) == 0) {
                free(q);
                CHECK(0);
            }
        }
    }
    corrupt_armed = 0;
}

/* --- getopt ------------------------------------------------------------------------ */

static void test_getopt(void)
{
    char *argv[] = { "prog", "-ab", "-o", "out", "-vfile", "--", "-x", NULL };
    int argc = 7;

    opterr = 0;
    optind = 1;
    CHECK(getopt(argc, argv, "abo:v:") == 'a');
    CHECK(getopt(argc, argv, "abo:v:") == 'b');
    CHECK(getopt(argc, argv, "abo:v:") == 'o' && strcmp(optarg, "out") == 0);
    CHECK(getopt(argc, argv, "abo:v:") == 'v' && strcmp(optarg, "file") == 0);
    CHECK(getopt(argc, argv, "abo:v:") == -1 && optind == 6);

    {
        char *bad[] = { "prog", "-z", "-o", NULL };

        optind = 1;
        CHECK(getopt(3, bad, "o:") == '?' && optopt == 'z');
        CHECK(getopt(3, bad, "o:") == '?' && optopt == 'o');
        optind = 1;
        CHECK(getopt(3, bad, ":o:") == '?');
        CHECK(getopt(3, bad, ":o:") == ':' && optopt == 'o');
    }
    {
        char *plain[] = { "prog", "file", "-a", NULL };

        optind = 1;
        CHECK(getopt(3, plain, "a") == -1 && optind == 1);
    }
}

int main(void)
{
    test_exec_frame();
    test_malloc();
    test_getopt();
    return check_summary("libc_test");
}
