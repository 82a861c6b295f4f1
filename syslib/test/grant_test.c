/*
 * grant_test.c -- host test of the grant table (lib/grant, <minix/safecopies.h>).
 *
 * Built natively with the library's functions renamed host_<name> (see the Makefile), with
 * syslib's own malloc underneath and sys_setgrant stubbed below: the stub plays the
 * kernel, remembering the table it was given, and the test reads every entry through that
 * pointer, as the kernel would. Checked:
 *   - each kind's entry layout: flags, fields, and the rest of the 36 bytes zero;
 *   - access bits other than CPF_READ and/or CPF_WRITE are refused, without a table;
 *   - the table appears on the first grant with 2 entries and grows 2 -> 6 -> 14 -> 30
 *     when full, registered again each time, the new table registered while the old one
 *     is still allocated and the old one freed after, the entries carried over intact;
 *     (the free heap is filled with a pattern before each growth, so new entries must
 *     have been cleared by the library to read as free);
 *   - revoked entries are reused lowest first, and reuse leaves nothing of the old entry;
 *   - revoking a bad id (negative, past the end, free, revoked twice) gives EINVAL;
 *   - growth failing (sys_setgrant refuses, or malloc has no room) gives GRANT_INVALID and
 *     leaves the registered table as it was.
 * The library keeps one table per process, so the steps run in order on the same table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <minix/syslib.h>       /* the host stand-in: sys_setgrant, panic */
#include <minix/safecopies.h>   /* ours, with the host <minix/abi.h> */
#include <stdlib.h>             /* ours, renamed */
#include <string.h>             /* ours, renamed */
#include "check.h"
#include "../lib/stdlib/heap.h"

/* malloc's only way out on a corrupted heap. */
void panic(const char *fmt, ...)
{
    char text[256];
    va_list ap;

    va_start(ap, fmt);
    ref_vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    check_abort(text);
}

/* --- the kernel's side: sys_setgrant ----------------------------------------------- */

static struct {
    int calls;              /* sys_setgrant calls, failed ones included */
    cp_grant *table;        /* the registered table, as the kernel sees it */
    int entries;
    int fail;               /* non-zero: the next call returns this error */
    size_t blocks_during;   /* heap blocks in use during the last call */
} kernel;

int sys_setgrant(void *table, int entries)
{
    struct heap_stats st;
    int r;

    kernel.calls++;
    CHECK(__syslib_heap_check(&st) == 0);
    kernel.blocks_during = st.used_blocks;
    if (kernel.fail != 0) {
        r = kernel.fail;
        kernel.fail = 0;
        return r;
    }
    kernel.table = table;
    kernel.entries = entries;
    return OK;
}

/* --- helpers ------------------------------------------------------------------------ */

static size_t used_blocks(void)
{
    struct heap_stats st;

    if (__syslib_heap_check(&st) != 0) {
        CHECK_MSG(0, "heap inconsistent");
        return (size_t)-1;
    }
    return st.used_blocks;
}

/* Non-zero if the entry's bytes from offset `from` to its end are all zero. */
static int zero_from(const cp_grant *g, size_t from)
{
    const unsigned char *p = (const unsigned char *)g;
    size_t i;

    for (i = from; i < sizeof *g; i++) {
        if (p[i] != 0)
            return 0;
    }
    return 1;
}

static uint32_t addr32(const void *p)
{
    return (uint32_t)(uintptr_t)p;
}

/* Entry gid of the registered table holds a direct grant with these values. */
static void expect_direct(int gid, int who, const void *addr, uint32_t len, uint32_t access)
{
    const cp_grant *g;

    CHECK_MSG(gid >= 0 && gid < kernel.entries, "gid %d", gid);
    if (gid < 0 || gid >= kernel.entries)
        return;
    g = &kernel.table[gid];
    CHECK_MSG(g->flags == (CPF_USED | CPF_VALID | CPF_DIRECT | access),
              "gid %d flags %#x", gid, (unsigned)g->flags);
    CHECK(g->direct.endpt == who);
    CHECK(g->direct.start == addr32(addr));
    CHECK(g->direct.len == len);
    CHECK_MSG(zero_from(g, offsetof(cp_direct, len) + sizeof g->direct.len),
              "gid %d: bytes after len", gid);
}

