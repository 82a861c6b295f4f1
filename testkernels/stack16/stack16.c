/*
 * stack16 -- every stack instruction in protected mode on a 16-bit (B = 0) and a 32-bit
 * stack segment, with 16- and 32-bit operands: PUSH/POP of every register, segment
 * register, memory operand, immediate and the flags, PUSHA/POPA, ENTER/LEAVE at nesting
 * levels 0, 1, 2 and 31, near and far CALL/RET with and without immediates, INT/IRET
 * through 32- and 16-bit gates, SP wrapping below 0 and above 0xFFFF; then, at CPL 3 with
 * paging, the #PF error code, CR2 and saved EIP/ESP of every instruction that writes the
 * stack, onto a supervisor page and onto a not-present page.
 *
 * Expected values come from the i386 manual's pseudo-code, written out below as a small
 * model (adv(), at()): on a 16-bit stack only SP moves and wraps, ESP's upper half is kept.
 * Both stack segments have the same base, so one model address serves both.
 *
 * Not checked here because QEMU differs from the manual (listed in ../README.md): the
 * upper half of EBP after ENTER when it differs from ESP's, ENTER's final write check of
 * the allocated frame, an o32 ENTER whose push of EBP wraps SP below 0, and the page
 * rights of a far CALL's pushes at CPL 3 (QEMU makes them with supervisor rights). Also not checked: the upper word of a 32-bit PUSH Sreg slot
 * (the manual allows a 16-bit store or a zero-extended push).
 */
#include "runtime.h"

const char test_name[] = "stack16";

enum {
    G_CODE_B = GDT_FIRST_FREE,  /* 6: ring-0 32-bit code based at the load address */
    G_STK16,                    /* 7: ring-0 16-bit data (B = 0) at STKBASE, 64 KiB */
    G_STK32,                    /* 8: ring-0 32-bit data (B = 1) at STKBASE, 4 GiB */
    G_USTK16,                   /* 9: ring-3 16-bit data at the page under test */
    G_CODE_B3,                  /* 10: ring-3 copy of G_CODE_B */
};
#define IMAGE_BASE 0x100000u
#define SEL_CODE_B SEL(G_CODE_B, 0)
#define SEL_STK16 SEL(G_STK16, 0)
#define SEL_STK32 SEL(G_STK32, 0)

struct regs { uint32_t r[8], eflags, ss, ds, es, fs, gs; };
enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
struct regs case_in, case_out;
void run_case(void (*snippet)(void));
extern uint32_t mem_in, mem_out;

#define X(n) extern void s_push16_##n(void), s_push32_##n(void), s_pop16_##n(void), s_pop32_##n(void);
X(ax) X(cx) X(dx) X(bx) X(sp) X(bp) X(si) X(di)
#undef X
#define X(n) extern void s_pushs16_##n(void), s_pushs32_##n(void);
X(es) X(cs) X(ss) X(ds) X(fs) X(gs)
#undef X
#define X(n) extern void s_pops16_##n(void), s_pops32_##n(void);
X(es) X(ss) X(ds) X(fs) X(gs)
#undef X
extern void s_pushm16(void), s_pushm32(void), s_popm16(void), s_popm32(void);
extern void s_pushib16(void), s_pushib32(void), s_pushiw16(void), s_pushid32(void);
extern void s_pushf16(void), s_pushf32(void), s_popf16(void), s_popf32(void);
extern void s_pusha16(void), s_pusha32(void), s_popa16(void), s_popa32(void);
extern void s_enter16_0(void), s_enter16_1(void), s_enter16_2(void), s_enter16_31(void);
extern void s_enter32_0(void), s_enter32_1(void), s_enter32_2(void), s_enter32_31(void);
extern void s_leave16(void), s_leave32(void);
extern void s_call16(void), s_call32(void), s_call16_ret6(void), s_call32_ret6(void);
extern void s_lcall16(void), s_lcall32(void), s_lcall16_ret8(void), s_lcall32_ret8(void);
extern void s_int32(void), s_int16(void), isr32(void), isr16(void);
extern void far16(void), far16_8(void), far32(void), far32_8(void), u_far(void);
extern uint16_t fp_far16[2], fp_far16_8[2], fp_ufar16[2];
extern uint32_t fp_far32[2], fp_far32_8[2], fp_ufar32[2];
extern char ret_call16[], ret_call32[], ret_lcall16[], ret_lcall32[], ret_int32[], ret_int16[];

