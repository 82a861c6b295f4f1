/*
 * grants -- the grant checks of SAFECOPYFROM/TO and VSAFECOPY (minix3-facts.md section 6),
 * each failure shown to copy nothing at all, byte for byte. One program in two roles:
 *
 *   main @granter @other @vfs @plain   the grantee that copies, and the checks; powers off
 *                                      with the failure count
 *   server                             makes grants of its own memory on request, shows its
 *                                      memory, and copies on request (a second grantee)
 *
 * granter, other and vfs run `server`; vfs is labelled "vfs", so its magic grants count;
 * plain never grants, so it has no grant table. Every server buffer holds pat(seed, i).
 */
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ktest.h"

/* Requests to a server (m1 fields), answered with the type + 1 and the result in m1_i1. */
#define GR_DIRECT 0x7500   /* i1 who, i2 offset in gbuf, i3 bytes, p1 access, p2 address (NULL: gbuf) */
#define GR_INDIRECT 0x7502 /* i1 who, i2 granter, i3 grant id */
#define GR_MAGIC 0x7504    /* i1 who, i2 from, i3 bytes, p1 access, p2 address in from */
#define GR_REVOKE 0x7506   /* i1 grant id */
#define GR_FILL 0x7508     /* i1 seed, i2 offset, i3 bytes: gbuf[j] = pat(seed, j) */
#define GR_PEEK 0x750A     /* i1 offset, i2 bytes (<= PEEK_MAX), p2 address (NULL: gbuf) -> data */
#define GR_ADDR 0x750C     /* -> p1 the address of gbuf */
#define GR_COPYFROM 0x750E /* i1 granter, i2 grant, i3 offset, p1 bytes (<= PEEK_MAX) -> result, data */
#define GR_COUNT 0x7510    /* -> cpf_count() */

#define PEEK_MAX 48
#define DATA(m) ((m)->m_u.m_raw + 8) /* data in an answer: after m1_i1 and m1_i2 */

#define RW (CPF_READ | CPF_WRITE)
#define BAD_EP 12345
#define GUARD 0xEE
#define AREA 256
#define DST 64 /* where copies land in area */
#define BASE_SEED 1

#define A(p) ((uint32_t)(uintptr_t)(p))

static int self_ep, granter_ep, other_ep, vfs_ep, plain_ep;

static uint8_t pat(int seed, int i)
{
    return (uint8_t)(seed * 37 + i * 11 + (i >> 4) + 1);
}

/* ---- server ------------------------------------------------------------------------------- */

static uint8_t gbuf[4096];

static _Noreturn void server_role(void)
{
    message m, r;

    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type == NOTIFY_MESSAGE) {
            continue;
        }
        memset(&r, 0, sizeof r);
        r.m_type = m.m_type + 1;
        const uint8_t *at = m.m1_p2 != NULL ? (const uint8_t *)m.m1_p2 : gbuf + m.m1_i2;
        switch (m.m_type) {
        case GR_DIRECT:
            r.m1_i1 = cpf_grant_direct(m.m1_i1, at, (size_t)m.m1_i3, (int)(intptr_t)m.m1_p1);
            break;
        case GR_INDIRECT:
            r.m1_i1 = cpf_grant_indirect(m.m1_i1, m.m1_i2, m.m1_i3);
            break;
        case GR_MAGIC:
            r.m1_i1 = cpf_grant_magic(m.m1_i1, m.m1_i2, m.m1_p2, (size_t)m.m1_i3, (int)(intptr_t)m.m1_p1);
            break;
        case GR_REVOKE:
            r.m1_i1 = cpf_revoke(m.m1_i1);
            break;
        case GR_FILL:
            for (int j = m.m1_i2; j < m.m1_i2 + m.m1_i3 && j < (int)sizeof gbuf; j++) {
                gbuf[j] = pat(m.m1_i1, j);
            }
            break;
        case GR_PEEK:
            at = m.m1_p2 != NULL ? (const uint8_t *)m.m1_p2 : gbuf + m.m1_i1;
            memcpy(DATA(&r), at, m.m1_i2 < PEEK_MAX ? (size_t)m.m1_i2 : PEEK_MAX);
            break;
        case GR_ADDR:
            r.m1_p1 = gbuf;
            break;
        case GR_COPYFROM: {
            size_t n = (size_t)(uintptr_t)m.m1_p1;
            r.m1_i1 = sys_safecopyfrom(m.m1_i1, m.m1_i2, (uint32_t)m.m1_i3, DATA(&r), n < PEEK_MAX ? n : PEEK_MAX);
            break;
        }
        case GR_COUNT:
            r.m1_i1 = cpf_count();
            break;
        default:
            continue;
        }
        ipc_send(m.m_source, &r);
    }
}