static void expect_indirect(int gid, int who, int granter, int from_gid)
{
    const cp_grant *g;

    CHECK_MSG(gid >= 0 && gid < kernel.entries, "gid %d", gid);
    if (gid < 0 || gid >= kernel.entries)
        return;
    g = &kernel.table[gid];
    CHECK_MSG(g->flags == (CPF_USED | CPF_VALID | CPF_INDIRECT),
              "gid %d flags %#x", gid, (unsigned)g->flags);
    CHECK(g->indirect.endpt == who);
    CHECK(g->indirect.from == granter);
    CHECK(g->indirect.gid == from_gid);
    CHECK_MSG(zero_from(g, offsetof(cp_indirect, gid) + sizeof g->indirect.gid),
              "gid %d: bytes after gid", gid);
}

static void expect_magic(int gid, int who, int from, const void *addr, uint32_t len,
                         uint32_t access)
{
    const cp_grant *g;

    CHECK_MSG(gid >= 0 && gid < kernel.entries, "gid %d", gid);
    if (gid < 0 || gid >= kernel.entries)
        return;
    g = &kernel.table[gid];
    CHECK_MSG(g->flags == (CPF_USED | CPF_VALID | CPF_MAGIC | access),
              "gid %d flags %#x", gid, (unsigned)g->flags);
    CHECK(g->magic.from == from);
    CHECK(g->magic.to == who);
    CHECK(g->magic.start == addr32(addr));
    CHECK(g->magic.len == len);
    CHECK_MSG(zero_from(g, offsetof(cp_magic, len) + sizeof g->magic.len),
              "gid %d: bytes after len", gid);
}

/* Entries [from, to) of the registered table are free and all zero. */
static void expect_free(int from, int to)
{
    int i;

    for (i = from; i < to && i < kernel.entries; i++)
        CHECK_MSG(zero_from(&kernel.table[i], 0), "entry %d not free and zero", i);
}

/* Takes free heap until no block of `bytes` is left; returns how many blocks it took
   (their pointers in hog[]). */
static size_t starve_heap(void **hog, size_t max, size_t bytes)
{
    struct heap_stats st;
    size_t n = 0;

    while (n < max && __syslib_heap_check(&st) == 0 && st.largest_free >= bytes) {
        hog[n] = malloc(st.largest_free);
        if (hog[n] == NULL)
            break;
        n++;
    }
    CHECK(__syslib_heap_check(&st) == 0 && st.largest_free < bytes);
    return n;
}

static void feed_heap(void **hog, size_t n)
{
    while (n > 0)
        free(hog[--n]);
}

/* Fills all free heap with a pattern, so that a new table whose entries the library
   forgot to clear shows it. */
static void dirty_heap(void)
{
    struct heap_stats st;
    void *hog[64];
    size_t n = 0;

    while (n < sizeof hog / sizeof hog[0] && __syslib_heap_check(&st) == 0 &&
           st.largest_free > 0) {
        hog[n] = malloc(st.largest_free);
        if (hog[n] == NULL)
            break;
        memset(hog[n], 0xA5, st.largest_free);
        n++;
    }
    feed_heap(hog, n);
}

/* --- the steps ---------------------------------------------------------------------- */

static char buf_a[100], buf_b[64], buf_c[8];

