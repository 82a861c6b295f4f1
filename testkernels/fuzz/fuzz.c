/*
 * fuzz -- the differential fuzzing kernel (docs/cpu-fuzzing.md).
 *
 * Runs a test program of single instructions, read from the first multiboot module, and
 * prints the result of each on COM1, so that two emulators' outputs can be compared line by
 * line. The program is written by minix-emu's test class org.minixemu.cli.fuzz.FuzzProgram,
 * which is the reference for the format. In short, all little-endian:
 *
 *   header, 32 bytes   "FUZ1"; version 1; flags (bit 0: dump the scratch area after every
 *                      record); record count; scratch base; scratch size; record size (96); 0
 *   record, 96 bytes   +0  flags (bit 0: dump the scratch area after this record)
 *                      +1  code length, 1-32: the instruction, perhaps after one or two that
 *                          only set flags (CMP, TEST, BT, ...)
 *                      +2  undefined registers: bit i set prints register i as xxxxxxxx
 *                      +3  patch length, 0-8
 *                      +4  EAX ECX EDX EBX ESP EBP ESI EDI (ESP must point into scratch)
 *                      +36 EFLAGS (only CF PF AF ZF SF DF OF are taken)
 *                      +40 the flags to print (the ones the code leaves defined)
 *                      +44 seed of the scratch area's contents
 *                      +48 the code, padded to 32 bytes
 *                      +80 patch offset in the scratch area (16 bits), 2 bytes zero
 *                      +84 patch bytes (8), then 4 bytes zero
 *
 * The scratch area is filled with xorshift32 words (x ^= x << 13; x ^= x >> 17; x ^= x << 5,
 * starting from the seed, or from 0x2545F491 if the seed is 0), the first word being the
 * first step's result; then the patch bytes are written over it.
 *
 * For each record: the scratch area is filled, the code is copied to an execution buffer
 * followed by a JMP back, the registers and flags are loaded, the code runs, and one line
 * is printed (numbers in hexadecimal, %08x, except N):
 *
 *   N EAX ECX EDX EBX ESP EBP ESI EDI EFLAGS&mask CRC32(scratch area)
 *   N mem <every byte of the scratch area>            (only when dumping)
 *   record N exception V                              (a fault or trap; V in decimal)
 *
 * The scratch area sits in low memory (below 64 KiB, so that 16-bit addresses reach it),
 * with 20 KiB below it for the frames of exceptions taken on the record's stack. The boot
 * information is read before any of it is touched.
 */
#include "runtime.h"

const char test_name[] = "fuzz";

#define FUZZ_MAGIC      0x315A5546u     /* "FUZ1" */
#define FUZZ_VERSION    1u
#define HDR_DUMP_ALL    1u
#define REC_DUMP        1u

#define SCRATCH_BASE    0x7000u
#define SCRATCH_SIZE    256u
#define LOW_START       0x2000u         /* exception frames on the record's stack go here */
#define LOW_END         (SCRATCH_BASE + SCRATCH_SIZE)

struct fuzz_header {
    uint32_t magic, version, flags, count, scratch_base, scratch_size, record_size, reserved;
};

struct fuzz_record {
    uint8_t flags, length, undef_regs, patch_length;
    uint32_t regs[8];
    uint32_t eflags, mask, seed;
    uint8_t code[32];
    uint16_t patch_offset, reserved0;
    uint8_t patch[8];
    uint32_t reserved1;
};
_Static_assert(sizeof(struct fuzz_header) == 32, "header is 32 bytes");
_Static_assert(sizeof(struct fuzz_record) == 96, "record is 96 bytes");

#define ARITH_FLAGS     0x00000CD5u     /* CF PF AF ZF SF DF OF */

/* exec.S */
extern uint32_t fuzz_in[9], fuzz_out[9];
extern uint8_t fuzz_code[];
extern uint8_t fuzz_return[];
void fuzz_exec(void);

/* lib/entry.S pushed the multiboot magic and information address just below this before
   calling runtime_start(), whose arguments they are. */
