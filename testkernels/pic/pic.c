/*
 * pic -- the 8259A pair: ICW1-ICW4 and the mask register (OCW1); a masked request waits
 * in the IRR and is delivered when unmasked; specific EOI (a wrong level leaves the ISR
 * bit, the right one clears it); priorities: IRQ 0 and IRQ 4 pending together are taken
 * IRQ 0 first even though IRQ 4 asked first, an in-service IRQ 0 holds IRQ 4 back until its
 * EOI, IRQ 0 nests into an in-service IRQ 4, the set-priority command (IR3 lowest: IRQ 4
 * before IRQ 0), special mask mode (IRQ 4 let in while IR0 is in service and masked), and
 * an in-service level blocks itself until its EOI; the slave on IR2 with the RTC's periodic interrupt (IRQ 8): both ISRs set in the
 * handler, an EOI needed on each chip, and without the slave's EOI no further IRQ 8; the
 * poll command (OCW3); automatic EOI (ICW4); no spurious IRQ 7 or 15 throughout.
 *
 * The interrupt sources: the PIT's counter 0 in mode 0 (one rising edge on IRQ 0 after
 * 1 ms) or mode 2 (1 kHz), the UART's THR-empty interrupt (IRQ 4, MCR.OUT2 set, nothing
 * printed while it is pending) and the RTC's periodic interrupt (1024 Hz, IRQ 8).
 *
 * Not checked, because QEMU 7.2 does not model them: level-triggered mode (ICW1.LTIM; QEMU
 * takes the trigger mode from the PIIX ELCR only), and a non-specific EOI in special mask
 * mode skipping a level masked in the IMR (QEMU clears the highest-priority ISR bit,
 * masked or not).
 */
#include "pc.h"

const char test_name[] = "pic";

#define COM1        0x3F8
#define UART_IER    (COM1 + 1)
#define UART_IIR    (COM1 + 2)
#define UART_MCR    (COM1 + 4)
#define UART_LSR    (COM1 + 5)
#define CMOS_INDEX  0x70
#define CMOS_DATA   0x71

/* What the handlers do, set before each test. */
enum eoi_mode { EOI_NONSPECIFIC, EOI_SPECIFIC_WRONG_FIRST, EOI_NONE, EOI_SLAVE_SKIPPED };

static volatile enum eoi_mode irq0_mode, irq8_mode;
static volatile int irq4_nest;          /* IRQ 4's handler waits for a nested IRQ 0 */
static volatile int irq0_blocks_irq4;   /* IRQ 0's handler raises IRQ 4 and waits */
static volatile int irq0_masks_itself;  /* IRQ 0's handler masks IRQ 0 */
static volatile int irq8_masks_itself;  /* IRQ 8's handler masks IRQ 8 */
static volatile int irq0_special_mask;  /* IRQ 0's handler lets IRQ 4 in by special mask mode */
static volatile int irq4_specific_eoi;  /* IRQ 4's handler sends a specific EOI */
static volatile uint32_t irq4_in_special_mask;
static volatile uint32_t count0, count4, count8;
static volatile int order[8], norder;
static volatile uint16_t isr_in0, isr_in4, isr_after_wrong, isr_after_right;
static volatile uint32_t irq4_seen_in_0, irr_in_0;
static volatile uint8_t rtc_c_in8;
static volatile uint16_t isr8_entry, isr8_after_slave_eoi, isr8_after_master_eoi;

static uint8_t cmos_read(uint8_t index)
{
    outb(CMOS_INDEX, index);
    return inb(CMOS_DATA);
}

static void cmos_write(uint8_t index, uint8_t v)
{
    outb(CMOS_INDEX, index);
    outb(CMOS_DATA, v);
}

static void log_irq(int irq)
{
    if (norder < 8)
        order[norder] = irq;
    norder++;
}

/* Counter 0 in mode 0: OUT rises once, about 1 ms from now. */
static void pit_one_shot(void)
{
    outb(PIT_CMD, 0x30);
    outb(PIT_CH0, 1193 & 0xFF);
    outb(PIT_CH0, 1193 >> 8);
}

