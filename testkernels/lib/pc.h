/*
 * pc.h -- PC board helpers for the device test kernels: port I/O of every width, the 8259A
 * pair (initialisation, masks, EOI, IRR/ISR reads), IRQ handlers on vectors 0x20-0x2F, a
 * 1 kHz PIT time base for bounded waits, and the multiboot information.
 *
 * Nothing here runs unless a kernel calls it: the CPU kernels (interrupts always off) are
 * unaffected. A kernel that uses interrupts calls pic_init() first; from then on IRQ n is
 * vector 0x20 + n, every line is masked until pic_unmask(n), and an IRQ without a handler
 * stops the kernel with "FAIL unexpected event: vector ...".
 */
#ifndef TESTKERNELS_PC_H
#define TESTKERNELS_PC_H

#include "runtime.h"

/* ---- port I/O ------------------------------------------------------------------------ */

static inline uint16_t inw(uint16_t port)
{ uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port)
{ uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outl(uint16_t port, uint32_t v)
{ __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
/* REP INSW / REP OUTSW: count 16-bit words between the port and memory. */
static inline void insw(uint16_t port, void *buf, uint32_t count)
{ __asm__ volatile("rep insw" : "+D"(buf), "+c"(count) : "d"(port) : "memory"); }
static inline void outsw(uint16_t port, const void *buf, uint32_t count)
{ __asm__ volatile("rep outsw" : "+S"(buf), "+c"(count) : "d"(port) : "memory"); }

static inline void cli(void) { __asm__ volatile("cli" : : : "memory"); }
static inline void sti(void) { __asm__ volatile("sti" : : : "memory"); }
/* Waits for one interrupt with interrupts otherwise off: STI's one-instruction shadow makes
   "sti; hlt" atomic, so an interrupt that became pending before cannot be missed. Returns
   with IF = 0, after the handler ran. */
static inline void wait_for_interrupt(void) { __asm__ volatile("sti; hlt; cli" : : : "memory"); }
/* Lets pending interrupts in for one instruction (IF back to 0 afterwards). */
static inline void interrupt_window(void) { __asm__ volatile("sti; nop; cli" : : : "memory"); }

/* ---- 8259A pair ------------------------------------------------------------------------ */

#define PIC1_CMD    0x20
#define PIC1_DATA   0x21
#define PIC2_CMD    0xA0
#define PIC2_DATA   0xA1
#define IRQ_VECTOR  0x20        /* IRQ n is vector 0x20 + n (the slave's base is 0x28) */
#define PIC_EOI     0x20        /* OCW2: non-specific EOI */
#define PIC_SEOI    0x60        /* OCW2: specific EOI, | level */
#define PIC_READ_IRR 0x0A       /* OCW3 */
#define PIC_READ_ISR 0x0B       /* OCW3 */
#define PIC_POLL    0x0C        /* OCW3: poll command */

/* ICW1-ICW4 on both chips: edge triggered, cascade (slave on IR2, slave ID 2), 8086 mode,
   normal EOI (auto_eoi: automatic EOI on both); vectors 0x20 and 0x28; every line masked;
   the reads of the command ports select the IRR again. Also makes every line edge
   triggered in the chipset's ELCR (ports 0x4D0/0x4D1, a PIIX addition a PC without one
   ignores), which firmware may have set for PCI interrupts. Installs the spurious-IRQ 7
   and 15 handlers (pic_spurious counts them). */
void pic_init(void);
void pic_init_mode(int auto_eoi);
void pic_set_mask(uint16_t mask);   /* bit n: IRQ n masked; slave in bits 8-15 */
uint16_t pic_get_mask(void);
void pic_mask(int irq);
void pic_unmask(int irq);           /* IRQ 8-15 also unmasks the cascade line IRQ 2 */
/* The EOIs the handler of IRQ irq sends: non-specific EOI to the slave (irq >= 8), then to
   the master. */
void pic_eoi(int irq);
uint16_t pic_read_irr(void);        /* slave in bits 8-15 */
uint16_t pic_read_isr(void);
/* Spurious interrupts seen on IRQ 7 / IRQ 15 (vector taken with the ISR bit clear). */
extern volatile uint32_t pic_spurious7, pic_spurious15;

/* A handler for IRQ n (vector 0x20 + n). It runs with IF = 0 and must send the EOI itself
   (pic_eoi); return 1 to resume the interrupted code. */
void irq_set_handler(int irq, exc_handler h);

/* ---- PIT time base --------------------------------------------------------------------- */

#define PIT_HZ      1193182u
#define PIT_CH0     0x40
#define PIT_CH1     0x41
#define PIT_CH2     0x42
#define PIT_CMD     0x43
#define PORT_61     0x61        /* bit 0: counter 2 gate, 1: speaker, 5: counter 2 OUT */

/* Counter 0 in mode 2 at 1 kHz (count 1193) on IRQ 0, whose handler counts pit_ticks and
   sends the EOI; unmasks IRQ 0. Needs pic_init() first; counts only while IF = 1. */
void timebase_start(void);
void timebase_stop(void);           /* masks IRQ 0 */
extern volatile uint32_t pit_ticks;
/* Waits, with interrupts on, until cond() is true or ms milliseconds passed; returns the
   last cond(). Busy-polls (no HLT) so that polled devices are watched continuously. */
int wait_until(int (*cond)(void), uint32_t ms);
/* Sleeps ms milliseconds (HLT between ticks), interrupts on meanwhile; IF = 0 after. */
void delay_ms(uint32_t ms);

/* Counter 0 as a stopwatch: mode 2 with count 65536 (55 ms a period; mask IRQ 0 first).
   pit_clock_read() returns the PIT clocks since pit_clock_start(), exactly, as long as it
   is called at least every 55 ms. timebase_start() makes counter 0 the 1 kHz tick again. */
void pit_clock_start(void);
uint32_t pit_clock_read(void);

/* Busy-waits ms milliseconds (at most 54) on counter 2 in mode 0, polling its OUT on port
   0x61 bit 5; leaves its gate off. No interrupt needed; IF unchanged. */
void pit_delay_ms(uint32_t ms);

/* ---- multiboot information ------------------------------------------------------------ */

struct multiboot_info {
    uint32_t flags;             /* bit 0: mem_lower/mem_upper; bit 2: cmdline */
    uint32_t mem_lower;         /* KiB below 1 MiB */
    uint32_t mem_upper;         /* KiB from 1 MiB to the first hole */
    uint32_t boot_device;
    uint32_t cmdline;           /* physical address of a NUL-terminated string */
};
/* The information the loader passed (0 if EAX did not hold the boot magic). */
const struct multiboot_info *mb_info(void);
/* The value of the first word "key=value" of the kernel command line (which starts with
   the kernel's path under QEMU and minix-emu), copied into buf (NUL-terminated, cut to size); 0 if there is no such word. */
int cmdline_get(const char *key, char *buf, size_t size);

/* ---- small string helpers --------------------------------------------------------------- */

size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int memcmp(const void *a, const void *b, size_t n);

#endif
