/*
 * reference.c: runs one integer instruction on the host processor, for the emulator's tests.
 *
 * The tests compile this with the host gcc (a normal x86-64 program: 8-, 16- and 32-bit operand
 * instructions behave in 64-bit mode as they do in 16- and 32-bit code) and use its answers as
 * the expected values, so that no expected value ever comes from the emulator itself.
 *
 * Every instruction runs with the same register binding: a = EAX, b = EBX, c = ECX, d = EDX and
 * m = a quadword in memory. The emulator side runs the very same instruction text (from
 * "reference --list") with the same binding, its memory operand at DS:0100.
 *
 *   reference --list        prints "<name>\t<template>" for every instruction
 *   reference               reads lines "<name> <a> <b> <c> <d> <m> <eflags>" (hex) on stdin and
 *                           prints "<a> <b> <c> <d> <m> <eflags>" (hex) for each, or "DE" when
 *                           the instruction raised a divide error.
 *
 * Only the six arithmetic flags of the input EFLAGS are loaded (through POPF); the output EFLAGS
 * is whatever PUSHF reads after the instruction, and the tests compare only the flags the Intel
 * manual defines for each instruction.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long u64;

#define ARITH_FLAGS 0x8D5ULL

/* Each entry: name, instruction text in gcc asm syntax ("%%" for a register, %[m] for memory). */
#define OPS(X) \
    /* ---- ALU, 8/16/32 bits ---- */ \
    X(add8, "addb %%bl, %%al") X(add16, "addw %%bx, %%ax") X(add32, "addl %%ebx, %%eax") \
    X(adc8, "adcb %%bl, %%al") X(adc16, "adcw %%bx, %%ax") X(adc32, "adcl %%ebx, %%eax") \
    X(sub8, "subb %%bl, %%al") X(sub16, "subw %%bx, %%ax") X(sub32, "subl %%ebx, %%eax") \
    X(sbb8, "sbbb %%bl, %%al") X(sbb16, "sbbw %%bx, %%ax") X(sbb32, "sbbl %%ebx, %%eax") \
    X(and8, "andb %%bl, %%al") X(and16, "andw %%bx, %%ax") X(and32, "andl %%ebx, %%eax") \
    X(or8, "orb %%bl, %%al") X(or16, "orw %%bx, %%ax") X(or32, "orl %%ebx, %%eax") \
    X(xor8, "xorb %%bl, %%al") X(xor16, "xorw %%bx, %%ax") X(xor32, "xorl %%ebx, %%eax") \
    X(cmp8, "cmpb %%bl, %%al") X(cmp16, "cmpw %%bx, %%ax") X(cmp32, "cmpl %%ebx, %%eax") \
    X(test8, "testb %%bl, %%al") X(test16, "testw %%bx, %%ax") X(test32, "testl %%ebx, %%eax") \
    X(inc8, "incb %%al") X(inc16, "incw %%ax") X(inc32, "incl %%eax") \
    X(dec8, "decb %%al") X(dec16, "decw %%ax") X(dec32, "decl %%eax") \
    X(neg8, "negb %%al") X(neg16, "negw %%ax") X(neg32, "negl %%eax") \
    X(not8, "notb %%al") X(not16, "notw %%ax") X(not32, "notl %%eax") \
    /* high-byte registers, immediates and memory destinations */ \
    X(add8_high, "addb %%bh, %%ah") X(sbb8_high, "sbbb %%ch, %%dh") \
    X(adc32_imm, "adcl $0x7fffffff, %%eax") X(sub16_imm8, "subw $-2, %%bx") \
    X(cmp32_imm8, "cmpl $-128, %%ecx") X(xor32_imm, "xorl $0x80000001, %%edx") \
    X(add32_mem, "addl %%ebx, %[m]") X(sbb16_from_mem, "sbbw %[m], %%ax") \
    X(neg32_mem, "negl %[m]") X(dec16_mem, "decw %[m]") \
    /* ---- conversions and extensions ---- */ \
    X(cbw, "cbtw") X(cwde, "cwtl") X(cwd, "cwtd") X(cdq, "cltd") \
    X(movzx16_8, "movzbw %%bl, %%ax") X(movzx32_8, "movzbl %%bl, %%eax") \
    X(movzx32_16, "movzwl %%bx, %%eax") X(movzx32_8_high, "movzbl %%bh, %%eax") \
    X(movsx16_8, "movsbw %%bl, %%ax") X(movsx32_8, "movsbl %%bl, %%eax") \
    X(movsx32_16, "movswl %%bx, %%eax") X(movsx32_8_high, "movsbl %%ch, %%eax") \
    X(movsx32_16_mem, "movswl %[m], %%eax") \
    /* ---- shifts and rotates by CL ---- */ \
    X(rol8, "rolb %%cl, %%al") X(rol16, "rolw %%cl, %%ax") X(rol32, "roll %%cl, %%eax") \
    X(ror8, "rorb %%cl, %%al") X(ror16, "rorw %%cl, %%ax") X(ror32, "rorl %%cl, %%eax") \
    X(rcl8, "rclb %%cl, %%al") X(rcl16, "rclw %%cl, %%ax") X(rcl32, "rcll %%cl, %%eax") \
    X(rcr8, "rcrb %%cl, %%al") X(rcr16, "rcrw %%cl, %%ax") X(rcr32, "rcrl %%cl, %%eax") \
    X(shl8, "shlb %%cl, %%al") X(shl16, "shlw %%cl, %%ax") X(shl32, "shll %%cl, %%eax") \
    X(shr8, "shrb %%cl, %%al") X(shr16, "shrw %%cl, %%ax") X(shr32, "shrl %%cl, %%eax") \
    X(sar8, "sarb %%cl, %%al") X(sar16, "sarw %%cl, %%ax") X(sar32, "sarl %%cl, %%eax") \
    X(shl32_mem, "shll %%cl, %[m]") X(rcr16_mem, "rcrw %%cl, %[m]") \
    /* by one (D0/D1) and by an immediate (C0/C1) */ \
    X(rol8_by1, "rolb $1, %%al") X(rcr16_by1, "rcrw $1, %%ax") X(sar32_by1, "sarl $1, %%eax") \
    X(shl16_by1, "shlw $1, %%ax") X(shr8_by1, "shrb $1, %%al") X(rcl32_by1, "rcll $1, %%eax") \
    X(ror32_by7, "rorl $7, %%eax") X(shl8_by7, "shlb $7, %%al") X(rcl16_by9, "rclw $9, %%ax") \
    X(sar16_by15, "sarw $15, %%ax") X(shr32_by31, "shrl $31, %%eax") X(rcr8_by5, "rcrb $5, %%al") \
    /* ---- double-precision shifts ---- */ \
    X(shld32, "shldl %%cl, %%ebx, %%eax") X(shrd32, "shrdl %%cl, %%ebx, %%eax") \
    X(shld16, "shldw %%cl, %%bx, %%ax") X(shrd16, "shrdw %%cl, %%bx, %%ax") \
    X(shld32_by5, "shldl $5, %%ebx, %%eax") X(shrd32_by31, "shrdl $31, %%ebx, %%eax") \
    X(shld16_by1, "shldw $1, %%bx, %%ax") X(shrd16_by12, "shrdw $12, %%bx, %%ax") \
    X(shld32_mem, "shldl %%cl, %%ebx, %[m]") \
    /* ---- multiply and divide ---- */ \
    X(mul8, "mulb %%bl") X(mul16, "mulw %%bx") X(mul32, "mull %%ebx") \
    X(imul8, "imulb %%bl") X(imul16, "imulw %%bx") X(imul32, "imull %%ebx") \
    X(imul16_2op, "imulw %%bx, %%ax") X(imul32_2op, "imull %%ebx, %%eax") \
    X(imul16_imm8, "imulw $-3, %%bx, %%ax") X(imul16_imm16, "imulw $0x1234, %%bx, %%ax") \
    X(imul32_imm8, "imull $127, %%ebx, %%eax") X(imul32_imm32, "imull $-0x12345678, %%ebx, %%eax") \
    X(imul32_mem, "imull %[m], %%ecx") \
    X(div8, "divb %%bl") X(div16, "divw %%bx") X(div32, "divl %%ebx") \
    X(idiv8, "idivb %%bl") X(idiv16, "idivw %%bx") X(idiv32, "idivl %%ebx") \
    X(div32_mem, "divl %[m]") \
    /* ---- bit scan and bit test ---- */ \
    X(bsf16, "bsfw %%bx, %%ax") X(bsf32, "bsfl %%ebx, %%eax") \
    X(bsr16, "bsrw %%bx, %%ax") X(bsr32, "bsrl %%ebx, %%eax") \
    X(bt16, "btw %%bx, %%ax") X(bt32, "btl %%ebx, %%eax") \
    X(bts16, "btsw %%bx, %%ax") X(bts32, "btsl %%ebx, %%eax") \
    X(btr16, "btrw %%bx, %%ax") X(btr32, "btrl %%ebx, %%eax") \
    X(btc16, "btcw %%bx, %%ax") X(btc32, "btcl %%ebx, %%eax") \
    X(bt32_imm, "btl $35, %%eax") X(bts16_imm, "btsw $21, %%ax") \
    X(btr32_imm, "btrl $7, %%eax") X(btc16_imm, "btcw $15, %%ax") \
    /* ---- 486 and Pentium additions ---- */ \
    X(bswap_eax, "bswap %%eax") X(bswap_ebx, "bswap %%ebx") \
    X(bswap_ecx, "bswap %%ecx") X(bswap_edx, "bswap %%edx") \
    X(xadd8, "xaddb %%bl, %%al") X(xadd16, "xaddw %%bx, %%ax") X(xadd32, "xaddl %%ebx, %%eax") \
    X(xadd32_mem, "xaddl %%ebx, %[m]") \
    X(cmpxchg8, "cmpxchgb %%cl, %%bl") X(cmpxchg16, "cmpxchgw %%cx, %%bx") \
    X(cmpxchg32, "cmpxchgl %%ecx, %%ebx") X(cmpxchg32_mem, "cmpxchgl %%ecx, %[m]") \
    X(cmpxchg8b, "cmpxchg8b %[m]") \
    /* ---- conditions ---- */ \
    X(cmovo32, "cmovo %%ebx, %%eax") X(cmovno32, "cmovno %%ebx, %%eax") \
    X(cmovb32, "cmovb %%ebx, %%eax") X(cmovae32, "cmovae %%ebx, %%eax") \
    X(cmove32, "cmove %%ebx, %%eax") X(cmovne32, "cmovne %%ebx, %%eax") \
    X(cmovbe32, "cmovbe %%ebx, %%eax") X(cmova32, "cmova %%ebx, %%eax") \
    X(cmovs32, "cmovs %%ebx, %%eax") X(cmovns32, "cmovns %%ebx, %%eax") \
    X(cmovp32, "cmovp %%ebx, %%eax") X(cmovnp32, "cmovnp %%ebx, %%eax") \
    X(cmovl32, "cmovl %%ebx, %%eax") X(cmovge32, "cmovge %%ebx, %%eax") \
    X(cmovle32, "cmovle %%ebx, %%eax") X(cmovg32, "cmovg %%ebx, %%eax") \
    X(cmovo16, "cmovo %%bx, %%ax") X(cmovno16, "cmovno %%bx, %%ax") \
    X(cmovb16, "cmovb %%bx, %%ax") X(cmovae16, "cmovae %%bx, %%ax") \
    X(cmove16, "cmove %%bx, %%ax") X(cmovne16, "cmovne %%bx, %%ax") \
    X(cmovbe16, "cmovbe %%bx, %%ax") X(cmova16, "cmova %%bx, %%ax") \
    X(cmovs16, "cmovs %%bx, %%ax") X(cmovns16, "cmovns %%bx, %%ax") \
    X(cmovp16, "cmovp %%bx, %%ax") X(cmovnp16, "cmovnp %%bx, %%ax") \
    X(cmovl16, "cmovl %%bx, %%ax") X(cmovge16, "cmovge %%bx, %%ax") \
    X(cmovle16, "cmovle %%bx, %%ax") X(cmovg16, "cmovg %%bx, %%ax") \
    X(cmovne32_mem, "cmovne %[m], %%edx") \
    X(seto, "seto %%al") X(setno, "setno %%al") X(setb, "setb %%al") X(setae, "setae %%al") \
    X(sete, "sete %%al") X(setne, "setne %%al") X(setbe, "setbe %%al") X(seta, "seta %%al") \
    X(sets, "sets %%al") X(setns, "setns %%al") X(setp, "setp %%al") X(setnp, "setnp %%al") \
    X(setl, "setl %%al") X(setge, "setge %%al") X(setle, "setle %%al") X(setg, "setg %%al") \
    X(setg_high, "setg %%bh") X(setb_mem, "setb %[m]")

