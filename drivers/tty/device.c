/*
 * device.c -- the character-device protocol with VFS (minix3-facts-2.md sections 1 and 4; the
 * ABI's "Character-device protocol"): DEV_OPEN, DEV_CLOSE, DEV_READ_S, DEV_WRITE_S,
 * DEV_IOCTL_S, CANCEL answered at once (TASK_REPLY: REP_ENDPT m2_i1, REP_STATUS m2_i2), with
 * SUSPEND when the answer must wait; a suspended request that finishes is marked and VFS is
 * notified; VFS's DEV_STATUS collects one DEV_REVIVE (m2_i1 REP_ENDPT, m2_i2 REP_STATUS, m2_i3
 * REP_IO_GRANT) per call, then DEV_NO_STATUS.
 *
 * Minors: 0 /dev/console and 16 /dev/tty00 are the same line (COM1), 17 /dev/tty01 is COM2,
 * 15 /dev/log is write-only (an open for reading and any read: EACCES) and its text goes to
 * the console line. Every grant is the request's m_source's (VFS's magic grants): USER_ENDPT
 * only names the process and is echoed back.
 *
 * Who may ask: VFS. While no VFS runs (development images without it) any process that can
 * reach tty may, so a test process can drive the protocol directly.
 *
 * Not applied: libchardriver's ERESTART rule for minors not opened since a restart. The
 * console's readers opened it long before a crash of tty; answering them ERESTART would end
 * in EIO for the shell. A restarted tty serves every minor (its termios back at the defaults).
 */
#include <stdio.h>
#include <string.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include "tty.h"

#define NONBLOCK_FLAG 0x1       /* m2_s1 bit 0 (3.2.1's FLAGS): answer EAGAIN rather than SUSPEND */

static int grant_of(const message *m)
{
    return (int)(intptr_t)m->m2_p1;
}

static struct tty *line_of(int minor)
{
    if (minor == TTY_MINOR_CONSOLE || minor == TTY_MINOR_SERIAL0)
        return &lines[0];
    if (minor == TTY_MINOR_SERIAL0 + 1)
        return &lines[1];
    return NULL;
}

/* --- suspended requests ------------------------------------------------------------------ */

static void hold(struct req *rq, const message *m, int count)
{
    memset(rq, 0, sizeof *rq);
    rq->active = 1;
    rq->caller = m->m_source;
    rq->user_endpt = m->m2_i2;
    rq->grant = grant_of(m);
    rq->count = count;
}

/* The answer is ready: VFS collects it with DEV_STATUS. */
static void finish(struct req *rq, int status)
{
    rq->revive = 1;
    rq->status = status;
    ipc_notify(rq->caller);
}

void dev_reset_requests(void)
{
    for (int i = 0; i < NR_LINES; i++) {
        memset(&lines[i].rd, 0, sizeof lines[i].rd);
        memset(&lines[i].wr, 0, sizeof lines[i].wr);
        memset(&lines[i].ioc, 0, sizeof lines[i].ioc);
        memset(&lines[i].logwr, 0, sizeof lines[i].logwr);
        lines[i].deadline = 0;
        lines[i].timed_out = 0;
    }
}

/* --- the VTIME timer: one alarm for all lines, at the nearest deadline ------------------- */

static void arm_alarm(void)
{
    uint32_t now = tty_uptime(), next = 0;

    for (int i = 0; i < NR_LINES; i++)
        if (lines[i].deadline != 0 && (next == 0 || lines[i].deadline < next))
            next = lines[i].deadline;
    if (next == 0)
        sys_setalarm(0, 0);
    else
        sys_setalarm(next > now ? next - now : 1, 0);
}

/* --- reads -------------------------------------------------------------------------------- */

/* Copies what a read of rq->count may take into its grant; the bytes or an error. */
static int copy_out(struct tty *tp, struct req *rq)
{
    static unsigned char buf[LD_IN_SIZE];  /* static: too big for the stack */
    size_t want = (size_t)rq->count < sizeof buf ? (size_t)rq->count : sizeof buf;
    size_t n = ld_read(&tp->ld, buf, want);
    int r;

    if (n == 0)
        return 0;
    r = sys_safecopyto(rq->caller, rq->grant, 0, buf, n);
    return r != OK ? r : (int)n;
}

