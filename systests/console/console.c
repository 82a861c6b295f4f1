/*
 * console -- a tiny COM1 driver: hooks IRQ 4, enables the receive interrupt, and answers each
 * typed line with "got: LINE". The line "quit" powers the machine off with status 0.
 *
 *   args [reenable|manual|noenable]
 *     reenable (default): the IRQ_REENABLE policy, the kernel unmasks the line after each IRQ;
 *     manual: no policy, the driver asks IRQ_ENABLE after each IRQ it has handled;
 *     noenable: no policy and never IRQ_ENABLE, so the line stays masked after the first IRQ;
 *       each HARDWARE notification prints "irq N" (N counts them).
 *
 * It prints "ready" once its set-up calls are made, and the error of any refused call (e.g.
 * "sys_outb(0x3fc) refused: -1"), so that the tests of refusals see the refusal itself.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>

#define COM1 0x3F8
#define RBR 0 /* receive buffer */
#define IER 1 /* interrupt enable */
#define MCR 4 /* modem control: OUT2 gates the IRQ on a PC */
#define LSR 5 /* line status: bit 0 = data ready */

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "reenable";
    int reenable = strcmp(mode, "reenable") == 0;
    int manual = strcmp(mode, "manual") == 0;
    int noenable = strcmp(mode, "noenable") == 0;
    int hook = 4;
    int r;
    unsigned irqs = 0;
    char line[128];
    size_t len = 0;
    message m;

    if ((r = sys_irqsetpolicy(4, reenable ? IRQ_REENABLE : 0, &hook)) != OK) {
        panic("cannot hook IRQ 4: %d", r);
    }
    /* OUT2 (0x08) gates the IRQ; RTS (0x02) up: this driver always waits for a line. */
    if ((r = sys_outb(COM1 + MCR, 0x0A)) != OK) {
        printf("sys_outb(0x%x) refused: %d\n", COM1 + MCR, r);
    }
    if ((r = sys_outb(COM1 + IER, 0x01)) != OK) {
        printf("sys_outb(0x%x) refused: %d\n", COM1 + IER, r);
    }
    printf("ready\n");
    for (;;) {
        if (ipc_receive(HARDWARE, &m, NULL) != OK) {
            continue;
        }
        if (noenable) {
            printf("irq %u\n", ++irqs);
        }
        uint32_t lsr, c;
        while (sys_inb(COM1 + LSR, &lsr) == OK && (lsr & 1)) {
            sys_inb(COM1 + RBR, &c);
            if (c == '\r' || c == '\n') {
                line[len] = '\0';
                if (len > 0) {
                    printf("got: %s\n", line);
                }
                if (strcmp(line, "quit") == 0) {
                    sys_abort(RBT_HALT, 0);
                }
                len = 0;
            } else if (len < sizeof line - 1) {
                line[len++] = (char)c;
            }
        }
        if (manual && sys_irqenable(&hook) != OK) {
            panic("IRQ_ENABLE refused");
        }
    }
}