/*
 * One function per instruction. The input flags go in through POPF right before the
 * instruction and come out through PUSHF right after it; PUSH and POP are balanced, so a memory
 * operand addressed relative to RSP still names the right quadword. Built with -mno-red-zone.
 */
#define DEFINE(name, text) \
    static void op_##name(u64 *r, u64 *fl) { \
        u64 a = r[0], b = r[1], c = r[2], d = r[3], m = r[4], f = *fl; \
        __asm__ volatile("push %[f]\n\tpopfq\n\t" text "\n\tpushfq\n\tpop %[f]" \
                         : "+a"(a), "+b"(b), "+c"(c), "+d"(d), [m] "+m"(m), [f] "+r"(f) \
                         : \
                         : "cc", "memory"); \
        r[0] = a; r[1] = b; r[2] = c; r[3] = d; r[4] = m; *fl = f; \
    }
OPS(DEFINE)

struct op {
    const char *name;
    void (*run)(u64 *, u64 *);
    const char *text;
};

#define ENTRY(name, text) {#name, op_##name, text},
static const struct op OP_TABLE[] = {OPS(ENTRY)};
#define OP_COUNT (sizeof OP_TABLE / sizeof OP_TABLE[0])

static sigjmp_buf recover;

static void on_divide_error(int sig) {
    (void) sig;
    siglongjmp(recover, 1);
}

