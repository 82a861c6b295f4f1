/*
 * ktest.h -- what the kernel-call test programs (kcalltest, grants, deputy, signals, kfuzz)
 * share: one console line per check, error names, sleeping, process state, and the message
 * types that cross program boundaries. Not a program: this folder holds no C source, so
 * programs.mk builds nothing here; the programs include it as "../common/ktest.h".
 *
 * A check prints "ok NAME" or "FAIL NAME: got X, expected Y"; a program ends with
 * ktest_finish(), which prints "N failures" and powers the machine off with N as the status
 * (at most 255, so that a multiple of 256 cannot read as success).
 */
#ifndef KTEST_H
#define KTEST_H

#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- message types shared by two programs (test-only, outside the ABI's ranges) -------- */

/* svcone / svctwo (the two programs signals swaps with SYS_UPDATE): answered with
   SVC_HELLO + 1, m3_i1 the program's tag, m3_i2 the requests this program has served,
   m3_p1 the endpoint sys_whoami gives, m3_ca1 the label sys_whoami gives. */
#define SVC_HELLO 0x7300
#define SVC_TAG_ONE 0x1111
#define SVC_TAG_TWO 0x2222

/* kfuzz -> canary at the end: m2_l1 FUZZ_MAGIC, m2_l2 the number of calls made. */
#define FUZZ_DONE 0x7310
#define FUZZ_MAGIC 0x5AFE5AFE
/* kfuzz -> canary first: answered with FUZZ_HELLO + 1, m1_p1 the canary's checked buffer and
   m1_i1 its size (kfuzz names it in a magic grant that must never be honoured). */
#define FUZZ_HELLO 0x7312

/* ---- checks ------------------------------------------------------------------------------ */

static int ktest_failures;

/* The name of an error number of <minix/abi.h>, or NULL. */
static inline const char *ktest_errname(int r)
{
    switch (r) {
    case OK: return "OK";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case E2BIG: return "E2BIG";
    case ENOEXEC: return "ENOEXEC";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EFAULT: return "EFAULT";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case ENOSPC: return "ENOSPC";
    case EDOM: return "EDOM";
    case ERANGE: return "ERANGE";
    case ENOSYS: return "ENOSYS";
    case ELOOP: return "ELOOP";
    case ERESTART: return "ERESTART";
    case EGENERIC: return "EGENERIC";
    case ELOCKED: return "ELOCKED";
    case EBADCALL: return "EBADCALL";
    case ECALLDENIED: return "ECALLDENIED";
    case EDEADSRCDST: return "EDEADSRCDST";
    case ENOTREADY: return "ENOTREADY";
    case EBADREQUEST: return "EBADREQUEST";
    case ETRAPDENIED: return "ETRAPDENIED";
    case EDONTREPLY: return "EDONTREPLY";
    case EBADEPT: return "EBADEPT";
    case EDEADEPT: return "EDEADEPT";
    default: return NULL;
    }
}

/* A result for a message: "EPERM (-1)", or the number. Two rotating buffers, so that two
   calls may appear in one printf. */
static inline const char *ktest_result(int r)
{
    static char buf[2][24];
    static int next;
    char *b = buf[next];
    const char *name = ktest_errname(r);

    next ^= 1;
    if (name != NULL) {
        snprintf(b, sizeof buf[0], "%s (%d)", name, r);
    } else {
        snprintf(b, sizeof buf[0], "%d", r);
    }
    return b;
}

/* A check name built with printf formatting; valid until the fourth call after it. */
static inline const char *nm(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
static inline const char *nm(const char *fmt, ...)
{
    static char buf[4][160];
    static int next;
    char *b = buf[next];
    va_list ap;

    next = (next + 1) % 4;
    va_start(ap, fmt);
    vsnprintf(b, sizeof buf[0], fmt, ap);
    va_end(ap);
    return b;
}

/* A call's result against the expected one (printed with error names). */
static inline void check(const char *name, int got, int expected)
{
    if (got == expected) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: got %s, expected %s\n", name, ktest_result(got), ktest_result(expected));
        ktest_failures++;
    }
}

