/*
 * tty -- the terminal driver: the console and the serial lines on the PC's 16550A UARTs.
 *
 * A system process under RS (label tty, boot slot TTY_PROC_NR), built on SEF. It owns COM1
 * (0x3F8, IRQ 4: /dev/console, /dev/tty00, and where /dev/log and the kernel's console text
 * go) and COM2 (0x2F8, IRQ 3: /dev/tty01), reaching them only through the kernel calls and
 * I/O ranges its boot.cfg entry grants (uart.c). The line discipline (ld.c) is plain C with no
 * kernel calls, tested on the host (test/). The protocol with VFS is device.c, the kernel's
 * console text kmess.c, the reply transport reply.c.
 *
 * Events: HARDWARE notifications (the UART IRQs: bit n = line n), CLOCK notifications (the
 * VTIME timer), SIGKMESS (through SEF's signal handler: fetch the kernel's text), and the
 * device requests. Nothing here blocks: every answer goes by SENDNB or SENDA (reply.c).
 *
 * Restart (RS): a fresh instance re-initialises the UARTs; requests that were suspended in
 * the dead instance are gone on this side (VFS sends them again); each line's termios and
 * window size are back at the defaults; the console's controlling process is read back from
 * DS (published at each controlling open), so ^C still reaches the shell.
 * Live update: the termios, window sizes, controlling processes and open counts move to the
 * new version through a memory grant; an update while a request is suspended (a reader
 * waits: the usual case with a shell) is refused at once with EBUSY, with a message, since
 * the new version could not answer a request it never saw.
 */
#include <stdio.h>
#include <string.h>
#include <minix/ds.h>
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include "tty.h"

struct tty lines[NR_LINES];
int tty_hz = 60;

static const struct {
    const char *name;
    int port, irq;
} uarts[NR_LINES] = {
    { "COM1", 0x3F8, 4 },
    { "COM2", 0x2F8, 3 },
};

#define PGRP_KEY "tty.console.pgrp"      /* DS: the console's controlling process */

uint32_t tty_uptime(void)
{
    uint32_t up = 0;
    sys_times(SELF, NULL, NULL, &up);
    return up;
}

/* --- live update state --------------------------------------------------------------------- */

#define LU_MAGIC 0x74747931u            /* "tty1": the layout below */

struct lu_state {
    uint32_t magic, size;
    struct {
        termios tio;
        winsize ws;
        int pgrp, open_count, hook_id;
    } line[NR_LINES];
};

static struct lu_state lu;

static int tty_lu_prepare(int state)
{
    (void)state;
    for (int i = 0; i < NR_LINES; i++) {
        struct tty *tp = &lines[i];
        if (tp->rd.active || tp->wr.active || tp->ioc.active || tp->logwr.active) {
            printf("live update refused: %s has a suspended request (a reader waits); "
                   "the new version could not answer it\n", uarts[i].name);
            return EBUSY;
        }
        if (ld_out_pending(&tp->ld) > 0 || tp->tx_busy)
            return ENOTREADY;           /* let the output drain first */
    }
    return OK;
}

static int tty_lu_save(int state)
{
    int grant;

    (void)state;
    memset(&lu, 0, sizeof lu);
    lu.magic = LU_MAGIC;
    lu.size = sizeof lu;
    for (int i = 0; i < NR_LINES; i++) {
        lu.line[i].tio = lines[i].ld.tio;
        lu.line[i].ws = lines[i].ld.ws;
        lu.line[i].pgrp = lines[i].pgrp;
        lu.line[i].open_count = lines[i].open_count;
        lu.line[i].hook_id = lines[i].present ? lines[i].hook_id : -1;
    }
    grant = cpf_grant_direct(sef_self(), &lu, sizeof lu, CPF_READ);
    if (grant < 0)
        return ENOMEM;
    sef_lu_set_state_grant(grant);
    return OK;
}

static int lu_restore(const sef_init_info_t *info)
{
    int r = sys_safecopyfrom(info->old_endpoint, info->lu_grant, 0, &lu, sizeof lu);

    if (r != OK)
        return r;
    if (lu.magic != LU_MAGIC || lu.size != sizeof lu)
        return EINVAL;
    for (int i = 0; i < NR_LINES; i++) {
        ld_set_termios(&lines[i].ld, &lu.line[i].tio);
        lines[i].ld.ws = lu.line[i].ws;
        lines[i].pgrp = lu.line[i].pgrp;
        lines[i].open_count = lu.line[i].open_count;
        if (lu.line[i].hook_id >= 0) {
            int old = lu.line[i].hook_id;
            sys_irqrmpolicy(&old);      /* the old version's hook, if it stayed with this slot */
        }
    }
    return OK;
}

