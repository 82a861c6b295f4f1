/*
 * speedmix -- the whole-process speed benchmark of scripts/compare-speed.sh (issue 17): a mix
 * of integer, memory, string, call-heavy and paging work, run for `rounds=N` rounds (multiboot
 * command line; 1 when absent, which is what the test suite boots). Every round does the same
 * work from the same starting state, so every round must produce the same checksum, and that
 * checksum must be the one recorded below: a wrong instruction anywhere shows up as a FAIL.
 * One round is about 14 million guest instructions; compare-speed.sh runs 100 (about 1.4
 * billion). The checks print the same lines for any round count.
 *
 * Nothing printed depends on speed or memory size.
 */
#include "pc.h"

const char test_name[] = "speedmix";

/* The checksum of one round, as QEMU and minix-emu compute it. */
#define ROUND_CHECKSUM 0xED69B3B5u

/* ---- integer: xorshift, multiply, divide, shifts, flags ------------------------------- */

static uint32_t integer_work(uint32_t seed, int n)
{
    uint32_t x = seed, acc = 0;
    for (int i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        acc += x * 2654435761u;
        acc ^= (acc >> 7) + (uint32_t)i;
        if ((x & 3) == 0)
            acc += x / ((uint32_t)i | 7u);
        else
            acc = (acc << 3) | (acc >> 29);
    }
    return acc ^ x;
}

/* ---- memory: loads and stores over 256 KiB, sequential and strided -------------------- */

#define MEM_WORDS (64 * 1024)
static uint32_t mem[MEM_WORDS];

static uint32_t memory_work(int passes)
{
    for (int i = 0; i < MEM_WORDS; i++)
        mem[i] = (uint32_t)i * 0x9E3779B9u;
    uint32_t sum = 0;
    for (int p = 0; p < passes; p++) {
        uint32_t stride = 1u + 2u * (uint32_t)p;     /* odd: visits every word */
        uint32_t j = (uint32_t)p;
        for (int i = 0; i < MEM_WORDS; i++) {
            j = (j + stride) & (MEM_WORDS - 1);
            sum += mem[j];
            mem[j] = sum ^ (uint32_t)i;
        }
    }
    return sum;
}

/* ---- string: REP MOVS, REP STOS, REPE CMPS, REPNE SCAS ------------------------------- */

static uint8_t str_a[16384], str_b[16384];

static void rep_movsb(void *d, const void *s, uint32_t n)
{ __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); }
static void rep_movsd(void *d, const void *s, uint32_t n)
{ __asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); }
static void rep_stosb(void *d, uint8_t v, uint32_t n)
{ __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(v) : "memory"); }

/* Bytes equal at the start of a and b (REPE CMPSB). */
static uint32_t rep_cmpsb(const void *a, const void *b, uint32_t n)
{
    uint32_t left = n;
    __asm__ volatile("repe cmpsb" : "+S"(a), "+D"(b), "+c"(left) : : "memory", "cc");
    return n - left;
}

/* Bytes before the first c (REPNE SCASB); n if none. */
static uint32_t rep_scasb(const void *s, uint8_t c, uint32_t n)
{
    uint32_t left = n;
    const void *start = s;
    __asm__ volatile("repne scasb" : "+D"(s), "+c"(left) : "a"(c) : "memory", "cc");
    return (uint32_t)((const uint8_t *)s - (const uint8_t *)start) - (left == 0 ? 0 : 1);
}

static uint32_t string_work(int passes)
{
    uint32_t sum = 0;
    for (int p = 0; p < passes; p++) {
        rep_stosb(str_a, (uint8_t)(p + 1), sizeof str_a);
        str_a[(p * 977) % sizeof str_a] = 0;
        rep_movsd(str_b, str_a, sizeof str_a / 4);
        rep_movsb(str_b + 1, str_a, sizeof str_a - 1);
        sum += rep_cmpsb(str_a, str_b, sizeof str_a);
        sum += rep_scasb(str_a, 0, sizeof str_a);
        sum += str_b[(p * 131) % sizeof str_b];
        /* a byte loop of the kind compiled string code is made of */
        for (uint32_t i = 0; i < 2048; i++)
            sum = sum * 31 + str_b[i];
    }
    return sum;
}