/* ---- main: talking to the servers ------------------------------------------------------- */

/* Sends a request; returns the answer's m1_i1, or EGENERIC if the exchange failed. */
static int req(int ep, message *m, int type)
{
    m->m_type = type;
    if (ipc_sendrec(ep, m) != OK || m->m_type != type + 1) {
        return EGENERIC;
    }
    return m->m1_i1;
}

static int grant_at(int ep, int who, uint32_t addr, int offset, int bytes, int access)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = who;
    m.m1_i2 = offset;
    m.m1_i3 = bytes;
    m.m1_p1 = (void *)(intptr_t)access;
    m.m1_p2 = (void *)(uintptr_t)addr;
    return req(ep, &m, GR_DIRECT);
}

/* A direct grant of gbuf[offset, offset + bytes) of ep's. */
static int grant(int ep, int who, int offset, int bytes, int access)
{
    return grant_at(ep, who, 0, offset, bytes, access);
}

static int grant_indirect(int ep, int who, int granter, int gid)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = who;
    m.m1_i2 = granter;
    m.m1_i3 = gid;
    return req(ep, &m, GR_INDIRECT);
}

static int grant_magic(int ep, int who, int from, uint32_t addr, int bytes, int access)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = who;
    m.m1_i2 = from;
    m.m1_i3 = bytes;
    m.m1_p1 = (void *)(intptr_t)access;
    m.m1_p2 = (void *)(uintptr_t)addr;
    return req(ep, &m, GR_MAGIC);
}

static int revoke(int ep, int gid)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = gid;
    return req(ep, &m, GR_REVOKE);
}

/* Puts the base pattern back into the first KiB of ep's gbuf. */
static void refill(int ep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = BASE_SEED;
    m.m1_i2 = 0;
    m.m1_i3 = 1024;
    req(ep, &m, GR_FILL);
}

/* bytes (<= PEEK_MAX) of ep's memory at addr, or of its gbuf at offset if addr is 0. */
static void peek_at(int ep, uint32_t addr, int offset, int bytes, uint8_t *out)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = offset;
    m.m1_i2 = bytes;
    m.m1_p2 = (void *)(uintptr_t)addr;
    req(ep, &m, GR_PEEK);
    memcpy(out, DATA(&m), (size_t)bytes);
}

static uint32_t server_addr(int ep)
{
    message m;

    memset(&m, 0, sizeof m);
    req(ep, &m, GR_ADDR);
    return A(m.m1_p1);
}

/* ep copies bytes from granter's grant gid into its own memory: the result; *out the bytes. */
static int remote_copy(int ep, int granter, int gid, int bytes, uint8_t *out)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = granter;
    m.m1_i2 = gid;
    m.m1_i3 = 0;
    m.m1_p1 = (void *)(uintptr_t)bytes;
    int r = req(ep, &m, GR_COPYFROM);
    memcpy(out, DATA(&m), (size_t)bytes);
    return r;
}

/* ---- main: what a copy left behind ------------------------------------------------------- */

static uint8_t area[AREA];

static void reset_area(void)
{
    memset(area, GUARD, sizeof area);
}

/* The base pattern of a server's gbuf[offset, offset + n). */
static const uint8_t *expected(int offset, int n)
{
    static uint8_t buf[PEEK_MAX * 2];

    for (int i = 0; i < n && i < (int)sizeof buf; i++) {
        buf[i] = pat(BASE_SEED, offset + i);
    }
    return buf;
}

/* area[DST, DST + n) holds want, and every other byte of area is still the guard. */
static void landed(const char *name, const uint8_t *want, int n)
{
    check_bytes(name, area + DST, want, (size_t)n);
    check_filled(nm("%s: guard bytes around it unchanged", name), area, GUARD, DST);
    check_filled(nm("%s: guard bytes after it unchanged", name), area + DST + n, GUARD, (size_t)(AREA - DST - n));
}

static void untouched(const char *name)
{
    check_filled(name, area, GUARD, AREA);
}

/* ep's gbuf[offset, offset + n) still holds the base pattern. */
static void server_unchanged(const char *name, int ep, int offset, int n)
{
    uint8_t now[PEEK_MAX];

    peek_at(ep, 0, offset, n, now);
    check_bytes(name, now, expected(offset, n), (size_t)n);
}