extern uint8_t boot_stack_top[];

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32(const volatile uint8_t *p, uint32_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static void fill_scratch(const struct fuzz_record *r)
{
    volatile uint32_t *w = (volatile uint32_t *)SCRATCH_BASE;
    uint32_t x = r->seed ? r->seed : 0x2545F491u;
    for (uint32_t i = 0; i < SCRATCH_SIZE / 4; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        w[i] = x;
    }
    volatile uint8_t *b = (volatile uint8_t *)SCRATCH_BASE;
    for (uint32_t i = 0; i < r->patch_length && i < 8; i++)
        b[(r->patch_offset + i) % SCRATCH_SIZE] = r->patch[i];
}

static void put_hex8(uint32_t v)
{
    for (int s = 28; s >= 0; s -= 4)
        putchar_serial("0123456789abcdef"[(v >> s) & 0xF]);
}

static void dump_scratch(uint32_t n)
{
    const volatile uint8_t *b = (const volatile uint8_t *)SCRATCH_BASE;
    printf("%u mem ", n);
    for (uint32_t i = 0; i < SCRATCH_SIZE; i++) {
        putchar_serial("0123456789abcdef"[b[i] >> 4]);
        putchar_serial("0123456789abcdef"[b[i] & 0xF]);
    }
    putchar_serial('\n');
}

static uint32_t exceptions;

static void run_record(uint32_t n, const struct fuzz_record *r, int dump)
{
    if (r->length < 1 || r->length > sizeof r->code) {
        printf("record %u rejected: code length %u\n", n, r->length);
        return;
    }
    if (r->regs[4] < SCRATCH_BASE || r->regs[4] > SCRATCH_BASE + SCRATCH_SIZE) {
        printf("record %u rejected: ESP %08x outside the scratch area\n", n, r->regs[4]);
        return;
    }
    fill_scratch(r);

    for (uint32_t i = 0; i < r->length; i++)
        fuzz_code[i] = r->code[i];
    uint8_t *jmp = fuzz_code + r->length;
    uint32_t rel = (uint32_t)fuzz_return - (uint32_t)(jmp + 5);
    jmp[0] = 0xE9;
    jmp[1] = (uint8_t)rel;
    jmp[2] = (uint8_t)(rel >> 8);
    jmp[3] = (uint8_t)(rel >> 16);
    jmp[4] = (uint8_t)(rel >> 24);

    for (int i = 0; i < 8; i++)
        fuzz_in[i] = r->regs[i];
    fuzz_in[8] = (r->eflags & ARITH_FLAGS) | EFL_FIXED;

    int v = expect_fault(fuzz_exec);
    if (v >= 0) {
        exceptions++;
        printf("record %u exception %d\n", n, v);
        return;
    }
    printf("%u", n);
    for (int i = 0; i < 8; i++) {
        putchar_serial(' ');
        if (r->undef_regs & (1u << i))
            puts_serial("xxxxxxxx");
        else
            put_hex8(fuzz_out[i]);
    }
    putchar_serial(' ');
    put_hex8(fuzz_out[8] & r->mask);
    putchar_serial(' ');
    put_hex8(crc32((const volatile uint8_t *)SCRATCH_BASE, SCRATCH_SIZE));
    putchar_serial('\n');
    if (dump)
        dump_scratch(n);
}

/* The first module, or 0 with *end untouched when there is none. */
static const uint8_t *first_module(const uint8_t **end)
{
    uint32_t top;
    __asm__("" : "=r"(top) : "0"(boot_stack_top));      /* hide the array bounds from gcc */
    uint32_t magic = ((const volatile uint32_t *)top)[-2];
    const volatile uint32_t *mbi = (const volatile uint32_t *)((const volatile uint32_t *)top)[-1];
    if (magic != 0x2BADB002u || !(mbi[0] & (1u << 3)) || mbi[5] == 0)
        return 0;
    const volatile uint32_t *mod = (const volatile uint32_t *)mbi[6];
    *end = (const uint8_t *)mod[1];
    return (const uint8_t *)mod[0];
}

void test_main(void)
{
    const uint8_t *end = 0;
    const uint8_t *p = first_module(&end);
    if (!p) {
        printf("fuzz: no test program (give one as the first multiboot module)\n");
        return;
    }
    const struct fuzz_header *h = (const struct fuzz_header *)p;
    uint32_t size = (uint32_t)(end - p);
    if (!check(size >= sizeof *h && h->magic == FUZZ_MAGIC && h->version == FUZZ_VERSION
               && h->record_size == sizeof(struct fuzz_record),
               "fuzz: the module is a version 1 test program"))
        return;
    if (!check(h->scratch_base == SCRATCH_BASE && h->scratch_size == SCRATCH_SIZE,
               "fuzz: the program's scratch area is this kernel's"))
        return;
    if (!check((uint64_t)h->count * sizeof(struct fuzz_record) <= size - sizeof *h,
               "fuzz: the module holds every record"))
        return;
    if (!check((uint32_t)p >= LOW_END && (uint32_t)fuzz_code >= LOW_END,
               "fuzz: the module and the kernel lie above the scratch area"))
        return;

    crc_init();
    printf("fuzz: %u records\n", h->count);
    const struct fuzz_record *r = (const struct fuzz_record *)(p + sizeof *h);
    for (uint32_t n = 0; n < h->count; n++)
        run_record(n, &r[n], (h->flags & HDR_DUMP_ALL) || (r[n].flags & REC_DUMP));
    printf("fuzz: %u records run, %u exceptions\n", h->count, exceptions);
}
