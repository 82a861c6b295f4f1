/*
 * check.h -- the small harness every host test shares (harness.c).
 *
 * A test program is compiled with syslib's headers and its functions renamed host_<name>
 * (see the Makefile), so it cannot call the host C library by the standard names. The
 * harness is compiled separately against the host's C library and offers what a test
 * needs from it: printing, the reference functions to compare with (ref_*), and running a
 * function in a child process to see it die by a signal.
 */
#ifndef SYSLIB_TEST_CHECK_H
#define SYSLIB_TEST_CHECK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

extern int check_passed, check_failed;

/* Host printf. */
void check_print(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

/* Counts a passed or failed check; a failure prints where and what. */
#define CHECK(cond)                                                         \
    do {                                                                    \
        if (cond) {                                                         \
            check_passed++;                                                 \
        } else {                                                            \
            check_failed++;                                                 \
            check_print("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                   \
    } while (0)

/* CHECK with a formatted explanation printed on failure. */
#define CHECK_MSG(cond, ...)                                                \
    do {                                                                    \
        if (cond) {                                                         \
            check_passed++;                                                 \
        } else {                                                            \
            check_failed++;                                                 \
            check_print("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
            check_print(__VA_ARGS__);                                       \
            check_print("\n");                                              \
        }                                                                   \
    } while (0)

/* Prints "<name>: N passed, M failed"; returns the exit status for main. */
int check_summary(const char *name);

/* Prints "FAIL: <what>" and ends the test program at once (exit status 2). */
_Noreturn void check_abort(const char *what);

/* The host C library's versions, for differential tests. */
int ref_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int ref_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((__format__(__printf__, 3, 0)));
long ref_strtol(const char *s, char **endptr, int base);
unsigned long ref_strtoul(const char *s, char **endptr, int base);

/* Runs fn in a child process (with the host's default SIGFPE action); returns the number
   of the signal that ended the child, or 0 if it ended normally (or could not start). */
int check_run_signal(void (*fn)(void));

/* Runs fn in a child process and collects what it passes to check_child_output() into
   out[size] (NUL-terminated). For code that may run once per process only, such as
   panic(). Returns the child's exit status, or -1 if it did not exit normally. */
int check_run_child(void (*fn)(void), char *out, size_t size);
void check_child_output(const char *s, size_t n);
/* The host's SIGFPE (#DE on x86 becomes SIGFPE). */
extern const int check_sigfpe;

/* A fixed-seed generator (xorshift64*), so that every run tests the same cases. */
static inline uint64_t check_rand(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

#endif