static void (*const push_reg[2][8])(void) = {
    { s_push16_ax, s_push16_cx, s_push16_dx, s_push16_bx, s_push16_sp, s_push16_bp,
      s_push16_si, s_push16_di },
    { s_push32_ax, s_push32_cx, s_push32_dx, s_push32_bx, s_push32_sp, s_push32_bp,
      s_push32_si, s_push32_di } };
static void (*const pop_reg[2][8])(void) = {
    { s_pop16_ax, s_pop16_cx, s_pop16_dx, s_pop16_bx, s_pop16_sp, s_pop16_bp,
      s_pop16_si, s_pop16_di },
    { s_pop32_ax, s_pop32_cx, s_pop32_dx, s_pop32_bx, s_pop32_sp, s_pop32_bp,
      s_pop32_si, s_pop32_di } };
static const char *const reg_name[2][8] = {
    { "AX", "CX", "DX", "BX", "SP", "BP", "SI", "DI" },
    { "EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI" } };

/* ---- the model --------------------------------------------------------------------- */

static uint8_t stk_area[0x11000] __attribute__((aligned(4096)));
#define STKBASE ((uint32_t)stk_area + 0x800)

static int big;                 /* the stack segment under test is 32-bit */
#define ESP_HI 0xABCD0000u      /* ESP's upper half on the 16-bit stack: must survive */

/* A stack pointer for offset sp in the current mode. */
static uint32_t esp_at(uint32_t sp) { return big ? sp : ESP_HI | (sp & 0xFFFF); }
/* eSP + delta: "SP <- SP + delta" on a 16-bit stack, "ESP <- ESP + delta" on a 32-bit one. */
static uint32_t adv(uint32_t esp, int delta)
{
    return big ? esp + (uint32_t)delta : (esp & 0xFFFF0000u) | ((esp + (uint32_t)delta) & 0xFFFF);
}
/* The bytes at SS:eSP. */
static uint8_t *at(uint32_t esp) { return (uint8_t *)(STKBASE + (big ? esp : esp & 0xFFFF)); }
static uint32_t get(uint32_t esp, int size)
{
    uint32_t v = 0;
    for (int i = size - 1; i >= 0; i--)
        v = v << 8 | *at(adv(esp, i));
    return v;
}
static void put(uint32_t esp, int size, uint32_t v)
{
    for (int i = 0; i < size; i++, v >>= 8)
        *at(adv(esp, i)) = (uint8_t)v;
}
static uint32_t trunc(uint32_t v, int size) { return size == 2 ? v & 0xFFFF : v; }
/* A register after a 16-bit write keeps its upper half. */
static uint32_t merge(uint32_t old, uint32_t v, int size)
{
    return size == 2 ? (old & 0xFFFF0000u) | (v & 0xFFFF) : v;
}

static char name_buf[128];
static int cpl3_part;           /* the names of the CPL 3 part say their stack themselves */
static const char *N(const char *fmt, ...)
{
    /* "ss16 o32 PUSH EAX": the mode first, so every line says which stack it was on. */
    static const char *const mode[2] = { "ss16 ", "ss32 " };
    char *p = name_buf;
    for (const char *m = cpl3_part ? "" : mode[big]; *m; )
        *p++ = *m++;
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f && p < name_buf + sizeof name_buf - 12; f++) {
        if (*f != '%') { *p++ = *f; continue; }
        f++;
        if (*f == 'd') {
            int v = va_arg(ap, int), d = 1;
            while (v / d >= 10) d *= 10;
            for (; d; d /= 10) *p++ = (char)('0' + v / d % 10);
        } else if (*f == 's') {
            for (const char *s = va_arg(ap, const char *); *s; ) *p++ = *s++;
        }
    }
    va_end(ap);
    *p = 0;
    return name_buf;
}

static void fresh(uint32_t sp)
{
    static const uint32_t init[8] = { 0xA1A2A3A4, 0xC1C2C3C4, 0xD1D2D3D4, 0xB1B2B3B4, 0,
                                      0xE1E2E3E4, 0x51525354, 0x71727374 };
    memset(stk_area, 0xEE, sizeof stk_area);
    for (int i = 0; i < 8; i++)
        case_in.r[i] = init[i];
    case_in.r[ESP] = esp_at(sp);
    case_in.eflags = EFL_FIXED | EFL_CF | EFL_ZF;
    case_in.ss = big ? SEL_STK32 : SEL_STK16;
    case_in.ds = case_in.es = case_in.fs = case_in.gs = SEL_KDATA;
}