/* ---- call-heavy: recursion and a function-pointer dispatch --------------------------- */

static __attribute__((noinline)) uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static __attribute__((noinline)) uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static __attribute__((noinline)) uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ (b << 1); }
static __attribute__((noinline)) uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1); }
static __attribute__((noinline)) uint32_t op_sub(uint32_t a, uint32_t b) { return a - (b >> 1); }
static uint32_t (*const ops[4])(uint32_t, uint32_t) = {op_add, op_xor, op_mul, op_sub};

static uint32_t call_work(int n)
{
    uint32_t acc = fib(20);
    for (int i = 0; i < n; i++)
        acc = ops[(acc ^ (uint32_t)i) & 3](acc, (uint32_t)i);
    return acc;
}

/* ---- paging: a window remapped each pass, the TLB flushed, every page touched --------- */

#define IDENTITY_TABLES 4                   /* the first 16 MiB, identity mapped */
#define WINDOW 0x40000000u                  /* 512 pages of virtual window */
#define WINDOW_PAGES 512

static uint32_t page_dir[1024] __attribute__((aligned(4096)));
static uint32_t identity[IDENTITY_TABLES][1024] __attribute__((aligned(4096)));
static uint32_t window_table[1024] __attribute__((aligned(4096)));
static uint8_t frames[WINDOW_PAGES][4096] __attribute__((aligned(4096)));

static void paging_on(void)
{
    for (int t = 0; t < IDENTITY_TABLES; t++) {
        for (int i = 0; i < 1024; i++)
            identity[t][i] = ((uint32_t)(t * 1024 + i) << 12) | 0x3;
        page_dir[t] = (uint32_t)identity[t] | 0x3;
    }
    page_dir[WINDOW >> 22] = (uint32_t)window_table | 0x3;
    write_cr3((uint32_t)page_dir);
    write_cr0(read_cr0() | 0x80000000u);
}

static void paging_off(void)
{
    write_cr0(read_cr0() & ~0x80000000u);
}

static uint32_t paging_work(int passes)
{
    for (int f = 0; f < WINDOW_PAGES; f++)
        for (int i = 0; i < 4096; i += 512)
            frames[f][i] = (uint8_t)(f + i / 512);
    uint32_t sum = 0;
    paging_on();
    for (int p = 0; p < passes; p++) {
        for (int i = 0; i < WINDOW_PAGES; i++)
            window_table[i] = (uint32_t)frames[(i * 7 + p) % WINDOW_PAGES] | 0x3;
        write_cr3((uint32_t)page_dir);      /* flush: every touch below walks the tables */
        volatile uint8_t *w = (volatile uint8_t *)WINDOW;
        for (int i = 0; i < WINDOW_PAGES; i++) {
            uint32_t at = (uint32_t)i * 4096u + (uint32_t)((i + p) & 7) * 512u;
            sum = sum * 33 + w[at];
            w[at] = (uint8_t)(sum >> 8);
        }
        if (p & 1)
            invlpg(w);
    }
    paging_off();
    return sum;
}

/* ---- one round ------------------------------------------------------------------------ */

static uint32_t round_checksum(void)
{
    uint32_t c = 0;
    c = c * 0x01000193u ^ integer_work(0x12345678u, 120000);
    c = c * 0x01000193u ^ memory_work(7);
    c = c * 0x01000193u ^ string_work(48);
    c = c * 0x01000193u ^ call_work(90000);
    c = c * 0x01000193u ^ paging_work(180);
    return c;
}

static int parse_rounds(void)
{
    char buf[16];
    if (!cmdline_get("rounds", buf, sizeof buf))
        return 1;
    int n = 0;
    for (char *s = buf; *s >= '0' && *s <= '9'; s++)
        n = n * 10 + (*s - '0');
    return n > 0 ? n : 1;
}

void test_main(void)
{
    int rounds = parse_rounds();
    uint32_t first = round_checksum();
    uint32_t total = first;
    int differing = 0;
    for (int r = 1; r < rounds; r++) {
        uint32_t c = round_checksum();
        if (c != first)
            differing++;
        total = total * 0x01000193u ^ c;
    }
    check_eq("every round gives the same checksum", (uint32_t)differing, 0);
    check_eq("round checksum", first, ROUND_CHECKSUM);
    (void)total;
}