/* Nothing creates a table before a grant succeeds. */
static void before_first_grant(void)
{
    static const int bad[] = { 0, CPF_MAP, CPF_READ | CPF_MAP, CPF_WRITE | CPF_USED,
                               CPF_READ | CPF_VALID, CPF_DIRECT, -1, 0x10000 | CPF_READ };
    void *hog[64];
    size_t i, n;

    CHECK(cpf_count() == 0);
    CHECK(cpf_revoke(0) == EINVAL);
    CHECK(cpf_revoke(GRANT_INVALID) == EINVAL);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_MSG(cpf_grant_direct(ANY, buf_a, sizeof buf_a, bad[i]) == GRANT_INVALID,
                  "direct access %#x", (unsigned)bad[i]);
        CHECK_MSG(cpf_grant_magic(ANY, 7, buf_a, sizeof buf_a, bad[i]) == GRANT_INVALID,
                  "magic access %#x", (unsigned)bad[i]);
    }
    CHECK(kernel.calls == 0 && cpf_count() == 0);

    /* The kernel refuses the first table: no grant, nothing kept. */
    kernel.fail = EPERM;
    CHECK(cpf_grant_direct(5, buf_a, sizeof buf_a, CPF_READ) == GRANT_INVALID);
    CHECK(kernel.calls == 1 && kernel.table == NULL);
    CHECK(cpf_count() == 0);
    CHECK(used_blocks() == 0);

    /* No memory for the first table: sys_setgrant is not even asked. */
    n = starve_heap(hog, sizeof hog / sizeof hog[0], 2 * sizeof(cp_grant));
    CHECK(cpf_grant_indirect(5, 6, 0) == GRANT_INVALID);
    CHECK(kernel.calls == 1 && cpf_count() == 0);
    feed_heap(hog, n);
    CHECK(used_blocks() == 0);
    kernel.calls = 0;
}

/* The three kinds, and growth 2 -> 6 -> 14 with the contents carried over. */
static void grants_and_growth(void)
{
    cp_grant saved[14];
    cp_grant *old;
    int gid, i;

    dirty_heap();
    gid = cpf_grant_direct(5, buf_a, sizeof buf_a, CPF_READ);
    CHECK(gid == 0);
    CHECK(kernel.calls == 1 && kernel.entries == 2 && cpf_count() == 2);
    CHECK(kernel.blocks_during == 1);
    expect_direct(0, 5, buf_a, sizeof buf_a, CPF_READ);
    expect_free(1, 2);

    CHECK(cpf_grant_indirect(ANY, 9, 3) == 1);
    CHECK(kernel.calls == 1);
    expect_indirect(1, ANY, 9, 3);
    CHECK(used_blocks() == 1);

    /* Full: the third grant moves the table to 6 entries. */
    memcpy(saved, kernel.table, 2 * sizeof(cp_grant));
    old = kernel.table;
    dirty_heap();
    CHECK(cpf_grant_magic(11, 12, buf_b, sizeof buf_b, CPF_READ | CPF_WRITE) == 2);
    CHECK(kernel.calls == 2 && kernel.entries == 6 && cpf_count() == 6);
    CHECK(kernel.table != old);
    CHECK_MSG(kernel.blocks_during == 2, "old table freed before the new one was "
              "registered (%zu blocks in use during sys_setgrant)", kernel.blocks_during);
    CHECK(used_blocks() == 1);          /* the old one is gone now */
    CHECK(memcmp(kernel.table, saved, 2 * sizeof(cp_grant)) == 0);
    expect_magic(2, 11, 12, buf_b, sizeof buf_b, CPF_READ | CPF_WRITE);
    expect_free(3, 6);

    /* Entries 3..5 fill the table without another sys_setgrant. */
    CHECK(cpf_grant_direct(ANY, buf_c, sizeof buf_c, CPF_WRITE) == 3);
    CHECK(cpf_grant_direct(21, buf_b + 1, 7, CPF_READ | CPF_WRITE) == 4);
    CHECK(cpf_grant_indirect(22, 23, 1) == 5);
    CHECK(kernel.calls == 2 && cpf_count() == 6);
    expect_direct(3, ANY, buf_c, sizeof buf_c, CPF_WRITE);
    expect_direct(4, 21, buf_b + 1, 7, CPF_READ | CPF_WRITE);
    expect_indirect(5, 22, 23, 1);

    /* Full again: 6 -> 14. */
    memcpy(saved, kernel.table, 6 * sizeof(cp_grant));
    old = kernel.table;
    dirty_heap();
    CHECK(cpf_grant_direct(30, buf_a + 50, 50, CPF_READ) == 6);
    CHECK(kernel.calls == 3 && kernel.entries == 14 && cpf_count() == 14);
    CHECK(kernel.table != old);
    CHECK(kernel.blocks_during == 2);
    CHECK(used_blocks() == 1);
    CHECK(memcmp(kernel.table, saved, 6 * sizeof(cp_grant)) == 0);
    expect_direct(6, 30, buf_a + 50, 50, CPF_READ);
    expect_free(7, 14);

    /* Fill it: 7..13. */
    for (i = 7; i < 14; i++)
        CHECK(cpf_grant_direct(100 + i, buf_a + i, (size_t)i, CPF_READ) == i);
    CHECK(kernel.calls == 3);
}