/* ---- the checks --------------------------------------------------------------------- */

static void push_pop_registers(int size, uint32_t sp)
{
    int o = size == 4;
    const char *wrap = sp == 0 ? " (SP wraps below 0)" : sp >= 0xFFFC ? " (SP wraps above 0xFFFF)" : "";
    for (int r = 0; r < 8; r++) {
        fresh(sp);
        uint32_t esp = case_in.r[ESP];
        run_case(push_reg[o][r]);
        uint32_t top = adv(esp, -size);
        check_eq(N("o%d PUSH %s%s: stack pointer", size * 8, reg_name[o][r], wrap),
                 case_out.r[ESP], top);
        check_eq(N("o%d PUSH %s%s: value", size * 8, reg_name[o][r], wrap), get(top, size),
                 trunc(case_in.r[r], size));
    }
    for (int r = 0; r < 8; r++) {
        uint32_t from = big ? sp - (uint32_t)size : (sp - (uint32_t)size) & 0xFFFF;
        fresh(from);
        uint32_t esp = case_in.r[ESP];
        put(esp, size, 0x5A6B7C8D);
        run_case(pop_reg[o][r]);
        uint32_t want_esp = adv(esp, size);
        if (r == ESP)   /* the popped value is written after the increment */
            want_esp = merge(want_esp, 0x5A6B7C8D, size);
        else
            check_eq(N("o%d POP %s%s: value", size * 8, reg_name[o][r], wrap), case_out.r[r],
                     merge(case_in.r[r], 0x5A6B7C8D, size));
        check_eq(N("o%d POP %s%s: stack pointer", size * 8, reg_name[o][r], wrap),
                 case_out.r[ESP], want_esp);
    }
}

static void segment_registers(int size)
{
    static const char *const names[6] = { "ES", "CS", "SS", "DS", "FS", "GS" };
    void (*const push16[6])(void) = { s_pushs16_es, s_pushs16_cs, s_pushs16_ss, s_pushs16_ds,
                                      s_pushs16_fs, s_pushs16_gs };
    void (*const push32[6])(void) = { s_pushs32_es, s_pushs32_cs, s_pushs32_ss, s_pushs32_ds,
                                      s_pushs32_fs, s_pushs32_gs };
    for (int s = 0; s < 6; s++) {
        fresh(0x8000);
        uint32_t esp = case_in.r[ESP];
        uint32_t want = s == 1 ? SEL_CODE_B : s == 2 ? case_in.ss : SEL_KDATA;
        run_case(size == 2 ? push16[s] : push32[s]);
        check_eq(N("o%d PUSH %s: stack pointer", size * 8, names[s]), case_out.r[ESP],
                 adv(esp, -size));
        check_eq(N("o%d PUSH %s: selector in the low word", size * 8, names[s]),
                 get(adv(esp, -size), 2), want);
    }
    void (*const pop16[4])(void) = { s_pops16_es, s_pops16_ds, s_pops16_fs, s_pops16_gs };
    void (*const pop32[4])(void) = { s_pops32_es, s_pops32_ds, s_pops32_fs, s_pops32_gs };
    static const char *const pop_names[4] = { "ES", "DS", "FS", "GS" };
    for (int s = 0; s < 4; s++) {
        fresh(0x7FF0);
        uint32_t esp = case_in.r[ESP];
        put(esp, size, SEL_STK16);     /* any data segment will do */
        case_in.es = case_in.fs = case_in.gs = SEL_KDATA;
        run_case(size == 2 ? pop16[s] : pop32[s]);
        uint32_t got = s == 0 ? case_out.es : s == 1 ? case_out.r[ECX] & 0xFFFF
                                            : s == 2 ? case_out.fs : case_out.gs;
        check_eq(N("o%d POP %s: selector", size * 8, pop_names[s]), got, SEL_STK16);
        check_eq(N("o%d POP %s: stack pointer", size * 8, pop_names[s]), case_out.r[ESP],
                 adv(esp, size));
    }
    /* POP SS: one stack access with the stack in effect when it starts. It loads the
       other size of stack segment; SP (or ESP) moves as the old one says, at the wrap. */
    uint32_t other = big ? SEL_STK16 : SEL_STK32;
    fresh(big ? 0x7FF0 : (0x10000 - (uint32_t)size) & 0xFFFF);
    uint32_t esp = case_in.r[ESP];
    put(esp, size, other);
    run_case(size == 2 ? s_pops16_ss : s_pops32_ss);
    check_eq(N("o%d POP SS (loads the other stack size): SS", size * 8), case_out.ss, other);
    check_eq(N("o%d POP SS: the stack pointer moves by the old stack size", size * 8),
             case_out.r[ESP], adv(esp, size));
}

