/*
 * runtime.c -- descriptor tables, event dispatch, COM1 output, checks and power-off for
 * the bare-metal test kernels. See runtime.h.
 */
#include "runtime.h"

#define COM1        0x3F8
#define COM1_LSR    (COM1 + 5)
#define LSR_THRE    0x20        /* transmit holding register empty */

#define PM1A_CNT    0x604       /* QEMU i440fx (PIIX4 ACPI): power management control */
#define PM1_SLP_EN  0x2000      /* SLP_EN with SLP_TYP 0: soft off */
#define DEBUG_EXIT  0xF4        /* isa-debug-exit: exit status (value << 1) | 1 */

#define MB_BOOT_MAGIC 0x2BADB002u

/* Called from entry.S. */
void runtime_start(uint32_t magic, uint32_t mbi_addr) __attribute__((noreturn));
void exception_dispatch(struct frame *f);
void gdt_load(const void *pseudo_descriptor);
void recover(int value) __attribute__((noreturn));
extern uint8_t vector_stubs[];
extern uint32_t recovery_esp;

uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(8)));
uint64_t idt[256] __attribute__((aligned(8)));
struct tss_io runtime_tss __attribute__((aligned(128)));
volatile struct exc_record last_exc;
static exc_handler handlers[256];
static unsigned passed, failed;

/* ---- output ---------------------------------------------------------------------------- */

void putchar_serial(int c)
{
    while (!(inb(COM1_LSR) & LSR_THRE))
        ;
    outb(COM1, (uint8_t)c);
}

void puts_serial(const char *s)
{
    while (*s)
        putchar_serial(*s++);
}

static void put_number(uint32_t v, unsigned base, int width, char pad, int negative)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative)
        buf[n++] = '-';
    for (int i = n; i < width; i++)
        putchar_serial(pad);
    while (n)
        putchar_serial(buf[--n]);
}

/* %s %c %d %u %x with an optional 0 flag and width (%08x); %% for a percent sign. */
int vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putchar_serial(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            puts_serial(s ? s : "(null)");
            break;
        }
        case 'c':
            putchar_serial(va_arg(ap, int));
            break;
        case 'd': {
            int v = va_arg(ap, int);
            put_number(v < 0 ? -(uint32_t)v : (uint32_t)v, 10, width, pad, v < 0);
            break;
        }
        case 'u':
            put_number(va_arg(ap, uint32_t), 10, width, pad, 0);
            break;
        case 'x':
            put_number(va_arg(ap, uint32_t), 16, width, pad, 0);
            break;
        case '%':
            putchar_serial('%');
            break;
        case '\0':
            return 0;
        default:
            putchar_serial('%');
            putchar_serial(*fmt);
        }
    }
    return 0;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    return 0;
}

/* ---- results and power-off --------------------------------------------------------- */

int check(int cond, const char *name)
{
    if (cond) {
        passed++;
        printf("ok %s\n", name);
    } else {
        failed++;
        printf("FAIL %s\n", name);
    }
    return cond;
}

int check_eq(const char *name, uint32_t got, uint32_t want)
{
    if (got == want) {
        passed++;
        printf("ok %s\n", name);
        return 1;
    }
    failed++;
    printf("FAIL %s: got 0x%x, want 0x%x\n", name, got, want);
    return 0;
}

int check_event(const char *name, int got_vector, int want_vector, uint32_t want_err,
                uint32_t want_eip)
{
    int ok = got_vector == want_vector;
    if (ok && want_vector >= 0) {
        ok = (want_err == ERR_ANY || last_exc.err == want_err)
             && (want_eip == EIP_ANY || last_exc.eip == want_eip);
    }
    if (ok) {
        passed++;
        printf("ok %s\n", name);
        return 1;
    }
    failed++;
    printf("FAIL %s: ", name);
    if (got_vector < 0)
        printf("no event");
    else
        printf("vector %d error code 0x%x at %x:%08x", got_vector, last_exc.err,
               last_exc.cs, last_exc.eip);
    if (want_vector < 0)
        printf(", want no event\n");
    else
        printf(", want vector %d error code 0x%x at %08x\n", want_vector, want_err, want_eip);
    return 0;
}

void poweroff_ok(void)
{
    outw(PM1A_CNT, PM1_SLP_EN);
    /* QEMU stops the machine a few instructions later, not at once: print nothing more
       (it would be cut off at a random point). If the port is not there, the machine
       halts here with interrupts off and the run times out. */
    for (;;)
        __asm__ volatile("cli; hlt");
}

void poweroff_fail(uint8_t code)
{
    outb(DEBUG_EXIT, code);
    for (;;)
        __asm__ volatile("cli; hlt");
}

void finish(void)
{
    printf("%s: %u passed, %u failed\n", test_name, passed, failed);
    if (failed)
        poweroff_fail(1);
    poweroff_ok();
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    puts_serial("FAIL ");
    vprintf(fmt, ap);
    va_end(ap);
    putchar_serial('\n');
    printf("%s: stopped\n", test_name);
    poweroff_fail(1);
}

/* ---- descriptor tables -------------------------------------------------------------- */

uint64_t make_seg(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    uint32_t lo = (limit & 0xFFFF) | (base << 16);
    uint32_t hi = ((base >> 16) & 0xFF) | ((uint32_t)access << 8) | (limit & 0xF0000)
                  | ((uint32_t)(flags & 0xF) << 20) | (base & 0xFF000000);
    return ((uint64_t)hi << 32) | lo;
}

