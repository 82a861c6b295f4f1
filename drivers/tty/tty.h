/*
 * tty.h -- the tty driver's state: its serial lines and the requests they hold.
 *
 * Lines: 0 = COM1 (the console: minors 0 and 16, and /dev/log's output), 1 = COM2 (minor 17).
 * Each line keeps at most one suspended read, one suspended write and one suspended ioctl
 * (TCSETSW/TCSETSF/TCDRAIN wait for the output to drain); line 0 also keeps one suspended
 * /dev/log write. A request whose answer is ready waits in its slot, marked `revive`, until
 * VFS collects it with DEV_STATUS (minix3-facts-2.md section 1.4).
 */
#ifndef TTY_TTY_H
#define TTY_TTY_H

#include <stdint.h>
#include <minix/abi.h>
#include "ld.h"

#define NR_LINES 2
#define CONSOLE_LINE 0

/* A suspended request. */
struct req {
    int active;          /* a request is held here */
    int revive;          /* its answer is ready, waiting for DEV_STATUS */
    int caller;          /* who sent it (VFS): notified, and the granter of grant */
    int user_endpt;      /* USER_ENDPT, echoed as REP_ENDPT */
    int grant;
    int count;           /* bytes asked for (an ioctl: its code) */
    int done;            /* bytes moved so far */
    int status;          /* the answer once revive is set */
};

struct tty {
    struct ld ld;
    const char *name;    /* "COM1" */
    int port;            /* I/O base */
    int irq;
    int hook_id;         /* the kernel's id for the IRQ hook */
    int present;         /* the UART answered the probe */
    int tx_busy;         /* bytes are in the FIFO and THRE has not come back yet */
    int open_count;      /* opens of minors 0/16 (or 17), minus closes */
    int pgrp;            /* the controlling process: ^C / ^\ go here (NONE: none) */
    uint32_t deadline;   /* uptime tick at which the read's VTIME runs out (0: no timer) */
    int timed_out;
    int rts;             /* RTS is up: a read waits (uart_set_rts) */
    struct req rd, wr, ioc, logwr;
};

extern struct tty lines[NR_LINES];
extern int tty_hz;

/* uart.c */
int uart_init(struct tty *tp, int line);
void uart_interrupt(struct tty *tp);
void uart_start_output(struct tty *tp);
void uart_set_rts(struct tty *tp, int on);

/* device.c */
void dev_request(const message *m, int ipc_status);
void dev_status(const message *m, int ipc_status);
void dev_input_arrived(struct tty *tp, int events);
void dev_output_room(struct tty *tp);
void dev_timer(void);
void dev_reset_requests(void);

/* kmess.c */
void kmess_fetch(void);
void kmess_drain(void);
size_t kmess_pending(void);   /* fetched kernel text not yet in the output queue */

/* reply.c: SENDNB to a caller that used SENDREC, SENDA otherwise (design point 3). */
void reply_to(int dst, int ipc_status, message *m);

/* main.c */
uint32_t tty_uptime(void);
void tty_save_pgrp(void);      /* DS copy of the console's controlling process */

#endif /* TTY_TTY_H */