/* A copy that must fail with `error` and leave area as it was. */
static void refused_from(const char *name, int granter, int gid, uint32_t offset, size_t bytes, int error)
{
    reset_area();
    check(name, sys_safecopyfrom(granter, gid, offset, area + DST, bytes), error);
    untouched(nm("%s: nothing copied", name));
}

/* ---- main: the checks -------------------------------------------------------------------- */

static const uint8_t source[32] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xAA,
                                   0xAB, 0xAC, 0xAD, 0xAE, 0xAF, 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5,
                                   0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF};

static void direct_checks(void)
{
    int g = grant(granter_ep, self_ep, 256, 32, RW);
    check_true("a direct grant is made", g >= 0, ktest_result(g));

    reset_area();
    check("copy-from a direct grant", sys_safecopyfrom(granter_ep, g, 0, area + DST, 32), OK);
    landed("... moves exactly the granted bytes", expected(256, 32), 32);
    reset_area();
    check("copy-from at an offset", sys_safecopyfrom(granter_ep, g, 8, area + DST, 16), OK);
    landed("... moves exactly the bytes asked", expected(264, 16), 16);
    reset_area();
    check("copy-from of 0 bytes is OK", sys_safecopyfrom(granter_ep, g, 0, area + DST, 0), OK);
    untouched("... and copies nothing");
    refused_from("copy-from one byte beyond the grant is EPERM", granter_ep, g, 17, 16, EPERM);
    refused_from("copy-from at the grant's end is EPERM", granter_ep, g, 32, 1, EPERM);
    refused_from("copy-from with an offset that overflows is EPERM", granter_ep, g, 0xFFFFFFF0u, 32, EPERM);
    refused_from("copy-from of a huge byte count is EPERM", granter_ep, g, 0, 0x7FFFFFF0u, EPERM);

    uint8_t now[PEEK_MAX], want[PEEK_MAX];
    check("copy-to a direct grant", sys_safecopyto(granter_ep, g, 4, source, 8), OK);
    peek_at(granter_ep, 0, 248, PEEK_MAX, now);
    memcpy(want, expected(248, PEEK_MAX), PEEK_MAX);
    memcpy(want + 12, source, 8);
    check_bytes("... writes exactly the bytes asked into the granter's memory", now, want, PEEK_MAX);
    refill(granter_ep);
    check("copy-to beyond the grant is EPERM", sys_safecopyto(granter_ep, g, 30, source, 8), EPERM);
    server_unchanged("... and writes nothing", granter_ep, 248, PEEK_MAX);
    revoke(granter_ep, g);
}

static void access_checks(void)
{
    int gr = grant(granter_ep, self_ep, 320, 32, CPF_READ);
    int gw = grant(granter_ep, self_ep, 352, 32, CPF_WRITE);

    check("copy-to through a read-only grant is EPERM", sys_safecopyto(granter_ep, gr, 0, source, 32), EPERM);
    server_unchanged("... and writes nothing", granter_ep, 320, 32);
    reset_area();
    check("copy-from through a read-only grant", sys_safecopyfrom(granter_ep, gr, 0, area + DST, 32), OK);
    landed("... copies", expected(320, 32), 32);
    refused_from("copy-from through a write-only grant is EPERM", granter_ep, gw, 0, 32, EPERM);
    check("copy-to through a write-only grant", sys_safecopyto(granter_ep, gw, 0, source, 32), OK);
    refill(granter_ep);
    revoke(granter_ep, gr);
    revoke(granter_ep, gw);
}