/* Counter 0 in mode 2 at 1 kHz. */
static void pit_periodic(void)
{
    outb(PIT_CMD, 0x34);
    outb(PIT_CH0, 1193 & 0xFF);
    outb(PIT_CH0, 1193 >> 8);
}

/* THR-empty interrupt of COM1 on (IER bit 1, OUT2 set): IRQ 4 rises at once if the
   transmitter is idle. Nothing may be printed until uart_irq_off(). */
static void uart_irq_on(void)
{
    while (!(inb(UART_LSR) & 0x40))     /* TEMT: everything printed so far has left */
        ;
    outb(UART_MCR, (uint8_t)(inb(UART_MCR) | 0x08));
    outb(UART_IER, 0x02);
}

static void uart_irq_off(void)
{
    outb(UART_IER, 0x00);
    (void)inb(UART_IIR);
}

static int irq0_handler(struct frame *f)
{
    (void)f;
    log_irq(0);
    count0++;
    isr_in0 = pic_read_isr();
    if (irq0_blocks_irq4) {
        /* A lower-priority request while IRQ 0 is in service: it must wait. */
        irq0_blocks_irq4 = 0;
        uart_irq_on();
        uint32_t before = count4;
        sti();
        for (uint32_t n = 0; !(pic_read_irr() & 0x10) && n < 10000000; n++)
            ;
        for (int n = 0; n < 1000; n++)
            (void)pic_read_irr();
        cli();
        irr_in_0 = pic_read_irr();
        irq4_seen_in_0 = count4 - before;
    }
    if (irq0_special_mask) {
        /* IR0 in service blocks IRQ 4 -- unless special mask mode is on and IR0 masked. */
        irq0_special_mask = 0;
        outb(PIC1_CMD, 0x68);       /* OCW3: set special mask mode */
        pic_mask(0);
        uart_irq_on();
        uint32_t before = count4;
        sti();
        for (uint32_t n = 0; count4 == before && n < 10000000; n++)
            (void)pic_read_irr();
        cli();
        outb(PIC1_CMD, 0x48);       /* OCW3: reset special mask mode */
        irq4_in_special_mask = count4 - before;
    }
    if (irq0_masks_itself)
        pic_mask(0);
    switch (irq0_mode) {
    case EOI_NONSPECIFIC:
        outb(PIC1_CMD, PIC_EOI);
        break;
    case EOI_SPECIFIC_WRONG_FIRST:
        outb(PIC1_CMD, PIC_SEOI | 3);
        isr_after_wrong = pic_read_isr();
        outb(PIC1_CMD, PIC_SEOI | 0);
        isr_after_right = pic_read_isr();
        break;
    default:
        break;
    }
    return 1;
}

static int irq4_handler(struct frame *f)
{
    (void)f;
    log_irq(4);
    count4++;
    isr_in4 = pic_read_isr();
    uart_irq_off();                 /* reading IIR and clearing IER ends the request */
    if (irq4_nest) {
        irq4_nest = 0;
        uint32_t before = count0;
        pit_one_shot();
        sti();
        for (uint32_t n = 0; count0 == before && n < 50000000; n++)
            ;
        cli();
    }
    /* A non-specific EOI clears the highest-priority ISR bit. In special mask mode the
       datasheet skips levels masked in the IMR; QEMU does not, so the handler that runs
       in special mask mode names its level. */
    outb(PIC1_CMD, irq4_specific_eoi ? PIC_SEOI | 4 : PIC_EOI);
    return 1;
}

static int irq8_handler(struct frame *f)
{
    (void)f;
    count8++;
    isr8_entry = pic_read_isr();
    rtc_c_in8 = cmos_read(0x0C);    /* reading register C ends the request */
    if (irq8_masks_itself)
        pic_mask(8);
    if (irq8_mode == EOI_SLAVE_SKIPPED) {
        outb(PIC1_CMD, PIC_EOI);
        return 1;
    }
    outb(PIC2_CMD, PIC_EOI);
    isr8_after_slave_eoi = pic_read_isr();
    outb(PIC1_CMD, PIC_EOI);
    isr8_after_master_eoi = pic_read_isr();
    return 1;
}