static const struct op *find(const char *name) {
    static const struct op *last;
    if (last != NULL && strcmp(last->name, name) == 0) {
        return last;
    }
    for (size_t i = 0; i < OP_COUNT; i++) {
        if (strcmp(OP_TABLE[i].name, name) == 0) {
            last = &OP_TABLE[i];
            return last;
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < OP_COUNT; i++) {
            printf("%s\t%s\n", OP_TABLE[i].name, OP_TABLE[i].text);
        }
        return 0;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_divide_error;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGFPE, &sa, NULL) != 0) {
        perror("sigaction");
        return 2;
    }
    char line[512];
    char name[64];
    while (fgets(line, sizeof line, stdin) != NULL) {
        u64 r[5];
        u64 flags;
        if (sscanf(line, "%63s %llx %llx %llx %llx %llx %llx", name, &r[0], &r[1], &r[2], &r[3], &r[4],
                   &flags) != 7) {
            fprintf(stderr, "reference: bad input line: %s", line);
            return 2;
        }
        const struct op *op = find(name);
        if (op == NULL) {
            fprintf(stderr, "reference: unknown instruction %s\n", name);
            return 2;
        }
        /* Only the arithmetic flags come from the input; IF stays as it is (bit 9 set). */
        u64 fl = (flags & ARITH_FLAGS) | 0x202;
        if (sigsetjmp(recover, 1) != 0) {
            printf("DE\n");
            continue;
        }
        op->run(r, &fl);
        printf("%llx %llx %llx %llx %llx %llx\n", r[0], r[1], r[2], r[3], r[4], fl);
    }
    return 0;
}