static void error_checks(void)
{
    int g = grant(granter_ep, self_ep, 384, 32, RW);
    message m;

    refused_from("an invalid granter is EINVAL", BAD_EP, g, 0, 32, EINVAL);
    refused_from("a stale granter endpoint is EINVAL", granter_ep + ENDPOINT_GENERATION_SIZE, g, 0, 32, EINVAL);
    refused_from("a granter without a grant table is EPERM", plain_ep, 0, 0, 32, EPERM);
    refused_from("grant id -1 is EINVAL", granter_ep, -1, 0, 32, EINVAL);
    refused_from("grant id -5 is EINVAL", granter_ep, -5, 0, 32, EINVAL);
    memset(&m, 0, sizeof m);
    int count = req(granter_ep, &m, GR_COUNT);
    check_true("the granter's table has entries", count > 0, ktest_result(count));
    refused_from("a grant id equal to the table size is EPERM", granter_ep, count, 0, 32, EPERM);
    refused_from("a grant id far beyond the table is EPERM", granter_ep, count + 1000, 0, 32, EPERM);

    /* Revoked, then the slot reused for another grantee. */
    reset_area();
    check("copy-from a grant before it is revoked", sys_safecopyfrom(granter_ep, g, 0, area + DST, 32), OK);
    check("revoke", revoke(granter_ep, g), OK);
    refused_from("copy-from a revoked grant is EPERM", granter_ep, g, 0, 32, EPERM);
    check("copy-to a revoked grant is EPERM", sys_safecopyto(granter_ep, g, 0, source, 32), EPERM);
    server_unchanged("... and writes nothing", granter_ep, 384, 32);
    int again = grant(granter_ep, other_ep, 384, 32, RW);
    check_value("the revoked slot is the one reused", (uint32_t)again, (uint32_t)g);
    refused_from("a reused slot refuses the old grantee with EPERM", granter_ep, again, 0, 32, EPERM);
    uint8_t got[32];
    check("... and serves the new one", remote_copy(other_ep, granter_ep, again, 32, got), OK);
    check_bytes("... with the granter's bytes", got, expected(384, 32), 32);
    revoke(granter_ep, again);

    /* Another grantee, and ANY. */
    int gh = grant(granter_ep, other_ep, 416, 32, RW);
    refused_from("a grant to another process is EPERM", granter_ep, gh, 0, 32, EPERM);
    check("copy-to a grant to another process is EPERM", sys_safecopyto(granter_ep, gh, 0, source, 32), EPERM);
    server_unchanged("... and writes nothing", granter_ep, 416, 32);
    int ga = grant(granter_ep, ANY, 448, 32, CPF_READ);
    reset_area();
    check("a grant to ANY serves us", sys_safecopyfrom(granter_ep, ga, 0, area + DST, 32), OK);
    landed("... with the granter's bytes", expected(448, 32), 32);
    check("... and another process", remote_copy(other_ep, granter_ep, ga, 32, got), OK);
    check_bytes("... with the granter's bytes too", got, expected(448, 32), 32);
    revoke(granter_ep, gh);
    revoke(granter_ep, ga);
}

static void memory_checks(void)
{
    int g = grant(granter_ep, self_ep, 480, 32, RW);
    uint8_t *top = (uint8_t *)(uintptr_t)(USER_STACK_TOP - 16);
    uint8_t before[16], now[16];

    check("copy-from into unmapped memory of ours is EFAULT", sys_safecopyfrom(granter_ep, g, 0, (void *)0x1000, 16),
          EFAULT);
    check("copy-from into our read-only code is EFAULT",
          sys_safecopyfrom(granter_ep, g, 0, (void *)(uintptr_t)A(server_role), 16), EFAULT);
    memcpy(before, top, 16);
    check("copy-from across the end of our stack is EFAULT", sys_safecopyfrom(granter_ep, g, 0, top, 32), EFAULT);
    check_bytes("... and the mapped part is not written", top, before, 16);
    check("copy-to from unmapped memory of ours is EFAULT", sys_safecopyto(granter_ep, g, 0, (void *)0x1000, 16),
          EFAULT);
    server_unchanged("... and writes nothing", granter_ep, 480, 32);
    revoke(granter_ep, g);

    int gu = grant_at(granter_ep, self_ep, 0x30000000u, 0, 32, RW);
    refused_from("a grant of unmapped memory is EFAULT", granter_ep, gu, 0, 32, EFAULT);
    int gs = grant_at(granter_ep, self_ep, USER_STACK_TOP - 16, 0, 32, RW);
    peek_at(granter_ep, USER_STACK_TOP - 16, 0, 16, before);
    refused_from("a grant across the end of the granter's stack: copy-from is EFAULT", granter_ep, gs, 0, 32, EFAULT);
    reset_area();
    check("... its mapped part alone copies", sys_safecopyfrom(granter_ep, gs, 0, area + DST, 16), OK);
    landed("... the granter's bytes", before, 16);
    check("... copy-to across the end is EFAULT", sys_safecopyto(granter_ep, gs, 0, source, 32), EFAULT);
    peek_at(granter_ep, USER_STACK_TOP - 16, 0, 16, now);
    check_bytes("... and writes nothing", now, before, 16);
    int gt = grant_at(granter_ep, self_ep, A(server_role), 0, 16, RW);
    check("copy-to a grant of the granter's read-only code is EFAULT", sys_safecopyto(granter_ep, gt, 0, source, 16),
          EFAULT);
    revoke(granter_ep, gu);
    revoke(granter_ep, gs);
    revoke(granter_ep, gt);
}