/* Answers the line's suspended read if it may finish now, else (re)arms its timer. */
static void try_read(struct tty *tp)
{
    struct req *rq = &tp->rd;
    uint32_t before = tp->deadline;
    int state;

    if (!rq->active || rq->revive)
        return;
    state = ld_read_state(&tp->ld, (size_t)rq->count, tp->timed_out);
    if (state == LD_READY) {
        tp->deadline = 0;
        tp->timed_out = 0;
        finish(rq, copy_out(tp, rq));
    } else if (state == LD_WAIT_TIMER) {
        uint32_t ticks = (uint32_t)tp->ld.tio.c_cc[VTIME] * (uint32_t)tty_hz / 10;
        tp->deadline = tty_uptime() + (ticks > 0 ? ticks : 1);
    } else {
        tp->deadline = 0;
    }
    if (tp->deadline != before)         /* no kernel calls per keystroke without VTIME */
        arm_alarm();
}

static int do_read(const message *m, struct tty *tp)
{
    struct req tmp;
    int count = m->m2_i3, state;

    if (count < 0)
        return EINVAL;
    if (count == 0)
        return 0;
    if (tp->rd.active)
        return EIO;                     /* one reader per line (facts-2 section 4.1) */
    state = ld_read_state(&tp->ld, (size_t)count, 0);
    if (state == LD_READY) {
        hold(&tmp, m, count);
        return copy_out(tp, &tmp);
    }
    if (m->m2_s1 & NONBLOCK_FLAG)
        return EAGAIN;
    hold(&tp->rd, m, count);
    tp->timed_out = 0;
    try_read(tp);                       /* arms the VTIME timer if there is one */
    return SUSPEND;
}

void dev_timer(void)
{
    uint32_t now = tty_uptime();

    for (int i = 0; i < NR_LINES; i++) {
        struct tty *tp = &lines[i];
        if (tp->deadline != 0 && now >= tp->deadline) {
            tp->deadline = 0;
            tp->timed_out = 1;
            try_read(tp);
        }
    }
    arm_alarm();
}

void dev_input_arrived(struct tty *tp, int events)
{
    if ((events & (LD_EV_SIGINT | LD_EV_SIGQUIT)) && tp->pgrp != NONE) {
        int r = sys_kill(tp->pgrp, (events & LD_EV_SIGINT) ? SIGINT : SIGQUIT);
        if (r != OK) {
            /* The controlling process is gone (its session ended without a close reaching
               us): nobody to signal until the next controlling open. */
            tp->pgrp = NONE;
            if (tp == &lines[CONSOLE_LINE])
                tty_save_pgrp();
        }
    }
    if (events & LD_EV_DATA)
        try_read(tp);
    uart_start_output(tp);              /* the echo */
}

/* --- writes ------------------------------------------------------------------------------- */

/* Moves as much of a write as the output queue takes; OK or a copy error. */
static int pump_write(struct tty *tp, struct req *rq, int flags)
{
    unsigned char buf[256];

    while (rq->done < rq->count) {
        size_t room = ld_out_room(&tp->ld), chunk = (size_t)(rq->count - rq->done), took;
        int r;

        if (room == 0)
            break;
        if (chunk > room)
            chunk = room;
        if (chunk > sizeof buf)
            chunk = sizeof buf;
        r = sys_safecopyfrom(rq->caller, rq->grant, (uint32_t)rq->done, buf, chunk);
        if (r != OK)
            return r;
        took = ld_write(&tp->ld, buf, chunk, flags);
        rq->done += (int)took;
        if (took < chunk)
            break;
    }
    return OK;
}

static int do_write(const message *m, struct tty *tp, struct req *slot, int flags)
{
    struct req tmp;
    int count = m->m2_i3, r;

    if (count < 0)
        return EINVAL;
    if (count == 0)
        return 0;
    if (slot->active)
        return EIO;                     /* one writer per minor */
    hold(&tmp, m, count);
    r = OK;
    if (tp == &lines[CONSOLE_LINE])
        kmess_drain();
    /* Kernel text that is still waiting goes out first: the write waits behind it. */
    if (tp != &lines[CONSOLE_LINE] || kmess_pending() == 0)
        r = pump_write(tp, &tmp, flags);
    uart_start_output(tp);
    if (r != OK)
        return tmp.done > 0 ? tmp.done : r;
    if (tmp.done == count)
        return count;
    if (m->m2_s1 & NONBLOCK_FLAG)
        return tmp.done > 0 ? tmp.done : EAGAIN;
    *slot = tmp;                        /* the rest as the queue drains (dev_output_room) */
    return SUSPEND;
}

/* Continues a suspended write when the queue is at least half empty (or the rest fits), so
   the copies stay large. */
static void continue_write(struct tty *tp, struct req *rq, int flags)
{
    size_t left;
    int r;

    if (!rq->active || rq->revive)
        return;
    if (tp == &lines[CONSOLE_LINE] && kmess_pending() > 0)
        return;
    left = (size_t)(rq->count - rq->done);
    if (ld_out_room(&tp->ld) < LD_OUT_SIZE / 2 && ld_out_room(&tp->ld) < left)
        return;
    r = pump_write(tp, rq, flags);
    if (r != OK)
        finish(rq, rq->done > 0 ? rq->done : r);
    else if (rq->done == rq->count)
        finish(rq, rq->count);
}