uint64_t make_gate(uint16_t selector, uint32_t offset, uint8_t type, int dpl, int params)
{
    uint32_t lo = (offset & 0xFFFF) | ((uint32_t)selector << 16);
    uint32_t hi = (offset & 0xFFFF0000) | ((uint32_t)ACC_P << 8) | ((uint32_t)dpl << 13)
                  | ((uint32_t)type << 8) | ((uint32_t)params & 0x1F);
    return ((uint64_t)hi << 32) | lo;
}

void gdt_set_seg(int index, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    gdt[index] = make_seg(base, limit, access, flags);
}

void gdt_set_gate(int index, uint16_t selector, uint32_t offset, uint8_t type, int dpl,
                  int params)
{
    gdt[index] = make_gate(selector, offset, type, dpl, params);
}

void gdt_set_tss(int index, struct tss *t, uint32_t limit, int dpl)
{
    gdt[index] = make_seg((uint32_t)t, limit, ACC_P | ACC_DPL(dpl) | SYS_TSS32_AVAIL, 0);
}

void idt_set_gate(int vector, uint16_t selector, uint32_t offset, uint8_t type, int dpl)
{
    idt[vector] = make_gate(selector, offset, type, dpl, 0);
}

void idt_set_present(int vector, int present)
{
    if (present)
        idt[vector] |= (uint64_t)1 << 47;
    else
        idt[vector] &= ~((uint64_t)1 << 47);
}

void idt_set_dpl(int vector, int dpl)
{
    idt[vector] = (idt[vector] & ~((uint64_t)3 << 45)) | ((uint64_t)dpl << 45);
}

uint32_t idt_stub(int vector)
{
    return (uint32_t)vector_stubs + 16 * (uint32_t)vector;
}

void idt_restore(int vector)
{
    idt_set_gate(vector, SEL_KCODE, idt_stub(vector), SYS_INTGATE32,
                 vector == VEC_EXIT ? 3 : 0);
}

/* ---- events ----------------------------------------------------------------------------- */

void set_handler(int vector, exc_handler h)
{
    handlers[vector] = h;
}

void exc_reset(void)
{
    last_exc.count = 0;
    last_exc.vector = 0xFFFFFFFF;
    last_exc.err = 0xFFFFFFFF;
}

void exception_dispatch(struct frame *f)
{
    int v86 = (f->eflags & EFL_VM) != 0;
    int outer = v86 || (f->cs & 3) != 0;
    last_exc.count++;
    last_exc.vector = f->vector;
    last_exc.err = f->err;
    last_exc.eip = f->eip;
    last_exc.cs = sel(f->cs);
    last_exc.eflags = f->eflags;
    last_exc.cr2 = read_cr2();
    last_exc.outer = outer;
    last_exc.v86 = v86;
    last_exc.esp = outer ? f->esp : 0;
    last_exc.ss = outer ? sel(f->ss) : 0;
    last_exc.frame_top = (uint32_t)&f->eflags + 4 + (outer ? 8 : 0) + (v86 ? 16 : 0);
    memcpy((void *)&last_exc.f, f, v86 ? sizeof *f : outer ? sizeof *f - 16 : sizeof *f - 24);

    exc_handler h = handlers[f->vector];
    if (h && h(f))
        return;
    if (recovery_esp)
        recover((int)f->vector);
    panic("unexpected event: vector %u, error code 0x%x, at %x:%08x", f->vector, f->err,
          sel(f->cs), f->eip);
}

/* ---- start ----------------------------------------------------------------------------- */

static void tables_init(void)
{
    gdt[0] = 0;
    gdt_set_seg(1, 0, 0xFFFFF, ACC_P | ACC_DPL(0) | ACC_CODE_XR, FLG_G | FLG_DB);
    gdt_set_seg(2, 0, 0xFFFFF, ACC_P | ACC_DPL(0) | ACC_DATA_RW, FLG_G | FLG_DB);
    gdt_set_seg(3, 0, 0xFFFFF, ACC_P | ACC_DPL(3) | ACC_CODE_XR, FLG_G | FLG_DB);
    gdt_set_seg(4, 0, 0xFFFFF, ACC_P | ACC_DPL(3) | ACC_DATA_RW, FLG_G | FLG_DB);

    struct tss *t = &runtime_tss.tss;
    memset(&runtime_tss, 0, sizeof runtime_tss);
    t->ss0 = SEL_KDATA;
    t->esp0 = (uint32_t)ring0_stack_top;
    t->iomap_base = sizeof(struct tss);
    memset(runtime_tss.iomap, 0xFF, sizeof runtime_tss.iomap);
    runtime_tss.iomap_end = 0xFF;
    gdt_set_tss(5, t, offsetof(struct tss_io, iomap_end), 0);

    struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr, idtr;
    gdtr.limit = sizeof gdt - 1;
    gdtr.base = (uint32_t)gdt;
    gdt_load(&gdtr);
    __asm__ volatile("ltr %w0" : : "r"(SEL_TSS) : "memory");

    for (int v = 0; v < 256; v++)
        idt_restore(v);
    idtr.limit = sizeof idt - 1;
    idtr.base = (uint32_t)idt;
    __asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

/* The multiboot information, for the kernels that read more of it (lib/pc.h). */
uint32_t runtime_mbi_addr;

void runtime_start(uint32_t magic, uint32_t mbi_addr)
{
    runtime_mbi_addr = magic == MB_BOOT_MAGIC ? mbi_addr : 0;
    tables_init();
    exc_reset();
    printf("%s: start\n", test_name);
    check_eq("multiboot: EAX holds the boot magic", magic, MB_BOOT_MAGIC);
    /* We asked for memory information (header flag bit 1): flags bit 0 must be set. */
    check(magic == MB_BOOT_MAGIC && (*(volatile uint32_t *)mbi_addr & 1),
          "multiboot: memory information present");
    test_main();
    finish();
}

/* ---- what gcc may call -------------------------------------------------------------- */

void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}