static void magic_checks(void)
{
    uint32_t gaddr = server_addr(granter_ep), oaddr = server_addr(other_ep);
    uint8_t got[32];

    int gm = grant_magic(vfs_ep, self_ep, granter_ep, gaddr + 512, 32, RW);
    check_true("vfs makes a magic grant", gm >= 0, ktest_result(gm));
    reset_area();
    check("a magic grant by vfs is honoured", sys_safecopyfrom(vfs_ep, gm, 0, area + DST, 32), OK);
    landed("... and reads the memory of the process it names", expected(512, 32), 32);
    check("copy-to a magic grant by vfs", sys_safecopyto(vfs_ep, gm, 8, source, 8), OK);
    peek_at(granter_ep, 0, 512, 32, got);
    uint8_t want[32];
    memcpy(want, expected(512, 32), 32);
    memcpy(want + 8, source, 8);
    check_bytes("... writes the memory of the process it names", got, want, 32);
    refill(granter_ep);

    int gn = grant_magic(granter_ep, self_ep, other_ep, oaddr + 512, 32, RW);
    refused_from("a magic grant by a process not labelled vfs is EPERM", granter_ep, gn, 0, 32, EPERM);
    check("copy-to it is EPERM too", sys_safecopyto(granter_ep, gn, 0, source, 32), EPERM);
    server_unchanged("... and the named process is not written", other_ep, 512, 32);

    int go = grant_magic(vfs_ep, other_ep, granter_ep, gaddr + 512, 32, RW);
    refused_from("a magic grant by vfs to another process is EPERM", vfs_ep, go, 0, 32, EPERM);
    check("... and serves the process it names", remote_copy(other_ep, vfs_ep, go, 32, got), OK);
    check_bytes("... with the memory of the process it names", got, expected(512, 32), 32);
    int gr = grant_magic(vfs_ep, self_ep, granter_ep, gaddr + 512, 32, CPF_READ);
    check("copy-to a read-only magic grant is EPERM", sys_safecopyto(vfs_ep, gr, 0, source, 32), EPERM);
    server_unchanged("... and writes nothing", granter_ep, 512, 32);
    revoke(vfs_ep, gm);
    revoke(vfs_ep, go);
    revoke(vfs_ep, gr);
    revoke(granter_ep, gn);
}

/* A chain of `depth` indirect grants alternating between granter and other, ending with an
   indirect grant to us; the first entry is a direct grant of granter's gbuf[576, 608). */
static void chain_check(int depth)
{
    int holder[8], ids[8];

    for (int i = 0; i <= depth; i++) {
        holder[i] = i % 2 == 0 ? granter_ep : other_ep;
    }
    for (int i = 0; i <= depth; i++) {
        int who = i == depth ? self_ep : holder[i + 1];
        ids[i] = i == 0 ? grant(holder[0], who, 576, 32, RW)
                        : grant_indirect(holder[i], who, holder[i - 1], ids[i - 1]);
    }
    if (depth <= MAX_INDIRECT_DEPTH) {
        reset_area();
        check(nm("an indirect chain of depth %d copies", depth),
              sys_safecopyfrom(holder[depth], ids[depth], 0, area + DST, 32), OK);
        landed(nm("... the first granter's bytes (depth %d)", depth), expected(576, 32), 32);
    } else {
        refused_from(nm("an indirect chain of depth %d is ELOOP", depth), holder[depth], ids[depth], 0, 32, ELOOP);
    }
    for (int i = depth; i >= 0; i--) {
        revoke(holder[i], ids[i]);
    }
}

static void indirect_checks(void)
{
    for (int depth = 1; depth <= MAX_INDIRECT_DEPTH + 1; depth++) {
        chain_check(depth);
    }

    int gd = grant(granter_ep, self_ep, 576, 32, RW);
    int hi = grant_indirect(other_ep, self_ep, granter_ep, gd);
    refused_from("an indirect grant of a grant not made to its granter is EPERM", other_ep, hi, 0, 32, EPERM);
    revoke(other_ep, hi);
    revoke(granter_ep, gd);

    gd = grant(granter_ep, other_ep, 576, 32, RW);
    hi = grant_indirect(other_ep, granter_ep, granter_ep, gd);
    refused_from("an indirect grant to another process is EPERM", other_ep, hi, 0, 32, EPERM);
    revoke(other_ep, hi);
    revoke(granter_ep, gd);

    gd = grant(granter_ep, other_ep, 576, 32, CPF_READ);
    hi = grant_indirect(other_ep, self_ep, granter_ep, gd);
    check("copy-to through an indirect grant of a read-only grant is EPERM",
          sys_safecopyto(other_ep, hi, 0, source, 32), EPERM);
    server_unchanged("... and writes nothing", granter_ep, 576, 32);
    reset_area();
    check("copy-from through it", sys_safecopyfrom(other_ep, hi, 0, area + DST, 32), OK);
    landed("... copies the first granter's bytes", expected(576, 32), 32);
    revoke(other_ep, hi);
    revoke(granter_ep, gd);
}