/* Revocation, bad ids, and the reuse of free entries lowest first. */
static void revoke_and_reuse(void)
{
    int i;

    CHECK(cpf_revoke(4) == OK);
    CHECK(cpf_revoke(2) == OK);
    CHECK(cpf_revoke(9) == OK);
    CHECK(kernel.table[4].flags == 0 && kernel.table[2].flags == 0);
    CHECK(kernel.table[9].flags == 0);
    expect_direct(3, ANY, buf_c, sizeof buf_c, CPF_WRITE);   /* neighbours untouched */
    expect_indirect(5, 22, 23, 1);

    CHECK(cpf_revoke(4) == EINVAL);     /* twice */
    CHECK(cpf_revoke(-1) == EINVAL);
    CHECK(cpf_revoke(GRANT_INVALID) == EINVAL);
    CHECK(cpf_revoke(14) == EINVAL);    /* one past the end */
    CHECK(cpf_revoke(1000) == EINVAL);
    CHECK(cpf_revoke(-1000) == EINVAL);

    /* Lowest first: 2 (was magic: nothing of it may survive in the direct entry), 4, 9. */
    CHECK(cpf_grant_direct(40, buf_c, 1, CPF_READ) == 2);
    expect_direct(2, 40, buf_c, 1, CPF_READ);
    CHECK(cpf_grant_indirect(41, 42, 43) == 4);
    expect_indirect(4, 41, 42, 43);
    CHECK(cpf_grant_magic(44, 45, buf_a, 3, CPF_WRITE) == 9);
    expect_magic(9, 44, 45, buf_a, 3, CPF_WRITE);
    CHECK(kernel.calls == 3 && cpf_count() == 14);

    for (i = 0; i < 14; i++)
        CHECK_MSG(kernel.table[i].flags != 0, "entry %d free in a full table", i);
}

/* The full table cannot grow: the registered one stays as it was. */
static void growth_failures(void)
{
    cp_grant saved[14];
    cp_grant *table = kernel.table;
    void *hog[64];
    size_t n;
    int calls = kernel.calls;

    memcpy(saved, table, sizeof saved);

    kernel.fail = ENOMEM;
    CHECK(cpf_grant_direct(50, buf_a, 1, CPF_READ) == GRANT_INVALID);
    CHECK(kernel.calls == calls + 1);
    CHECK(kernel.table == table && kernel.entries == 14 && cpf_count() == 14);
    CHECK(used_blocks() == 1);          /* the refused table was freed */
    CHECK(memcmp(table, saved, sizeof saved) == 0);

    n = starve_heap(hog, sizeof hog / sizeof hog[0], 30 * sizeof(cp_grant));
    CHECK(cpf_grant_magic(50, 51, buf_a, 1, CPF_READ) == GRANT_INVALID);
    CHECK(kernel.calls == calls + 1);
    CHECK(kernel.table == table && cpf_count() == 14);
    feed_heap(hog, n);
    CHECK(memcmp(table, saved, sizeof saved) == 0);

    /* And with memory and a willing kernel, 14 -> 30. */
    dirty_heap();
    CHECK(cpf_grant_indirect(52, 53, 54) == 14);
    CHECK(kernel.calls == calls + 2 && kernel.entries == 30 && cpf_count() == 30);
    CHECK(memcmp(kernel.table, saved, sizeof saved) == 0);
    expect_indirect(14, 52, 53, 54);
    expect_free(15, 30);
    CHECK(used_blocks() == 1);
}

int main(void)
{
    before_first_grant();
    grants_and_growth();
    revoke_and_reuse();
    growth_failures();
    return check_summary("grant_test");
}
