/*
 * kfuzz -- args SEED COUNT @canary: makes COUNT seeded random kernel calls and IPC calls
 * from an unprivileged system process (`system BASIC`, `ipc canary`), counts the result of
 * each, prints the counts, and then tells the canary it is done (the canary checks that its
 * memory and its share of the CPU survived, and powers the machine off).
 *
 * Random: the kernel-call number (mostly inside the call range, sometimes around it or
 * anywhere), every field of the message (endpoints valid, stale, magic or garbage; addresses
 * valid, unmapped, read-only or kernel-ish; small numbers; noise), the message's own address,
 * and the IPC call number, peer and buffer. What it never does, so that every call returns:
 * SYS_EXIT; SYSCTL DIAG or STACKTRACE (random text on the console); RECEIVE from a peer that
 * could ever send (only from endpoints that are dead, stale or itself); SEND or SENDREC to
 * anyone but the canary, which answers everything. Addresses it hands the kernel never point
 * into its own code, data or stack, except a scratch arena placed after everything else and
 * the last 64 bytes below the stack's end (for buffers that run off it).
 */
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ktest.h"

#define ARENA_SIZE 0x8000
#define ARENA_SLACK 0x1000 /* addresses given out stay this far from the arena's end */

#define A(p) ((uint32_t)(uintptr_t)(p))

static int self_ep, canary_ep;
static uint32_t canary_buffer;

/* Scratch memory the kernel may write anywhere in (messages, tables, copies land here).
   In common storage, which the linker script places after all of .bss: a long copy into it
   that the kernel accepts (say, through a random "grant" it finds in the arena) runs into
   unmapped memory, never into our own variables. */
__attribute__((common, aligned(64))) uint8_t arena[ARENA_SIZE + ARENA_SLACK];
/* Well-formed grants into the arena (and a few ill-formed ones) for SETGRANT to point at. */
static cp_grant gtable[8];
/* Read-only memory with known contents. */
static const message ro_message = {.m_type = SYS_TIMES};

/* ---- randomness ---------------------------------------------------------------------------- */

static uint32_t rng;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static uint32_t below(uint32_t n)
{
    return rnd() % n;
}

/* Addresses the kernel must not be handed: our code, data, heap and stack (the arena is
   given out on purpose, from pick_address only; the last 64 bytes below the stack's end
   are given out too, as buffers that run off the end). */
static int dangerous(uint32_t v)
{
    return (v >= 0x08048000u && v < 0x08400000u) ||
           (v >= USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE && v < USER_STACK_TOP - 64);
}

/* A 4-byte aligned address inside the arena, with room for `room` bytes before its end. */
static uint32_t in_arena(uint32_t room)
{
    return (A(arena) + below(ARENA_SIZE - room)) & ~3u;
}

static int inside_arena(uint32_t v)
{
    return v >= A(arena) && v < A(arena) + ARENA_SIZE + ARENA_SLACK;
}

/* Noise that is safe as an address (moved out of the dangerous ranges). */
static uint32_t noise(void)
{
    uint32_t v = rnd();
    return dangerous(v) ? v ^ 0x40000000u : v;
}

static int pick_endpoint(void)
{
    switch (below(11)) {
    case 0: return self_ep;
    case 1: return canary_ep;
    case 2: return SELF;
    case 3: return ANY;
    case 4: return NONE;
    case 5: return -1 - (int)below(NR_TASKS); /* kernel tasks */
    case 6: return canary_ep + (int)(1 + below(3)) * ENDPOINT_GENERATION_SIZE; /* stale */
    case 7: return (int)below(NR_PROCS + 8); /* slots, mostly free */
    case 8: return -(int)below(2 * MAX_NR_TASKS);
    case 9: return (int)below(MAX_GENERATION) * ENDPOINT_GENERATION_SIZE + (int)below(NR_PROCS);
    default: return (int)noise();
    }
}

/* An endpoint no IPC can wait on: a receive from it or a send to it returns at once. */
static int pick_dead_endpoint(void)
{
    for (;;) {
        int ep = pick_endpoint();
        if (ep != canary_ep && ep != ANY && !(ep >= -NR_TASKS && ep < 0)) {
            return ep;
        }
    }
}

static uint32_t pick_address(void)
{
    switch (below(9)) {
    case 0:
    case 1:
    case 2: return A(arena) + below(ARENA_SIZE);                 /* valid, writable */
    case 3: return below(0x08048000u);                           /* unmapped, NULL included */
    case 4: return A(&ro_message) + below(sizeof ro_message);    /* read-only */
    case 5: return USER_STACK_TOP - 1 - below(64);               /* runs off the stack's end */
    case 6: return 0xC0000000u + below(0x30000000u);             /* kernel-ish */
    case 7: return 0xFFFFFFFFu - below(128);                     /* wraps around */
    default: return noise();
    }
}