static void memory_and_immediates(int size)
{
    fresh(0x8000);
    uint32_t esp = case_in.r[ESP];
    run_case(size == 2 ? s_pushm16 : s_pushm32);
    check_eq(N("o%d PUSH m: stack pointer", size * 8), case_out.r[ESP], adv(esp, -size));
    check_eq(N("o%d PUSH m: value", size * 8), get(adv(esp, -size), size), trunc(mem_in, size));

    fresh(0x7FF0);
    esp = case_in.r[ESP];
    put(esp, size, 0x13572468);
    mem_out = 0xFFFFFFFF;
    run_case(size == 2 ? s_popm16 : s_popm32);
    check_eq(N("o%d POP m: value", size * 8), mem_out, merge(0xFFFFFFFF, 0x13572468, size));
    check_eq(N("o%d POP m: stack pointer", size * 8), case_out.r[ESP], adv(esp, size));

    fresh(0x8000);
    esp = case_in.r[ESP];
    run_case(size == 2 ? s_pushib16 : s_pushib32);
    check_eq(N("o%d PUSH imm8 (sign-extended -2): stack pointer", size * 8), case_out.r[ESP],
             adv(esp, -size));
    check_eq(N("o%d PUSH imm8: value", size * 8), get(adv(esp, -size), size),
             trunc(0xFFFFFFFE, size));

    fresh(0x8000);
    esp = case_in.r[ESP];
    run_case(size == 2 ? s_pushiw16 : s_pushid32);
    check_eq(N("o%d PUSH imm: stack pointer", size * 8), case_out.r[ESP], adv(esp, -size));
    check_eq(N("o%d PUSH imm: value", size * 8), get(adv(esp, -size), size),
             size == 2 ? 0x1234 : 0x12345678);
}

static void flags(int size)
{
    fresh(0x8000);
    uint32_t esp = case_in.r[ESP];
    run_case(size == 2 ? s_pushf16 : s_pushf32);
    check_eq(N("o%d PUSHF: stack pointer", size * 8), case_out.r[ESP], adv(esp, -size));
    check_eq(N("o%d PUSHF: value", size * 8), get(adv(esp, -size), size),
             trunc(case_in.eflags, size));

    fresh(0x7FF0);
    esp = case_in.r[ESP];
    uint32_t image = EFL_FIXED | EFL_OF | 0xD5; /* OF SF ZF AF PF CF */
    put(esp, size, image);
    run_case(size == 2 ? s_popf16 : s_popf32);
    check_eq(N("o%d POPF: flags", size * 8), case_out.eflags & 0xFFF, image);
    check_eq(N("o%d POPF: stack pointer", size * 8), case_out.r[ESP], adv(esp, size));
}

static void pusha_popa(int size)
{
    fresh(0x8000);
    uint32_t esp = case_in.r[ESP];
    run_case(size == 2 ? s_pusha16 : s_pusha32);
    check_eq(N("o%d PUSHA: stack pointer", size * 8), case_out.r[ESP], adv(esp, -8 * size));
    int ok = 1;
    for (int r = 0; r < 8; r++)     /* EAX first, at the top of the old stack */
        ok &= get(adv(esp, -(r + 1) * size), size) == trunc(case_in.r[r], size);
    check(ok, N("o%d PUSHA: AX..DI in order, the original SP among them", size * 8));

    fresh(0x7F00);
    esp = case_in.r[ESP];
    for (int r = 0; r < 8; r++)     /* DI at the top */
        put(adv(esp, (7 - r) * size), size, 0x01010101u * (uint32_t)(r + 1));
    run_case(size == 2 ? s_popa16 : s_popa32);
    check_eq(N("o%d POPA: stack pointer", size * 8), case_out.r[ESP], adv(esp, 8 * size));
    ok = 1;
    for (int r = 0; r < 8; r++)
        if (r != ESP)
            ok &= case_out.r[r] == merge(case_in.r[r], 0x01010101u * (uint32_t)(r + 1), size);
    check(ok, N("o%d POPA: registers (the SP slot skipped)", size * 8));
}