static void vsafecopy_checks(void)
{
    static vscp_vec vec[VSCP_MAX + 1];
    int g = grant(granter_ep, self_ep, 640, 32, RW);
    uint8_t now[32], want[32];

    memset(vec, 0, sizeof vec);
    vec[0] = (vscp_vec){granter_ep, SELF, g, 0, A(area + DST), 8};
    vec[1] = (vscp_vec){SELF, granter_ep, g, 16, A(source), 8};
    reset_area();
    check("VSAFECOPY of a copy-from and a copy-to", sys_vsafecopy(vec, 2), OK);
    landed("... the copy-from lands", expected(640, 8), 8);
    peek_at(granter_ep, 0, 640, 32, now);
    memcpy(want, expected(640, 32), 32);
    memcpy(want + 16, source, 8);
    check_bytes("... the copy-to lands", now, want, 32);
    refill(granter_ep);

    vec[0] = (vscp_vec){SELF, SELF, g, 0, A(area + DST), 8};
    reset_area();
    check("an element with SELF on both sides is EINVAL", sys_vsafecopy(vec, 1), EINVAL);
    untouched("... nothing copied");
    vec[0] = (vscp_vec){granter_ep, granter_ep, g, 0, A(area + DST), 8};
    check("an element with SELF on neither side is EINVAL", sys_vsafecopy(vec, 1), EINVAL);
    untouched("... nothing copied");
    check("a count of -1 is EINVAL", sys_vsafecopy(vec, -1), EINVAL);
    check("a count of VSCP_MAX + 1 is EINVAL", sys_vsafecopy(vec, VSCP_MAX + 1), EINVAL);
    check("a count of 0 is OK", sys_vsafecopy(vec, 0), OK);

    int dead = grant(granter_ep, self_ep, 672, 8, RW);
    revoke(granter_ep, dead);
    vec[0] = (vscp_vec){granter_ep, SELF, g, 0, A(area + DST), 8};
    vec[1] = (vscp_vec){granter_ep, SELF, dead, 0, A(area + DST + 8), 8};
    vec[2] = (vscp_vec){granter_ep, SELF, g, 8, A(area + DST + 16), 8};
    reset_area();
    check("VSAFECOPY returns the first error (a revoked grant: EPERM)", sys_vsafecopy(vec, 3), EPERM);
    check_bytes("... the element before it is done", area + DST, expected(640, 8), 8);
    check_filled("... the failing element copies nothing", area + DST + 8, GUARD, 8);
    check_filled("... the element after it is not run", area + DST + 16, GUARD, 8);

    int big = grant(granter_ep, self_ep, 704, 64, CPF_READ);
    for (int i = 0; i < VSCP_MAX; i++) {
        vec[i] = (vscp_vec){granter_ep, SELF, big, (uint32_t)i, A(area + DST + i), 1};
    }
    reset_area();
    check("VSAFECOPY of VSCP_MAX elements", sys_vsafecopy(vec, VSCP_MAX), OK);
    const uint8_t *w = expected(704, 64);
    landed("... each lands in order", w, 64);
    revoke(granter_ep, g);
    revoke(granter_ep, big);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "server") == 0) {
        server_role();
    }
    if (argc != 6 || strcmp(argv[1], "main") != 0) {
        panic("usage: grants main @granter @other @vfs @plain | grants server");
    }
    granter_ep = arg_ep(argc, argv, 2);
    other_ep = arg_ep(argc, argv, 3);
    vfs_ep = arg_ep(argc, argv, 4);
    plain_ep = arg_ep(argc, argv, 5);
    sys_whoami(&self_ep, NULL, 0, NULL);
    refill(granter_ep);
    refill(other_ep);
    refill(vfs_ep);

    direct_checks();
    access_checks();
    error_checks();
    memory_checks();
    magic_checks();
    indirect_checks();
    vsafecopy_checks();
    ktest_finish();
}