/* A message field: an endpoint, an address, a small number, or noise. */
static uint32_t pick_field(void)
{
    switch (below(6)) {
    case 0: return (uint32_t)pick_endpoint();
    case 1:
    case 2: return pick_address();
    case 3: return (uint32_t)((int)below(80) - 8);
    case 4: return below(0x10000);
    default: return noise();
    }
}

/* ---- the calls ----------------------------------------------------------------------------- */

static int kernel_trap(uint32_t address)
{
    int eax = (int)address;
    __asm__ volatile("int %[vec]" : "+a"(eax) : [vec] "i"(KERNEL_CALL_VECTOR) : "memory");
    return eax;
}

static int ipc_trap(int call, int peer, uint32_t address)
{
    int eax = peer;
    uint32_t ebx = address;
    __asm__ volatile("int %[vec]" : "+a"(eax), "+b"(ebx) : "c"(call), [vec] "i"(IPC_VECTOR) : "memory");
    return eax;
}

static int pick_call(void)
{
    for (;;) {
        int call;
        switch (below(7)) {
        case 0: call = KERNEL_CALL - 8 + (int)below(NR_SYS_CALLS + 16); break;
        case 1: call = (int)noise(); break;
        default: call = KERNEL_CALL + (int)below(NR_SYS_CALLS);
        }
        if (call != SYS_EXIT) {
            return call;
        }
    }
}

static int random_kernel_call(void)
{
    uint32_t address = in_arena(MESSAGE_SIZE);
    int valid = below(8) != 0;

    if (valid) {
        message *m = (message *)(uintptr_t)address;
        uint32_t *fields = (uint32_t *)(void *)m->m_u.m_raw;
        for (int i = 0; i < MESSAGE_PAYLOAD / 4; i++) {
            fields[i] = pick_field();
        }
        m->m_source = (int32_t)pick_field();
        m->m_type = pick_call();
        if (m->m_type == SYS_SYSCTL &&
            (m->m1_i1 == SYSCTL_CODE_DIAG || m->m1_i1 == SYSCTL_CODE_STACKTRACE)) {
            m->m1_i1 = 0x77; /* no random text, no stack dumps on the console */
        }
        if (m->m_type == SYS_SETGRANT && below(3) == 0) {
            m->m2_p1 = gtable;
            m->m2_i2 = (int32_t)below(10);
        }
        if ((m->m_type == SYS_SAFECOPYFROM || m->m_type == SYS_SAFECOPYTO) && below(2) == 0) {
            m->m2_i1 = below(2) ? SELF : self_ep;
            m->m2_i3 = (int32_t)below(9) - 1;
            m->m2_l1 = (int32_t)below(300);
            m->m2_l2 = (int32_t)below(600);
        }
    } else {
        /* A message the kernel cannot read or write back whole (or the read-only one). */
        address = pick_address();
        if (dangerous(address) || inside_arena(address)) {
            address = 0;
        }
    }
    return kernel_trap(address);
}

static int random_ipc_call(void)
{
    int call, peer;
    uint32_t address = below(4) != 0 ? in_arena(MESSAGE_SIZE) : pick_address();

    switch (below(10)) {
    case 0: call = SEND; break;
    case 1: call = RECEIVE; break;
    case 2: call = SENDREC; break;
    case 3: call = NOTIFY; break;
    case 4: call = SENDNB; break;
    case 5: call = SENDA; break;
    case 6: call = (int)below(32); break;
    default: call = (int)rnd();
    }
    if (inside_arena(address)) {
        address &= ~3u;
        uint32_t *words = (uint32_t *)(uintptr_t)address;
        for (int i = 0; i < MESSAGE_SIZE / 4; i++) {
            words[i] = pick_field();
        }
    }
    if (call == SENDA) {
        /* A table in the arena that fits the slack, a count the kernel refuses before it
           reads anything, or a table it cannot read. */
        switch (below(3)) {
        case 0:
            address = in_arena(0);
            peer = (int)below(ARENA_SLACK / sizeof(asynmsg));
            for (int i = 0; i < peer * (int)(sizeof(asynmsg) / 4); i++) {
                ((uint32_t *)(uintptr_t)address)[i] = pick_field();
            }
            break;
        case 1: peer = SENDA_MAX_ENTRIES + 1 + (int)below(1000); break;
        default:
            address = pick_address();
            if (inside_arena(address)) {
                address = 0;
            }
            peer = (int)below(64);
        }
    } else if ((call == SEND || call == SENDREC) && below(2) == 0) {
        peer = canary_ep;
    } else if (call == NOTIFY || call == SENDNB) {
        peer = pick_endpoint();
    } else {
        peer = pick_dead_endpoint();
    }
    if (dangerous(address) && !inside_arena(address)) {
        address = 0;
    }
    return ipc_trap(call, peer, address);
}

