/*
 * runtime.h -- the shared runtime of the bare-metal test kernels.
 *
 * A test kernel defines
 *     const char test_name[] = "paging";
 *     void test_main(void);
 * and the runtime does the rest: multiboot entry, its own GDT (flat ring-0 and ring-3
 * segments, a TSS), an IDT with a stub per vector, COM1 output, check() lines, and the
 * final summary and power-off (status 0 when every check passed, 3 otherwise).
 *
 * Output rule: everything printed must be the same under every correct emulator, so
 * nothing that depends on memory size, timing or load addresses is printed on an `ok`
 * line (a FAIL line may show the values it compared).
 */
#ifndef TESTKERNELS_RUNTIME_H
#define TESTKERNELS_RUNTIME_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "x86.h"

/* ---- the TSS ----------------------------------------------------------------------- */

struct tss {
    uint16_t link, r0;
    uint32_t esp0;
    uint16_t ss0, r1;
    uint32_t esp1;
    uint16_t ss1, r2;
    uint32_t esp2;
    uint16_t ss2, r3;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint16_t es, r4, cs, r5, ss, r6, ds, r7, fs, r8, gs, r9, ldt, r10;
    uint16_t trap, iomap_base;
};
_Static_assert(sizeof(struct tss) == 104, "a 32-bit TSS is 104 bytes");

/* The runtime's TSS, followed by a full I/O permission bitmap (every port denied: all
   bits set) and the byte of ones the CPU may read past its end. */
struct tss_io {
    struct tss tss;
    uint8_t iomap[8192];
    uint8_t iomap_end;
};
extern struct tss_io runtime_tss;
extern uint8_t ring0_stack_top[];   /* runtime_tss.tss.esp0 */

/* ---- the interrupt frame ----------------------------------------------------------- */

/* What a vector's stub leaves on the stack: the registers it saved, then what the CPU
   pushed. Vectors without a CPU error code get a 0 from the stub, so the layout is one.
   Selectors in the frame are 32-bit slots: compare them through sel(). */
struct frame {
    uint32_t edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;   /* PUSHA */
    uint32_t gs, fs, es, ds;                                    /* at handler entry */
    uint32_t vector, err;
    uint32_t eip, cs, eflags;       /* pushed by the CPU */
    uint32_t esp, ss;               /* only on a privilege change or out of V86 mode */
    uint32_t v86_es, v86_ds, v86_fs, v86_gs;    /* only out of V86 mode */
};
static inline uint32_t sel(uint32_t slot) { return slot & 0xFFFF; }

/* The last event the runtime saw (every vector is recorded before anything else). */
struct exc_record {
    uint32_t count;                 /* events since exc_reset() */
    uint32_t vector, err, eip, cs, eflags, cr2;
    uint32_t esp, ss;               /* valid when outer (privilege change or V86) */
    int outer;                      /* the frame holds ESP and SS */
    int v86;                        /* the interrupted code ran in V86 mode */
    uint32_t frame_top;             /* linear address just above the CPU's frame */
    struct frame f;                 /* a copy of the whole frame */
};
extern volatile struct exc_record last_exc;
void exc_reset(void);

/* A handler for one vector. Return 1 to resume the interrupted code with IRET (after
   editing *f if wanted), 0 to treat the event as unhandled (recovery or failure). */
typedef int (*exc_handler)(struct frame *f);
void set_handler(int vector, exc_handler h);

/* Runs fn() with a recovery point: returns -1 if fn returned, or the vector of the first
   event that no handler resumed (fn is abandoned; the stack, SS, DS, ES, FS, GS and the
   callee-saved registers are back as they were at the call). */
int expect_fault(void (*fn)(void));

/* Leaves ring 0 by IRET with the given frame (5 words to ring 3, 9 words to V86 mode
   when eflags has VM) and returns the vector of the event that came back into ring 0
   without being resumed by a handler -- normally INT 0x30 (VEC_EXIT) or a fault. */
struct iret_frame {
    uint32_t eip, cs, eflags, esp, ss;
    uint32_t es, ds, fs, gs;        /* V86 only */
};
int run_iret(const struct iret_frame *f);

/* ---- descriptor tables ------------------------------------------------------------- */

extern uint64_t gdt[GDT_ENTRIES];
extern uint64_t idt[256];
uint64_t make_seg(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags);
uint64_t make_gate(uint16_t selector, uint32_t offset, uint8_t type, int dpl, int params);
void gdt_set_seg(int index, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags);
void gdt_set_gate(int index, uint16_t selector, uint32_t offset, uint8_t type, int dpl,
                  int params);
void gdt_set_tss(int index, struct tss *t, uint32_t limit, int dpl);
void idt_set_gate(int vector, uint16_t selector, uint32_t offset, uint8_t type, int dpl);
void idt_set_present(int vector, int present);
void idt_set_dpl(int vector, int dpl);
void idt_restore(int vector);       /* back to the runtime's stub gate, DPL 0 (0x30: 3) */
uint32_t idt_stub(int vector);      /* address of the runtime's stub for a vector */
/* Descriptor fields. */
static inline int desc_type(uint64_t d) { return (int)((d >> 40) & 0x1F); }
static inline int desc_present(uint64_t d) { return (int)((d >> 47) & 1); }
static inline int desc_accessed(uint64_t d) { return (int)((d >> 40) & 1); }

/* ---- output and results ------------------------------------------------------------ */

void putchar_serial(int c);
void puts_serial(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

/* One line per check: "ok <name>" or "FAIL <name>". Returns cond. */
int check(int cond, const char *name);
/* "ok <name>" if got == want, else "FAIL <name>: got 0x.., want 0x..". */
int check_eq(const char *name, uint32_t got, uint32_t want);
/* Checks the outcome of expect_fault()/run_iret(): the vector it returned (-1: none) and,
   if an event was wanted, the last event's error code and EIP (ERR_ANY, EIP_ANY: not
   checked). One line, "ok <name>" or "FAIL <name>: <what happened>, want <...>". */
#define ERR_ANY 0xFFFFFFFFu
#define EIP_ANY 0xFFFFFFFFu
#define NO_EVENT (-1)
int check_event(const char *name, int got_vector, int want_vector, uint32_t want_err,
                uint32_t want_eip);
/* Prints "<test>: N passed, M failed", powers off (status 0 if M == 0, else 3). */
void finish(void) __attribute__((noreturn));
/* Stops at once with "FAIL <why>" and status 3. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

void poweroff_ok(void) __attribute__((noreturn));       /* outw(0x604, 0x2000) */
void poweroff_fail(uint8_t code) __attribute__((noreturn)); /* outb(0xF4, code) */

/* ---- small helpers ------------------------------------------------------------------ */

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

static inline void outb(uint16_t port, uint8_t v)
{ __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v)
{ __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{ uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }

#define DEFINE_CR(n) \
    static inline uint32_t read_cr##n(void) \
    { uint32_t v; __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
    static inline void write_cr##n(uint32_t v) \
    { __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void invlpg(const volatile void *p)
{ __asm__ volatile("invlpg (%0)" : : "r"(p) : "memory"); }
static inline uint32_t read_eflags(void)
{ uint32_t v; __asm__ volatile("pushfl; popl %0" : "=r"(v)); return v; }
static inline uint16_t read_tr(void)
{ uint16_t v; __asm__ volatile("str %0" : "=r"(v)); return v; }

/* Supplied by each test kernel. */
extern const char test_name[];
void test_main(void);

#endif