/* Polls the IRR until all of bits are set (IF unchanged); returns the IRR. */
static uint16_t wait_irr(uint16_t bits)
{
    uint16_t irr = 0;
    for (uint32_t n = 0; n < 20000000; n++) {
        irr = pic_read_irr();
        if ((irr & bits) == bits)
            break;
    }
    return irr;
}

static void reset_log(void)
{
    norder = 0;
    for (int i = 0; i < 8; i++)
        order[i] = -1;
}

static void init_and_masks(void)
{
    /* Whatever the firmware left counter 0 doing (QEMU's BIOS: 18.2 Hz) ends with one more
       edge; initialising the PICs after it starts from clean request registers. */
    pit_one_shot();
    pit_delay_ms(20);
    pic_init();
    check_eq("ICW1-4 then OCW1: IMR reads back all masked", pic_get_mask(), 0xFFFF);
    pic_set_mask(0x5AA5);
    check_eq("OCW1: IMR reads back what was written (both chips)", pic_get_mask(), 0x5AA5);
    pic_set_mask(0xFFFF);
    check_eq("after initialisation: no level in service", pic_read_isr(), 0);
    irq_set_handler(0, irq0_handler);
    irq_set_handler(4, irq4_handler);
    irq_set_handler(8, irq8_handler);
}

static void masked_request(void)
{
    /* IRQ 0 masked: the PIT's edge sets the IRR, nothing is delivered, even with IF = 1. */
    irq0_mode = EOI_SPECIFIC_WRONG_FIRST;
    pit_one_shot();
    sti();
    uint16_t irr = wait_irr(0x01);
    cli();
    check(irr & 1, "masked IRQ 0: the request is in the IRR");
    check_eq("masked IRQ 0: not delivered with IF = 1", count0, 0);
    pic_unmask(0);
    interrupt_window();
    check_eq("unmasked IRQ 0: delivered once", count0, 1);
    check_eq("IRQ 0 handler: ISR is 0x01", isr_in0, 0x01);
    check_eq("specific EOI for IR3: ISR bit 0 stays set", isr_after_wrong, 0x01);
    check_eq("specific EOI for IR0: ISR clear", isr_after_right, 0x00);
    check_eq("after the acknowledge: IRQ 0 no longer requested", pic_read_irr() & 1, 0);
    pit_delay_ms(3);
    interrupt_window();
    check_eq("mode 0: one edge, one interrupt", count0, 1);
    pic_mask(0);
}