/* A plain number against the expected one (printed in decimal and hex). */
static inline void check_value(const char *name, uint32_t got, uint32_t expected)
{
    if (got == expected) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: got %u (0x%x), expected %u (0x%x)\n", name, (unsigned)got, (unsigned)got,
               (unsigned)expected, (unsigned)expected);
        ktest_failures++;
    }
}

/* A condition; what says what was seen when it fails. */
static inline void check_true(const char *name, int condition, const char *what)
{
    if (condition) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: got %s, expected it to hold\n", name, what);
        ktest_failures++;
    }
}

/* A string against the expected one. */
static inline void check_string(const char *name, const char *got, const char *expected)
{
    if (strcmp(got, expected) == 0) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: got \"%s\", expected \"%s\"\n", name, got, expected);
        ktest_failures++;
    }
}

/* n bytes against the expected ones; a failure names the first byte that differs. */
static inline void check_bytes(const char *name, const void *got, const void *expected, size_t n)
{
    const uint8_t *g = got, *e = expected;

    for (size_t i = 0; i < n; i++) {
        if (g[i] != e[i]) {
            printf("FAIL %s: got 0x%02x at byte %u, expected 0x%02x\n", name, g[i], (unsigned)i, e[i]);
            ktest_failures++;
            return;
        }
    }
    printf("ok %s\n", name);
}

/* n bytes that must all be b. */
static inline void check_filled(const char *name, const void *got, uint8_t b, size_t n)
{
    const uint8_t *g = got;

    for (size_t i = 0; i < n; i++) {
        if (g[i] != b) {
            printf("FAIL %s: got 0x%02x at byte %u, expected 0x%02x\n", name, g[i], (unsigned)i, b);
            ktest_failures++;
            return;
        }
    }
    printf("ok %s\n", name);
}

/* Prints the failure count and powers the machine off with it (needs SYS_ABORT). */
static inline _Noreturn void ktest_finish(void)
{
    printf("%d failures\n", ktest_failures);
    sys_abort(RBT_HALT, ktest_failures > 255 ? 255 : ktest_failures);
    panic("sys_abort returned");
}

/* ---- time and processes ------------------------------------------------------------------ */

/* Waits n clock ticks (an alarm, then a receive from CLOCK), letting the others run. */
static inline void sleep_ticks(int n)
{
    message m;

    sys_setalarm((uint32_t)n, 0);
    do {
        ipc_receive(CLOCK, &m, NULL);
    } while (m.m_source != CLOCK);
}

/* The process-table slot of an endpoint (kernel tasks: their negative number). */
/* Waits up to `ticks` for a notification from SYSTEM (use only when nothing else is due).
   Returns non-zero if one came with SIGKSIG in its m2_l1. */
static inline int await_system(int ticks)
{
    message m;

    sys_setalarm((uint32_t)ticks, 0);
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != NOTIFY_MESSAGE) {
            continue;
        }
        if (m.m_source == CLOCK) {
            return 0;
        }
        if (m.m_source == SYSTEM) {
            sys_setalarm(0, 0);
            return (m.m2_l1 & (1u << SIGKSIG)) != 0;
        }
    }
}

static inline int slot_of(int ep)
{
    return ep < 0 ? ep : ep % ENDPOINT_GENERATION_SIZE;
}

/* GET_PROC of ep's slot; an all-zero record with endpoint NONE if the call fails. */
static inline proc_info proc_of(int ep)
{
    proc_info info;

    memset(&info, 0, sizeof info);
    if (sys_getproc(slot_of(ep), &info) != OK) {
        info.endpoint = NONE;
    }
    return info;
}

/* Polls ep's state once a tick until it has every bit of `bits` (at most `ticks` ticks).
   Returns non-zero if it did. */
static inline int wait_state(int ep, uint32_t bits, int ticks)
{
    for (int i = 0; i <= ticks; i++) {
        if ((proc_of(ep).state & bits) == bits) {
            return 1;
        }
        sleep_ticks(1);
    }
    return 0;
}

/* The endpoint given as a boot argument ("@label" becomes a number). */
static inline int arg_ep(int argc, char **argv, int i)
{
    if (i >= argc) {
        panic("missing argument %d", i);
    }
    return (int)strtol(argv[i], NULL, 0);
}

#endif /* KTEST_H */
