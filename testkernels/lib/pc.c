/*
 * pc.c -- the PC board helpers of lib/pc.h: the 8259A pair, IRQ handlers, the PIT time
 * base, the multiboot command line and a few string functions.
 */
#include "pc.h"

#define ELCR1 0x4D0
#define ELCR2 0x4D1

volatile uint32_t pic_spurious7, pic_spurious15;
volatile uint32_t pit_ticks;
extern uint32_t runtime_mbi_addr;

/* ---- 8259A pair ------------------------------------------------------------------------ */

/* IRQ 7 / IRQ 15 taken while the ISR bit is clear: the request went away before the
   acknowledge. No EOI to the chip that made it up; a slave's spurious IRQ 15 was a real
   interrupt for the master (IR2), which gets its EOI. */
static int spurious_handler(struct frame *f)
{
    int irq = (int)f->vector - IRQ_VECTOR;
    uint16_t isr = pic_read_isr();
    if (isr & (1u << irq))
        panic("unexpected event: IRQ %d (no handler)", irq);
    if (irq == 7) {
        pic_spurious7++;
    } else {
        pic_spurious15++;
        outb(PIC1_CMD, PIC_EOI);
    }
    return 1;
}

void pic_init_mode(int auto_eoi)
{
    outb(PIC1_CMD, 0x11);           /* ICW1: edge, cascade, ICW4 needed */
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, IRQ_VECTOR);    /* ICW2: vector base */
    outb(PIC2_DATA, IRQ_VECTOR + 8);
    outb(PIC1_DATA, 0x04);          /* ICW3: a slave on IR2 */
    outb(PIC2_DATA, 0x02);          /*       slave ID 2 */
    outb(PIC1_DATA, auto_eoi ? 0x03 : 0x01);  /* ICW4: 8086 mode, (auto) EOI */
    outb(PIC2_DATA, auto_eoi ? 0x03 : 0x01);
    outb(PIC1_DATA, 0xFF);          /* OCW1: everything masked */
    outb(PIC2_DATA, 0xFF);
    outb(PIC1_CMD, PIC_READ_IRR);
    outb(PIC2_CMD, PIC_READ_IRR);
    outb(ELCR1, 0);
    outb(ELCR2, 0);
    set_handler(IRQ_VECTOR + 7, spurious_handler);
    set_handler(IRQ_VECTOR + 15, spurious_handler);
}

void pic_init(void)
{
    pic_init_mode(0);
}

void pic_set_mask(uint16_t mask)
{
    outb(PIC1_DATA, (uint8_t)mask);
    outb(PIC2_DATA, (uint8_t)(mask >> 8));
}

uint16_t pic_get_mask(void)
{
    return (uint16_t)(inb(PIC1_DATA) | (inb(PIC2_DATA) << 8));
}

void pic_mask(int irq)
{
    pic_set_mask(pic_get_mask() | (uint16_t)(1u << irq));
}

void pic_unmask(int irq)
{
    uint16_t m = pic_get_mask() & (uint16_t)~(1u << irq);
    if (irq >= 8)
        m &= (uint16_t)~(1u << 2);
    pic_set_mask(m);
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

static uint16_t pic_read(uint8_t ocw3)
{
    outb(PIC1_CMD, ocw3);
    outb(PIC2_CMD, ocw3);
    uint16_t v = (uint16_t)(inb(PIC1_CMD) | (inb(PIC2_CMD) << 8));
    outb(PIC1_CMD, PIC_READ_IRR);
    outb(PIC2_CMD, PIC_READ_IRR);
    return v;
}

uint16_t pic_read_irr(void)
{
    return pic_read(PIC_READ_IRR);
}

uint16_t pic_read_isr(void)
{
    return pic_read(PIC_READ_ISR);
}

void irq_set_handler(int irq, exc_handler h)
{
    set_handler(IRQ_VECTOR + irq, h);
}

/* ---- PIT time base --------------------------------------------------------------------- */

static int tick_handler(struct frame *f)
{
    (void)f;
    pit_ticks++;
    outb(PIC1_CMD, PIC_EOI);
    return 1;
}

void timebase_start(void)
{
    irq_set_handler(0, tick_handler);
    outb(PIT_CMD, 0x34);            /* counter 0, LSB then MSB, mode 2, binary */
    outb(PIT_CH0, 1193 & 0xFF);
    outb(PIT_CH0, 1193 >> 8);
    pic_unmask(0);
}

void timebase_stop(void)
{
    pic_mask(0);
}

int wait_until(int (*cond)(void), uint32_t ms)
{
    uint32_t start = pit_ticks;
    int ok;
    sti();
    while (!(ok = cond()) && pit_ticks - start < ms)
        ;
    cli();
    return ok;
}

void delay_ms(uint32_t ms)
{
    uint32_t start = pit_ticks;
    while (pit_ticks - start < ms)
        wait_for_interrupt();
}

static uint32_t clock_total;
static uint16_t clock_last;

static uint16_t latch_counter0(void)
{
    outb(PIT_CMD, 0x00);            /* counter 0, counter latch */
    uint8_t lo = inb(PIT_CH0);
    return (uint16_t)(lo | (inb(PIT_CH0) << 8));
}

void pit_clock_start(void)
{
    outb(PIT_CMD, 0x34);            /* counter 0, LSB then MSB, mode 2, binary */
    outb(PIT_CH0, 0);               /* count 0: 65536 */
    outb(PIT_CH0, 0);
    /* The count is loaded on the next clock: wait until the counter has moved. */
    uint16_t first = latch_counter0();
    for (uint32_t n = 0; n < 1000000 && latch_counter0() == first; n++)
        ;
    clock_total = 0;
    clock_last = latch_counter0();
}

uint32_t pit_clock_read(void)
{
    uint16_t now = latch_counter0();
    clock_total += (uint16_t)(clock_last - now);   /* counts down, modulo 65536 */
    clock_last = now;
    return clock_total;
}

void pit_delay_ms(uint32_t ms)
{
    uint32_t count = ms * 1193;
    if (count > 0xFFFF)
        count = 0xFFFF;
    outb(PORT_61, (uint8_t)(inb(PORT_61) & 0x0C));         /* gate off, speaker off */
    outb(PIT_CMD, 0xB0);                                    /* counter 2, LSB/MSB, mode 0 */
    outb(PIT_CH2, (uint8_t)count);
    outb(PIT_CH2, (uint8_t)(count >> 8));
    outb(PORT_61, (uint8_t)((inb(PORT_61) & 0x0C) | 1));   /* gate on */
    for (uint32_t n = 0; !(inb(PORT_61) & 0x20) && n < 100000000; n++)
        ;
    outb(PORT_61, (uint8_t)(inb(PORT_61) & 0x0C));
}

/* ---- multiboot ------------------------------------------------------------------------ */

const struct multiboot_info *mb_info(void)
{
    return (const struct multiboot_info *)runtime_mbi_addr;
}

int cmdline_get(const char *key, char *buf, size_t size)
{
    const struct multiboot_info *mbi = mb_info();
    if (!mbi || !(mbi->flags & 4) || !mbi->cmdline)
        return 0;
    const char *p = (const char *)mbi->cmdline;
    size_t klen = strlen(key);
    while (*p) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - w) > klen && w[klen] == '=' && memcmp(w, key, klen) == 0) {
            size_t n = 0;
            for (const char *v = w + klen + 1; v < p && n + 1 < size; v++)
                buf[n++] = *v;
            if (size)
                buf[n] = 0;
            return 1;
        }
    }
    return 0;
}

/* ---- strings ------------------------------------------------------------------------------ */

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}