static void priorities(void)
{
    /* IRQ 4 asks first, IRQ 0 a millisecond later; IF = 0 meanwhile. Then both are taken,
       IRQ 0 first. */
    irq0_mode = EOI_NONSPECIFIC;
    reset_log();
    count0 = count4 = 0;
    pic_unmask(0);
    pic_unmask(4);
    uart_irq_on();
    pit_one_shot();
    uint16_t irr = wait_irr(0x11);
    sti();
    for (int i = 0; i < 100 && norder < 2; i++)
        __asm__ volatile("nop");
    cli();
    uart_irq_off();
    check_eq("two requests pending: IRR bits 0 and 4", irr & 0x11, 0x11);
    check(norder == 2 && order[0] == 0 && order[1] == 4,
          "IRQ 0 and IRQ 4 pending: IRQ 0 is taken first");
    check_eq("IRQ 0 handler: only IR0 in service", isr_in0, 0x01);
    check_eq("IRQ 4 handler (after IRQ 0's EOI): only IR4 in service", isr_in4, 0x10);

    /* IRQ 0 in service holds back IRQ 4 until its EOI. */
    reset_log();
    count0 = count4 = 0;
    irq0_blocks_irq4 = 1;
    pit_one_shot();
    for (uint32_t n = 0; count0 == 0 && n < 50000000; n++)
        interrupt_window();
    for (int i = 0; i < 100 && norder < 2; i++)
        interrupt_window();
    check_eq("IRQ 0 in service: IRQ 4 requested but held back", irq4_seen_in_0, 0);
    check_eq("IRQ 0 in service: IRR bit 4 set meanwhile", irr_in_0 & 0x10, 0x10);
    check(norder == 2 && order[0] == 0 && order[1] == 4,
          "IRQ 0's EOI lets IRQ 4 in");

    /* IRQ 0 nests into an in-service IRQ 4. */
    reset_log();
    count0 = count4 = 0;
    irq4_nest = 1;
    uart_irq_on();
    for (int i = 0; i < 100 && norder < 2; i++)
        interrupt_window();
    check(norder == 2 && order[0] == 4 && order[1] == 0,
          "IRQ 0 interrupts the IRQ 4 handler (IF set in it)");
    check_eq("nested IRQ 0 handler: IR0 and IR4 in service", isr_in0, 0x11);

    /* Set priority (OCW2): IR3 lowest makes IR4 the highest; both pending, IRQ 4 first. */
    reset_log();
    count0 = count4 = 0;
    irq0_masks_itself = 1;
    outb(PIC1_CMD, 0xC3);
    pit_one_shot();
    pit_delay_ms(3);
    pic_unmask(0);
    uart_irq_on();
    irr = wait_irr(0x11);
    sti();
    for (int i = 0; i < 100 && norder < 2; i++)
        __asm__ volatile("nop");
    cli();
    uart_irq_off();
    outb(PIC1_CMD, 0xC7);           /* IR7 lowest again */
    irq0_masks_itself = 0;
    pic_unmask(0);
    check(norder == 2 && order[0] == 4 && order[1] == 0,
          "set priority, IR3 lowest: IRQ 4 is taken before IRQ 0");
    check_eq("IRQ 4 first: only IR4 in service", isr_in4, 0x10);

    /* Special mask mode: with IR0 in service and masked, IRQ 4 gets in. */
    reset_log();
    count0 = count4 = 0;
    irq0_special_mask = 1;
    irq4_specific_eoi = 1;
    pit_one_shot();
    for (uint32_t n = 0; count0 == 0 && n < 50000000; n++)
        interrupt_window();
    irq4_specific_eoi = 0;
    pic_unmask(0);
    check_eq("special mask mode: IRQ 4 taken while IR0 is in service", irq4_in_special_mask, 1);
    check_eq("special mask mode: the IRQ 4 handler sees IR0 and IR4 in service", isr_in4, 0x11);
    check_eq("special mask mode reset, both EOIs sent: nothing in service", pic_read_isr(), 0);

    /* An in-service level blocks itself until its EOI. */
    irq0_mode = EOI_NONE;
    count0 = 0;
    pit_periodic();
    for (uint32_t n = 0; count0 == 0 && n < 50000000; n++)
        interrupt_window();
    sti();
    uint16_t irr2 = wait_irr(0x01);
    for (int n = 0; n < 1000; n++)
        (void)pic_read_irr();
    cli();
    check_eq("IRQ 0 without EOI: the next tick waits in the IRR", irr2 & 1, 1);
    check_eq("IRQ 0 without EOI: not delivered again", count0, 1);
    irq0_mode = EOI_NONSPECIFIC;
    irq0_masks_itself = 1;          /* the next tick may come while the handler runs */
    pic_mask(0);
    outb(PIC1_CMD, PIC_SEOI | 0);
    pic_unmask(0);
    interrupt_window();
    pic_mask(0);
    irq0_masks_itself = 0;
    check_eq("specific EOI from outside the handler: the waiting tick is delivered", count0, 2);
    pit_one_shot();                 /* stop the 1 kHz edges */
    pit_delay_ms(3);
    pic_mask(4);
    check_eq("after the priority tests: nothing in service", pic_read_isr(), 0);
}