/* ---- counting ------------------------------------------------------------------------------ */

struct tally {
    int code[48];
    int count[48];
    int other;
    int n;
};

static void count(struct tally *t, int r)
{
    for (int i = 0; i < t->n; i++) {
        if (t->code[i] == r) {
            t->count[i]++;
            return;
        }
    }
    if (t->n < 48) {
        t->code[t->n] = r;
        t->count[t->n++] = 1;
    } else {
        t->other++;
    }
}

static void print_tally(const char *what, const struct tally *t)
{
    for (int i = 0; i < t->n; i++) {
        printf("%s %s: %d\n", what, ktest_result(t->code[i]), t->count[i]);
    }
    if (t->other > 0) {
        printf("%s other results: %d\n", what, t->other);
    }
}

static void make_grants(void)
{
    memset(gtable, 0, sizeof gtable);
    gtable[0].direct = (cp_direct){CPF_USED | CPF_VALID | CPF_DIRECT | CPF_READ | CPF_WRITE, self_ep,
                                   A(arena) + 0x100, 256, {0}};
    gtable[1].direct = (cp_direct){CPF_USED | CPF_VALID | CPF_DIRECT | CPF_READ, ANY, A(arena) + 0x400, 512, {0}};
    gtable[2].direct = (cp_direct){CPF_USED | CPF_VALID | CPF_DIRECT | CPF_WRITE, self_ep, A(arena) + 0x800, 64, {0}};
    gtable[3].indirect = (cp_indirect){CPF_USED | CPF_VALID | CPF_INDIRECT, self_ep, self_ep, 0, {0}};
    gtable[4].indirect = (cp_indirect){CPF_USED | CPF_VALID | CPF_INDIRECT, self_ep, self_ep, 4, {0}}; /* a loop */
    /* Not honoured (we are not vfs): if it were, the canary's buffer would change. */
    gtable[5].magic = (cp_magic){CPF_USED | CPF_VALID | CPF_MAGIC | CPF_READ | CPF_WRITE, canary_ep, self_ep,
                                 canary_buffer + 0x1000, 0x1000, {0}};
    /* Someone else's: refused. */
    gtable[6].direct = (cp_direct){CPF_USED | CPF_VALID | CPF_DIRECT | CPF_READ | CPF_WRITE, canary_ep,
                                   A(arena) + 0x100, 256, {0}};
    gtable[7].flags = CPF_USED | CPF_DIRECT | CPF_READ; /* not VALID */
}

int main(int argc, char **argv)
{
    static struct tally kernel_results, ipc_results;
    message m;

    if (argc != 4) {
        panic("usage: kfuzz SEED COUNT @canary");
    }
    rng = (uint32_t)strtoul(argv[1], NULL, 0);
    if (rng == 0) {
        rng = 0x9E3779B9u; /* xorshift never leaves 0 */
    }
    int calls = (int)strtol(argv[2], NULL, 0);
    canary_ep = arg_ep(argc, argv, 3);
    sys_whoami(&self_ep, NULL, 0, NULL);

    memset(&m, 0, sizeof m);
    m.m_type = FUZZ_HELLO;
    if (ipc_sendrec(canary_ep, &m) != OK) {
        panic("the canary does not answer");
    }
    canary_buffer = A(m.m1_p1);
    make_grants();
    printf("seed %s: %d calls\n", argv[1], calls);

    int kernel_calls = 0, ipc_calls = 0;
    for (int i = 0; i < calls; i++) {
        if (below(3) != 0) {
            count(&kernel_results, random_kernel_call());
            kernel_calls++;
        } else {
            count(&ipc_results, random_ipc_call());
            ipc_calls++;
        }
    }
    ipc_senda(NULL, 0); /* drop any table a random SENDA left registered */
    sys_setalarm(0, 0);
    printf("seed %s: %d calls made (%d kernel calls, %d IPC calls)\n", argv[1], kernel_calls + ipc_calls, kernel_calls,
           ipc_calls);
    print_tally("kernel call", &kernel_results);
    print_tally("IPC", &ipc_results);

    memset(&m, 0, sizeof m);
    m.m_type = FUZZ_DONE;
    m.m2_l1 = (int32_t)FUZZ_MAGIC;
    m.m2_l2 = kernel_calls + ipc_calls;
    ipc_sendrec(canary_ep, &m); /* the canary powers the machine off */
    panic("the canary did not power off");
}
