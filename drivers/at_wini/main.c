/*
 * at_wini -- the ATA disk driver (label at_wini): drive 0 of the primary channel as the block
 * devices c0d0 (minor 0) and c0d0p0..p3 (minors 1..4), served with the block-device protocol
 * of the ABI section "Disk and network drivers" (BDEV_* on m2, vectored grants, BDEV_REPLY).
 *
 * Privileges (boot.cfg): io 1f0:8 3f6, irq 14, system BASIC DEVIO SDEVIO IRQCTL SETALARM.
 *
 * Who may call: every system process (privilege flag SYS_PROC: VFS and, later, the file
 * servers), and the user programs named in the argument users=NAME,NAME... (boot.cfg args;
 * e.g. users=disktest for the test program, which talks to the driver directly until VFS opens
 * block devices). Anyone else gets EPERM for every request; the driver serves on.
 *
 * Start and restart: hook IRQ 14, reset the controller (a dead instance may have left a
 * command half done), IDENTIFY, read the MBR, publish drv.blk.at_wini = DS_DRIVER_UP. A
 * restarted instance knows no open minors: requests other than BDEV_OPEN get ERESTART, and
 * the client (the client library's rule, as MINIX's libbdev) reopens and resends -- as it
 * also does when its SENDREC failed because the driver died with its request in flight.
 *
 * Replies: SENDNB when the request came by SENDREC, SENDA otherwise (asyn.c).
 */
#include "at_wini.h"
#include <minix/ds.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_USERS 8
#define DS_KEY "drv.blk.at_wini"

static char users[MAX_USERS][16];
static int nr_users;

/* users=a,b,c as given in boot.cfg (RS gives a restarted instance the same arguments). */
static char users_arg[MAX_USERS * 16];

static void parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "users=", 6) == 0)
            strlcpy(users_arg, argv[i] + 6, sizeof users_arg);
        else
            printf("unknown argument '%s' ignored\n", argv[i]);
    }
}

/* users_arg -> users[] */
static void parse_users(void)
{
    const char *s = users_arg;

    nr_users = 0;
    while (*s && nr_users < MAX_USERS) {
        size_t n = 0;

        while (s[n] && s[n] != ',')
            n++;
        if (n > 0 && n < sizeof users[0]) {
            memcpy(users[nr_users], s, n);
            users[nr_users][n] = '\0';
            nr_users++;
        }
        s += n;
        if (*s == ',')
            s++;
    }
}

/* The caller's process name, for user processes: its slot from the endpoint. */
static int caller_allowed(int ep)
{
    static priv_spec spec;
    proc_info info;
    int slot;

    if (sys_getpriv(ep, &spec) == OK && (spec.flags & SYS_PROC))
        return 1;
    slot = ((ep + NR_TASKS) % ENDPOINT_GENERATION_SIZE) - NR_TASKS;
    if (sys_getproc(slot, &info) != OK || info.endpoint != ep)
        return 0;
    for (int i = 0; i < nr_users; i++)
        if (strncmp(info.name, users[i], sizeof info.name) == 0)
            return 1;
    return 0;
}

void reply_status(const message *req, int ipc_status, int result)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = BDEV_REPLY;
    m.m2_i1 = result;
    m.m2_p1 = req->m2_p1;           /* the id, echoed */
    if (ipc_status_call(ipc_status) == SENDREC)
        r = ipc_sendnb(req->m_source, &m);
    else
        r = asynsend(req->m_source, &m);
    if (r != OK)
        printf("reply to %d (request 0x%x) lost: %d\n", req->m_source, req->m_type, r);
}

static int do_open(const message *m)
{
    int minor = m->m2_i1;

    if (minor < 0 || minor >= NR_MINORS || minors[minor].sectors == 0)
        return ENXIO;
    if (m->m2_i2 == 0 || (m->m2_i2 & ~(R_BIT | W_BIT)))
        return EINVAL;
    minors[minor].open_count++;
    return OK;
}

static int do_close(const message *m)
{
    int minor = m->m2_i1;

    if (minor < 0 || minor >= NR_MINORS || minors[minor].sectors == 0)
        return ENXIO;
    if (minors[minor].open_count == 0)
        return ERESTART;
    minors[minor].open_count--;
    return OK;
}

static int handle(const message *m)
{
    if (!caller_allowed(m->m_source))
        return EPERM;
    switch (m->m_type) {
    case BDEV_OPEN:    return do_open(m);
    case BDEV_CLOSE:   return do_close(m);
    case BDEV_READ:    return do_transfer(m, 0, 0);
    case BDEV_WRITE:   return do_transfer(m, 1, 0);
    case BDEV_GATHER:  return do_transfer(m, 0, 1);
    case BDEV_SCATTER: return do_transfer(m, 1, 1);
    case BDEV_IOCTL:   return do_ioctl(m);
    default:           return EBADREQUEST;
    }
}

void serve(const message *m, int status)
{
    if (is_notify(m->m_type))
        return;             /* a late interrupt or alarm: nothing waits for it now */
    reply_status(m, status, handle(m));
}

static int at_init(int type, const sef_init_info_t *info)
{
    int r;

    (void)info;
    parse_users();
    r = ata_init();
    if (r == OK)
        r = part_scan();
    if (r != OK) {
        printf("cannot start: %d\n", r);
        return r;
    }
    r = ds_publish_u32(DS_KEY, DS_DRIVER_UP, DSF_OVERWRITE);
    if (r != OK)
        printf("cannot publish %s: %d\n", DS_KEY, r);
    if (type == SEF_INIT_RESTART)
        printf("restarted: controller reset, partitions read again\n");
    return OK;
}

int main(int argc, char **argv)
{
    message m;
    int status;

    parse_args(argc, argv);
    sef_setcb_init_fresh(at_init);
    sef_setcb_init_restart(at_init);
    sef_setcb_signal_handler(sef_cb_signal_handler_term);
    sef_startup();

    for (;;) {
        while (queue_get(&m, &status) == OK)
            serve(&m, status);
        if (sef_receive_status(ANY, &m, &status) != OK)
            continue;
        serve(&m, status);
    }
}