static void cascade(void)
{
    /* RTC periodic interrupt at 1024 Hz on IRQ 8: slave IR0, master IR2. */
    irq8_mode = EOI_NONSPECIFIC;
    count8 = 0;
    cmos_write(0x0A, 0x26);
    cmos_write(0x0B, (uint8_t)((cmos_read(0x0B) & ~0x70) | 0x40));    /* PIE only */
    (void)cmos_read(0x0C);
    pic_unmask(8);
    check_eq("unmasking IRQ 8 unmasks the cascade IRQ 2", pic_get_mask() & 0x0104, 0);
    for (uint32_t n = 0; count8 < 5 && n < 50000000; n++)
        interrupt_window();
    check_eq("RTC periodic interrupt: IRQ 8 delivered through the slave", count8 >= 5, 1);
    check_eq("IRQ 8 handler: master IR2 and slave IR0 in service", isr8_entry, 0x0104);
    check_eq("IRQ 8 handler: register C has IRQF and PF", rtc_c_in8 & 0xC0, 0xC0);
    check_eq("EOI to the slave: master IR2 still in service", isr8_after_slave_eoi, 0x0004);
    check_eq("EOI to the master too: nothing in service", isr8_after_master_eoi, 0x0000);

    /* Without the slave's EOI its IR0 stays in service and the next request waits. */
    irq8_mode = EOI_SLAVE_SKIPPED;
    uint32_t before = count8;
    for (uint32_t n = 0; count8 == before && n < 50000000; n++)
        interrupt_window();
    irq8_mode = EOI_NONSPECIFIC;
    uint32_t after_one = count8;
    sti();
    uint16_t irr = wait_irr(0x0100);
    for (int n = 0; n < 3000; n++)
        (void)pic_read_irr();
    cli();
    check_eq("no EOI to the slave: one IRQ 8", after_one - before, 1);
    check_eq("no EOI to the slave: the next request waits in the slave's IRR", irr & 0x0100, 0x0100);
    check_eq("no EOI to the slave: no further IRQ 8", count8, after_one);
    check_eq("no EOI to the slave: slave IR0 in service, master clear", pic_read_isr(), 0x0100);
    irq8_masks_itself = 1;          /* the next periodic request may follow at once */
    outb(PIC2_CMD, PIC_SEOI | 0);
    interrupt_window();
    irq8_masks_itself = 0;
    check_eq("specific EOI to the slave: the waiting request is delivered", count8, after_one + 1);

    cmos_write(0x0B, (uint8_t)(cmos_read(0x0B) & ~0x70));
    (void)cmos_read(0x0C);
    pic_mask(8);
    pic_mask(2);
    interrupt_window();
    check_eq("after the cascade tests: nothing in service", pic_read_isr(), 0);
}

static void poll_command(void)
{
    /* One edge on IRQ 0 while it is masked (a one-shot that has already ended), then with
       IF = 0 the CPU never acknowledges: the poll command does. Nothing is printed until
       the end: output takes time, and no other request may come in between. */
    count0 = 0;
    pic_mask(0);
    pit_one_shot();
    pit_delay_ms(3);
    pic_unmask(0);
    outb(PIC1_CMD, PIC_POLL);
    uint8_t p1 = inb(PIC1_CMD);
    uint16_t isr = pic_read_isr();
    outb(PIC1_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_POLL);
    uint8_t p2 = inb(PIC1_CMD);
    interrupt_window();
    pic_mask(0);
    check_eq("poll command: interrupt at level 0", p1 & 0x87, 0x80);
    check_eq("poll command: acts as the acknowledge (ISR bit 0 set)", isr, 0x01);
    check_eq("poll command with nothing pending: bit 7 clear", p2 & 0x80, 0);
    check_eq("polled request: not delivered again", count0, 0);
}

static void auto_eoi(void)
{
    pic_init_mode(1);
    irq_set_handler(0, irq0_handler);
    irq0_mode = EOI_NONE;
    count0 = 0;
    pic_unmask(0);
    pit_one_shot();
    for (uint32_t n = 0; count0 == 0 && n < 50000000; n++)
        interrupt_window();
    check_eq("automatic EOI: IRQ 0 delivered", count0, 1);
    check_eq("automatic EOI: ISR already clear in the handler", isr_in0, 0);
    pic_init();
    irq_set_handler(0, irq0_handler);
    irq_set_handler(4, irq4_handler);
    irq_set_handler(8, irq8_handler);
}

void test_main(void)
{
    init_and_masks();
    masked_request();
    priorities();
    cascade();
    poll_command();
    auto_eoi();
    check_eq("no spurious IRQ 7", pic_spurious7, 0);
    check_eq("no spurious IRQ 15", pic_spurious15, 0);
}