/* ENTER, as the i386 manual has it: Push(eBP); frame-ptr <- the stack-pointer register;
   for i < level: eBP -= size, Push([SS:eBP]); Push(frame-ptr) when level > 0; BP (EBP when
   both sizes are 32) <- frame-ptr; eSP -= the allocation (0x20 here). */
static void enter_leave(int size)
{
    static const int levels[4] = { 0, 1, 2, 31 };
    void (*const e16[4])(void) = { s_enter16_0, s_enter16_1, s_enter16_2, s_enter16_31 };
    void (*const e32[4])(void) = { s_enter32_0, s_enter32_1, s_enter32_2, s_enter32_31 };
    for (int i = 0; i < 4; i++) {
        int level = levels[i];
        fresh(0x8000);
        /* EBP's upper half equal to ESP's: where the two differ, QEMU and the manual part
           ways (../README.md); the unit tests check that case. */
        case_in.r[EBP] = (case_in.r[ESP] & 0xFFFF0000u) | 0x9000;
        uint32_t esp = case_in.r[ESP], ebp = case_in.r[EBP];
        for (int k = 1; k < 32; k++)
            put(adv(ebp, -k * size), size, 0xD0000000u + (uint32_t)k);
        run_case(size == 2 ? e16[i] : e32[i]);
        uint32_t p = adv(esp, -size), frame = p;
        int ok = get(p, size) == trunc(ebp, size);
        if (level > 0) {
            for (int k = 1; k < level; k++) {
                p = adv(p, -size);
                ok &= get(p, size) == trunc(0xD0000000u + (uint32_t)k, size);
            }
            p = adv(p, -size);
            ok &= get(p, size) == trunc(frame, size);
        }
        check(ok, N("o%d ENTER 0x20,%d: frame contents", size * 8, level));
        check_eq(N("o%d ENTER 0x20,%d: eBP", size * 8, level), case_out.r[EBP],
                 big && size == 4 ? frame : merge(ebp, frame, 2));
        check_eq(N("o%d ENTER 0x20,%d: eSP", size * 8, level), case_out.r[ESP], adv(p, -0x20));
    }
    fresh(0x7F00);
    case_in.r[EBP] = (big ? 0 : 0xE1E20000u) | 0x7F40;
    put(case_in.r[EBP], size, 0x4242BEEF);
    run_case(size == 2 ? s_leave16 : s_leave32);
    check_eq(N("o%d LEAVE: eSP = eBP + size", size * 8), case_out.r[ESP],
             adv(merge(case_in.r[ESP], case_in.r[EBP], big ? 4 : 2), size));
    check_eq(N("o%d LEAVE: eBP popped", size * 8), case_out.r[EBP],
             merge(case_in.r[EBP], 0x4242BEEF, size));
}

static uint32_t off(const void *p) { return (uint32_t)p - IMAGE_BASE; }

static void calls(int size)
{
    /* near CALL/RET, RET 6 */
    for (int n = 0; n <= 6; n += 6) {
        fresh(0x8000);
        uint32_t esp = case_in.r[ESP];
        run_case(size == 2 ? (n ? s_call16_ret6 : s_call16) : (n ? s_call32_ret6 : s_call32));
        uint32_t top = adv(esp, -size);
        check_eq(N("o%d CALL near (RET %d): callee's eSP", size * 8, n), case_out.r[ESI], top);
        /* the _ret6 snippets have the same layout as the plain ones */
        uint32_t ret = off(size == 2 ? ret_call16 : ret_call32)
                       + (uint32_t)(n ? (size == 2 ? (char *)s_call16_ret6 - (char *)s_call16
                                                   : (char *)s_call32_ret6 - (char *)s_call32) : 0);
        check_eq(N("o%d CALL near (RET %d): return address", size * 8, n), get(top, size), ret);
        check_eq(N("o%d RET %d: eSP", size * 8, n), case_out.r[ESP], adv(esp, n));
    }
    /* far CALL/RETF, RETF 8 */
    for (int n = 0; n <= 8; n += 8) {
        fresh(0x8000);
        uint32_t esp = case_in.r[ESP];
        run_case(size == 2 ? (n ? s_lcall16_ret8 : s_lcall16) : (n ? s_lcall32_ret8 : s_lcall32));
        uint32_t top = adv(esp, -2 * size);
        check_eq(N("o%d CALL far (RETF %d): callee's eSP", size * 8, n), case_out.r[ESI], top);
        uint32_t ret = off(size == 2 ? ret_lcall16 : ret_lcall32)
                       + (uint32_t)(n ? (size == 2 ? (char *)s_lcall16_ret8 - (char *)s_lcall16
                                                   : (char *)s_lcall32_ret8 - (char *)s_lcall32) : 0);
        check(get(top, size) == ret && get(adv(top, size), 2) == SEL_CODE_B,
              N("o%d CALL far (RETF %d): CS:eIP pushed", size * 8, n));
        check_eq(N("o%d RETF %d: eSP", size * 8, n), case_out.r[ESP], adv(esp, n));
    }
}