/* Everything queued for the line has reached the UART's shift register (on the console,
   the kernel's text too): what TCDRAIN waits for, and what VFS's TCDRAIN before a power-off
   relies on. */
static int drained(const struct tty *tp)
{
    if (tp == &lines[CONSOLE_LINE] && kmess_pending() > 0)
        return 0;
    return ld_out_pending(&tp->ld) == 0 && !tp->tx_busy;
}

static int finish_drain_ioctl(struct tty *tp, struct req *rq);

void dev_output_room(struct tty *tp)
{
    if (tp == &lines[CONSOLE_LINE])
        kmess_drain();                  /* kernel text first: it was printed first */
    continue_write(tp, &tp->wr, 0);
    continue_write(tp, &tp->logwr, LD_W_CRLF);
    if (tp->ioc.active && !tp->ioc.revive && drained(tp))
        finish(&tp->ioc, finish_drain_ioctl(tp, &tp->ioc));
    uart_start_output(tp);
}

/* --- ioctl -------------------------------------------------------------------------------- */

/* TCSETSW / TCSETSF / TCDRAIN once the output has drained. */
static int finish_drain_ioctl(struct tty *tp, struct req *rq)
{
    termios t;
    int r;

    if (rq->count == TCDRAIN)
        return OK;
    r = sys_safecopyfrom(rq->caller, rq->grant, 0, &t, sizeof t);
    if (r != OK)
        return r;
    if (rq->count == TCSETSF)
        ld_flush_in(&tp->ld);
    ld_set_termios(&tp->ld, &t);
    try_read(tp);
    return OK;
}

static int do_ioctl(const message *m, struct tty *tp)
{
    int caller = m->m_source, grant = grant_of(m), code = m->m2_i3, r;
    termios t;
    winsize ws;
    int32_t arg;

    switch (code) {
    case TCGETS:
        return sys_safecopyto(caller, grant, 0, &tp->ld.tio, sizeof tp->ld.tio);
    case TCSETS:
        r = sys_safecopyfrom(caller, grant, 0, &t, sizeof t);
        if (r != OK)
            return r;
        ld_set_termios(&tp->ld, &t);
        try_read(tp);                   /* a new VMIN/VTIME or ICANON may end a read */
        uart_start_output(tp);
        return OK;
    case TCSETSW:
    case TCSETSF:
    case TCDRAIN: {
        struct req tmp;
        if (tp->ioc.active)
            return EIO;
        hold(&tmp, m, code);
        if (drained(tp))
            return finish_drain_ioctl(tp, &tmp);
        if (m->m2_s1 & NONBLOCK_FLAG)
            return EAGAIN;
        tp->ioc = tmp;
        return SUSPEND;
    }
    case TCFLSH:
        r = sys_safecopyfrom(caller, grant, 0, &arg, sizeof arg);
        if (r != OK)
            return r;
        if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
            return EINVAL;
        if (arg & TCIFLUSH)
            ld_flush_in(&tp->ld);
        if (arg & TCOFLUSH)
            ld_flush_out(&tp->ld);
        return OK;
    case TIOCGWINSZ:
        return sys_safecopyto(caller, grant, 0, &tp->ld.ws, sizeof tp->ld.ws);
    case TIOCSWINSZ:
        r = sys_safecopyfrom(caller, grant, 0, &ws, sizeof ws);
        if (r != OK)
            return r;
        tp->ld.ws = ws;
        if (tp->pgrp != NONE)
            sys_kill(tp->pgrp, SIGWINCH);
        return OK;
    default:
        return ENOTTY;
    }
}

/* --- open, close, cancel ------------------------------------------------------------------ */

static int do_open(const message *m)
{
    int minor = m->m2_i1, mode = m->m2_i3;
    struct tty *tp;

    if (minor == TTY_MINOR_LOG)
        return (mode & R_BIT) ? EACCES : OK;
    if ((tp = line_of(minor)) == NULL || !tp->present)
        return ENXIO;
    tp->open_count++;
    if (mode & O_NOCTTY)
        return OK;
    /* VFS left O_NOCTTY off: a session leader without a controlling tty opens it. */
    tp->pgrp = m->m2_i2;
    if (tp == &lines[CONSOLE_LINE])
        tty_save_pgrp();
    return 1;
}