/* --- start-up -------------------------------------------------------------------------------- */

void tty_save_pgrp(void)
{
    int r = ds_publish_u32(PGRP_KEY, (uint32_t)lines[CONSOLE_LINE].pgrp, DSF_OVERWRITE);
    if (r != OK)
        printf("cannot save the console's controlling process in DS: %d\n", r);
}

static int tty_init(int type, const sef_init_info_t *info)
{
    int hz = sys_hz(), r, up = 0;

    tty_hz = hz > 0 ? hz : 60;
    memset(lines, 0, sizeof lines);
    for (int i = 0; i < NR_LINES; i++) {
        ld_init(&lines[i].ld);
        lines[i].name = uarts[i].name;
        lines[i].port = uarts[i].port;
        lines[i].irq = uarts[i].irq;
        lines[i].pgrp = NONE;
    }
    if (type == SEF_INIT_LU && (r = lu_restore(info)) != OK) {
        printf("cannot take over the old version's state: %d\n", r);
        return r;
    }
    if (type == SEF_INIT_RESTART) {
        uint32_t pgrp;
        if (ds_retrieve_u32(PGRP_KEY, &pgrp) == OK)
            lines[CONSOLE_LINE].pgrp = (int)pgrp;
    }
    for (int i = 0; i < NR_LINES; i++) {
        r = uart_init(&lines[i], i);
        if (r == OK)
            up++;
        else
            printf("%s: not used (%d)\n", uarts[i].name, r);
    }
    /* The first fetch makes tty the console process: from now on the kernel's text comes
       here (SIGKMESS) instead of going to the host directly. */
    if (lines[CONSOLE_LINE].present)
        kmess_fetch();
    r = ds_publish_u32("drv.chr.tty", 1, DSF_OVERWRITE);
    if (r != OK)
        printf("cannot publish drv.chr.tty in DS: %d\n", r);
    if (type == SEF_INIT_FRESH)
        printf("%d serial line%s at 115200 baud, console on COM1\n", up, up == 1 ? "" : "s");
    else
        printf("%s: UARTs re-initialised, console on COM1\n",
               type == SEF_INIT_RESTART ? "restarted" : "new version");
    return OK;
}

static void tty_signal(int signo)
{
    if (signo == SIGKMESS)
        kmess_fetch();
    else if (signo == SIGTERM)
        sef_cb_signal_handler_term(signo);
}

int main(void)
{
    message m;
    int status;

    sef_setcb_init_fresh(tty_init);
    sef_setcb_init_restart(tty_init);
    sef_setcb_init_lu(tty_init);
    sef_setcb_signal_handler(tty_signal);
    sef_setcb_lu_prepare(tty_lu_prepare);
    sef_setcb_lu_state_isvalid(sef_cb_lu_state_isvalid_standard);
    sef_setcb_lu_state_save(tty_lu_save);
    sef_startup();

    for (;;) {
        /* RTS says whether a reader waits on the line (see uart_set_rts). */
        for (int i = 0; i < NR_LINES; i++)
            if (lines[i].present)
                uart_set_rts(&lines[i], lines[i].rd.active && !lines[i].rd.revive);
        if (sef_receive_status(ANY, &m, &status) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (m.m_source == HARDWARE) {
                for (int i = 0; i < NR_LINES; i++)
                    if ((uint32_t)m.m2_l1 & (1u << i))
                        uart_interrupt(&lines[i]);
            } else if (m.m_source == CLOCK) {
                dev_timer();
            }
            continue;
        }
        if (m.m_type == DEV_STATUS)
            dev_status(&m, status);
        else if ((m.m_type & ~0xFF) == DEV_RQ_BASE)
            dev_request(&m, status);
        else if (ipc_status_call(status) == SENDREC) {
            message rep;
            memset(&rep, 0, sizeof rep);
            rep.m_type = EBADREQUEST;   /* not ours: answer so the sender is not stuck */
            ipc_sendnb(m.m_source, &rep);
        }
    }
}