static void interrupts(void)
{
    for (int size = 2; size <= 4; size += 2) {
        fresh(0x8000);
        uint32_t esp = case_in.r[ESP];
        run_case(size == 4 ? s_int32 : s_int16);
        uint32_t top = adv(esp, -3 * size);
        check_eq(N("INT n through a %d-bit gate: handler's eSP", size * 8), case_out.r[ESI], top);
        check(get(top, size) == off(size == 4 ? ret_int32 : ret_int16)
              && get(adv(top, size), 2) == SEL_CODE_B
              && get(adv(top, 2 * size), size) == trunc(case_in.eflags, size),
              N("INT n through a %d-bit gate: EIP, CS, EFLAGS pushed", size * 8));
        check_eq(N("IRET (%d-bit): eSP", size * 8), case_out.r[ESP], esp);
    }
}

static void stack_tests(void)
{
    for (big = 0; big <= 1; big++) {
        for (int size = 2; size <= 4; size += 2) {
            push_pop_registers(size, 0x8000);
            segment_registers(size);
            memory_and_immediates(size);
            flags(size);
            pusha_popa(size);
            enter_leave(size);
            calls(size);
        }
        interrupts();
        /* the wrap: pushes at SP = 0, pops that end at SP = 0x10000 */
        push_pop_registers(2, 0);
        push_pop_registers(4, 0);
    }
}

/* ---- CPL 3: page faults of every instruction that writes the stack ---------------------- */

#define PTE_P 1u
#define PTE_W 2u
#define PTE_U 4u
static uint32_t pd[1024] __attribute__((aligned(4096)));
static uint32_t pt[1024] __attribute__((aligned(4096)));
static uint8_t sup_page[4096] __attribute__((aligned(4096)));
static uint8_t np_page[4096] __attribute__((aligned(4096)));
static uint8_t user_page[4096] __attribute__((aligned(4096)));

#define USNIP(n) extern void u_##n(void); extern char u_##n##_insn[];
USNIP(push16) USNIP(push32) USNIP(pushib) USNIP(pushid) USNIP(pushm) USNIP(pushs)
USNIP(pushf16) USNIP(pushf32) USNIP(pusha16) USNIP(pusha32) USNIP(call16) USNIP(call32)
USNIP(lcall16) USNIP(lcall32) USNIP(enter16) USNIP(enter32) USNIP(enter32_2)
#undef USNIP