static int do_close(const message *m)
{
    int minor = m->m2_i1;
    struct tty *tp;

    if (minor == TTY_MINOR_LOG)
        return OK;
    if ((tp = line_of(minor)) == NULL)
        return ENXIO;
    if (tp->open_count > 0)
        tp->open_count--;
    if (tp->open_count == 0) {
        /* The last close: no controlling process, the defaults again (facts-2 section 4.4). */
        if (tp->pgrp != NONE && tp == &lines[CONSOLE_LINE]) {
            tp->pgrp = NONE;
            tty_save_pgrp();
        }
        tp->pgrp = NONE;
        ld_defaults(&tp->ld.tio);
        tp->ld.ws.ws_row = 24;
        tp->ld.ws.ws_col = 80;
    }
    return OK;
}

/* CANCEL: the suspended request with this USER_ENDPT and grant ends now with the bytes it
   moved (a write), or EINTR. An answer that was ready but not collected is given here. */
static int do_cancel(const message *m)
{
    int minor = m->m2_i1;
    struct tty *tp = minor == TTY_MINOR_LOG ? &lines[CONSOLE_LINE] : line_of(minor);
    struct req *slots[4];
    int n = 0;

    if (tp == NULL)
        return ENXIO;
    if (minor == TTY_MINOR_LOG) {
        slots[n++] = &tp->logwr;
    } else {
        slots[n++] = &tp->rd;
        slots[n++] = &tp->wr;
        slots[n++] = &tp->ioc;
    }
    for (int i = 0; i < n; i++) {
        struct req *rq = slots[i];
        int r;
        if (!rq->active || rq->caller != m->m_source || rq->user_endpt != m->m2_i2 ||
            rq->grant != grant_of(m))
            continue;
        r = rq->revive ? rq->status : rq->done > 0 ? rq->done : EINTR;
        memset(rq, 0, sizeof *rq);
        if (rq == &tp->rd) {
            tp->deadline = 0;
            arm_alarm();
        }
        return r;
    }
    return EINTR;
}

/* --- dispatch ----------------------------------------------------------------------------- */

static int vfs_running(void)
{
    proc_info p;

    return sys_getproc(VFS_PROC_NR, &p) == OK && !(p.state & PROC_FREE);
}

static int may_ask(int who)
{
    return who == VFS_PROC_NR || !vfs_running();
}

static int handle(const message *m)
{
    int minor = m->m2_i1;
    struct tty *tp;

    switch (m->m_type) {
    case DEV_OPEN:
        return do_open(m);
    case DEV_CLOSE:
        return do_close(m);
    case CANCEL:
        return do_cancel(m);
    case DEV_READ_S:
        if (minor == TTY_MINOR_LOG)
            return EACCES;
        if ((tp = line_of(minor)) == NULL || !tp->present)
            return ENXIO;
        return do_read(m, tp);
    case DEV_WRITE_S:
        if (minor == TTY_MINOR_LOG)
            return do_write(m, &lines[CONSOLE_LINE], &lines[CONSOLE_LINE].logwr, LD_W_CRLF);
        if ((tp = line_of(minor)) == NULL || !tp->present)
            return ENXIO;
        return do_write(m, tp, &tp->wr, 0);
    case DEV_IOCTL_S:
        if (minor == TTY_MINOR_LOG)
            return ENOTTY;
        if ((tp = line_of(minor)) == NULL || !tp->present)
            return ENXIO;
        return do_ioctl(m, tp);
    default:
        return EBADREQUEST;
    }
}

void dev_request(const message *m, int ipc_status)
{
    message rep;
    int r = may_ask(m->m_source) ? handle(m) : EPERM;

    memset(&rep, 0, sizeof rep);
    rep.m_type = TASK_REPLY;
    rep.m2_i1 = m->m2_i2;
    rep.m2_i2 = r;
    reply_to(m->m_source, ipc_status, &rep);
}

/* DEV_STATUS: one finished request of this caller per call, then DEV_NO_STATUS. */
void dev_status(const message *m, int ipc_status)
{
    message rep;

    memset(&rep, 0, sizeof rep);
    rep.m_type = DEV_NO_STATUS;
    for (int i = 0; i < NR_LINES && rep.m_type == DEV_NO_STATUS; i++) {
        struct req *slots[4] = { &lines[i].rd, &lines[i].wr, &lines[i].ioc, &lines[i].logwr };
        for (int k = 0; k < 4; k++) {
            struct req *rq = slots[k];
            if (rq->active && rq->revive && rq->caller == m->m_source) {
                rep.m_type = DEV_REVIVE;
                rep.m2_i1 = rq->user_endpt;
                rep.m2_i2 = rq->status;
                rep.m2_i3 = rq->grant;
                memset(rq, 0, sizeof *rq);
                break;
            }
        }
    }
    reply_to(m->m_source, ipc_status, &rep);
}