static void user_faults(void)
{
    for (int i = 0; i < 1024; i++)
        pt[i] = (uint32_t)(i << 12) | PTE_P | PTE_W | PTE_U;
    pt[((uint32_t)sup_page >> 12) & 0x3FF] = (uint32_t)sup_page | PTE_P | PTE_W;
    pt[((uint32_t)np_page >> 12) & 0x3FF] = 0;
    pd[0] = (uint32_t)pt | PTE_P | PTE_W | PTE_U;
    write_cr3((uint32_t)pd);
    write_cr0(read_cr0() | CR0_PG);

    static const struct { const char *name; void (*fn)(void); const char *insn; } cases[] = {
        { "o16 PUSH r", u_push16, u_push16_insn }, { "o32 PUSH r", u_push32, u_push32_insn },
        { "PUSH imm8", u_pushib, u_pushib_insn }, { "PUSH imm32", u_pushid, u_pushid_insn },
        { "PUSH m", u_pushm, u_pushm_insn }, { "PUSH DS", u_pushs, u_pushs_insn },
        { "o16 PUSHF", u_pushf16, u_pushf16_insn }, { "o32 PUSHF", u_pushf32, u_pushf32_insn },
        { "o16 PUSHA", u_pusha16, u_pusha16_insn }, { "o32 PUSHA", u_pusha32, u_pusha32_insn },
        { "o16 CALL near", u_call16, u_call16_insn }, { "o32 CALL near", u_call32, u_call32_insn },
        { "o16 ENTER 0,0", u_enter16, u_enter16_insn }, { "o32 ENTER 0,0", u_enter32, u_enter32_insn },
        { "o32 ENTER 0,2", u_enter32_2, u_enter32_2_insn },
    };
    cpl3_part = 1;
    static const char *const page_kind[2] = { "supervisor page: #PF 7", "not-present page: #PF 6" };
    for (int stack16 = 0; stack16 <= 1; stack16++) {
        for (int k = 0; k < 2; k++) {
            uint8_t *page = k == 0 ? sup_page : np_page;
            /* The user stack ends at the top of the page under test's neighbour above, so
               the first write lands on the last bytes of the page under test. A 16-bit
               stack segment starts at the page under test: SP = 0x1000. */
            gdt_set_seg(G_USTK16, (uint32_t)page, 0xFFFF, ACC_P | ACC_DPL(3) | ACC_DATA_RW, 0);
            for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                struct iret_frame f = {
                    .eip = off(cases[i].fn), .cs = SEL(G_CODE_B3, 3), .eflags = EFL_FIXED,
                    .esp = stack16 ? 0x1000 : (uint32_t)page + 0x1000,
                    .ss = stack16 ? SEL(G_USTK16, 3) : SEL_UDATA };
                exc_reset();
                int r = run_iret(&f);
                const char *nm = N("CPL 3 %s onto a %s %s", cases[i].name,
                                   stack16 ? "16-bit stack," : "32-bit stack,", page_kind[k]);
                int ok = r == VEC_PF && last_exc.err == (k == 0 ? 7u : 6u)
                         && last_exc.eip == off(cases[i].insn) && last_exc.cs == SEL(G_CODE_B3, 3)
                         && last_exc.ss == f.ss;
                /* The IRET into a 16-bit stack loaded only SP: ESP's upper half is whatever
                   ring 0 had (the i386's, and QEMU's, well-known leak), so compare SP. */
                ok &= stack16 ? (last_exc.esp & 0xFFFF) == f.esp : last_exc.esp == f.esp;
                /* CR2: the linear address of the first byte written is on the page */
                ok &= (last_exc.cr2 & ~0xFFFu) == (uint32_t)page;
                if (!ok)
                    printf("  vector %d err %x eip %x esp %x cr2 %x\n", r, last_exc.err,
                           last_exc.eip, last_exc.esp, last_exc.cr2);
                check(ok, nm);
            }
        }
    }
    write_cr0(read_cr0() & ~CR0_PG);
    (void)user_page;
}

void test_main(void)
{
    gdt_set_seg(G_CODE_B, IMAGE_BASE, 0xFFFF, ACC_P | ACC_DPL(0) | ACC_CODE_XR, FLG_DB);
    gdt_set_seg(G_CODE_B3, IMAGE_BASE, 0xFFFF, ACC_P | ACC_DPL(3) | ACC_CODE_XR, FLG_DB);
    gdt_set_seg(G_STK16, STKBASE, 0xFFFF, ACC_P | ACC_DPL(0) | ACC_DATA_RW, 0);
    gdt_set_seg(G_STK32, STKBASE, 0xFFFFF, ACC_P | ACC_DPL(0) | ACC_DATA_RW, FLG_G | FLG_DB);
    idt_set_gate(0x40, SEL_CODE_B, off(isr32), SYS_INTGATE32, 0);
    idt_set_gate(0x41, SEL_CODE_B, off(isr16), 0x06, 0);  /* 16-bit interrupt gate */
    fp_far16[0] = (uint16_t)off(far16);
    fp_far16_8[0] = (uint16_t)off(far16_8);
    fp_ufar16[0] = (uint16_t)off(u_far);
    fp_far32[0] = off(far32);
    fp_far32_8[0] = off(far32_8);
    fp_ufar32[0] = off(u_far);
    if (off(user_faults) > 0xFFFF || off(u_far) > 0xFFFF)
        panic("the snippets must lie in the first 64 KiB of the image");
    stack_tests();
    user_faults();
}
