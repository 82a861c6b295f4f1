/*
 * dp8390 -- the NE2000 network driver (label dp8390), serving the Ethernet driver protocol of
 * the ABI section "Disk and network drivers" (minix3-facts-2.md section 3).
 *
 * Privileges (boot.cfg): io 300:20, irq 9, system BASIC DEVIO SDEVIO IRQCTL.
 * Callers: system processes only (privilege flag SYS_PROC: inet); others get EPERM.
 *
 *   DL_CONF       (re)initialises the card with the mode's receive filter (every DL_CONF
 *                 re-applies it), keeps the mode in DS (key dp8390.mode), answers
 *                 DL_CONF_REPLY with the PROM's MAC, or ENXIO when there is no card.
 *   DL_WRITEV_S   the frame (60..1514 bytes, vector elements gathered with SAFECOPYFROM) goes
 *                 to the card and out: DL_TASK_REPLY PACK_SEND. While the one transmit buffer
 *                 is busy the request is kept (reply without flags) and PACK_SEND follows when
 *                 the transmit interrupt frees the buffer. At most one kept write.
 *   DL_READV_S    a frame in the ring is copied into the vector's grants at once (PACK_RECV,
 *                 DL_COUNT = its length; a frame longer than the vector is cut); else the
 *                 request is kept, answered without flags, and PACK_RECV comes with the next
 *                 frame. At most one kept read.
 *   DL_GETSTAT_S  the eth_stat counters into the grant: DL_STAT_REPLY.
 * Replies go by SENDA (inet's requests come by SENDA), or by SENDNB to a caller that used
 * SENDREC. Ours: DL_TASK_REPLY m2_i1 = OK, or the error of the request it answers (EINVAL for a bad
 * size or vector, EBUSY for a second kept read or write, ENXIO before the first DL_CONF, or
 * the copy's error); the flags are then 0.
 *
 * Restart: the card is probed and, when DS holds a mode, re-initialised with it at once (the
 * reset ends whatever was on the wire whole: no half frame leaves); drv.net.dp8390 is
 * published again, and inet, subscribed to it, sends DL_CONF and re-sends its read and the
 * write that had no PACK_SEND.
 */
#include "dp8390.h"
#include <minix/ds.h>
#include <stdio.h>
#include <string.h>

#define DS_KEY "drv.net.dp8390"
#define DS_MODE "dp8390.mode"

struct kept {
    int valid;
    int ep;             /* the requester, granter of the grants */
    int grant;          /* the vector */
    int count;          /* its elements */
};

static int present, configured;
static uint8_t mac[ETH_ADDR_LEN];
static struct kept rd, wr;
static uint8_t frame[MAX_FRAME + 2];

static int caller_allowed(int ep)
{
    static priv_spec spec;

    return sys_getpriv(ep, &spec) == OK && (spec.flags & SYS_PROC);
}

/* The requester being served now, when it used SENDREC (a SENDA with AMF_NOREPLY cannot
   answer a SENDREC, so such a caller gets SENDNB); NONE otherwise. */
static int sendrec_caller = NONE;

static void send_reply(int dst, message *m)
{
    int r = dst == sendrec_caller ? ipc_sendnb(dst, m) : asynsend(dst, m);

    if (r != OK)
        printf("reply 0x%x to %d lost: %d\n", m->m_type, dst, r);
}

static void task_reply(int dst, int status, int flags, int count)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = DL_TASK_REPLY;
    m.m2_i1 = status;
    m.m2_l1 = flags;
    m.m2_i3 = count;
    send_reply(dst, &m);
}

static int get_vector(const struct kept *k, iovec_s *iov, uint32_t *total)
{
    int r;

    if (k->count < 1 || k->count > BDEV_NR_IOREQS)
        return EINVAL;
    r = sys_safecopyfrom(k->ep, k->grant, 0, iov, (size_t)k->count * sizeof *iov);
    if (r != OK)
        return r;
    *total = 0;
    for (int i = 0; i < k->count; i++) {
        if (iov[i].iov_size > MAX_FRAME || *total + iov[i].iov_size > 0x10000)
            return EINVAL;
        *total += iov[i].iov_size;
    }
    return OK;
}

/* The kept write: gather and send. Status OK or an error. */
static int do_write(const struct kept *k)
{
    iovec_s iov[BDEV_NR_IOREQS];
    uint32_t total, off = 0;
    int r = get_vector(k, iov, &total);

    if (r != OK)
        return r;
    if (total < ETH_MIN_PACK_SIZE || total > ETH_MAX_PACK_SIZE + 4) {
        stats.ets_sendErr++;
        return EINVAL;
    }
    for (int i = 0; i < k->count; i++) {
        if (iov[i].iov_size == 0)
            continue;
        r = sys_safecopyfrom(k->ep, iov[i].iov_grant, 0, frame + off, iov[i].iov_size);
        if (r != OK)
            return r;
        off += iov[i].iov_size;
    }
    r = ne_send(frame, (int)total);
    if (r == OK)
        stats.ets_packetT++;
    return r;
}

/* The kept read, if a frame waits: its length (> 0), 0 when none, or an error. */
static int do_read(const struct kept *k)
{
    iovec_s iov[BDEV_NR_IOREQS];
    uint32_t total, off = 0;
    int r = get_vector(k, iov, &total), len;

    if (r != OK)
        return r;
    do {
        len = ne_recv(frame);
    } while (len < 0);              /* a damaged ring was reset: look again */
    if (len == 0)
        return 0;
    for (int i = 0; i < k->count && off < (uint32_t)len; i++) {
        uint32_t n = iov[i].iov_size;

        if (n > (uint32_t)len - off)
            n = (uint32_t)len - off;
        r = sys_safecopyto(k->ep, iov[i].iov_grant, 0, frame + off, n);
        if (r != OK)
            return r;
        off += n;
    }
    return (int)off;
}

static void conf(const message *req)
{
    message m;
    int r = ENXIO;

    if (present) {
        r = ne_init(mac, (int)req->m2_l1);
        if (r == OK) {
            configured = 1;
            rd.valid = wr.valid = 0;    /* a new configuration: the client starts over */
            if (ds_publish_u32(DS_MODE, (uint32_t)req->m2_l1, DSF_OVERWRITE) != OK)
                printf("cannot keep the mode in DS\n");
        }
    }
    memset(&m, 0, sizeof m);
    m.m_type = DL_CONF_REPLY;
    m.m3_i1 = r;
    memcpy(m.m3_ca1, mac, ETH_ADDR_LEN);
    send_reply(req->m_source, &m);
}

static void getstat(const message *req)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = DL_STAT_REPLY;
    m.m3_i1 = sys_safecopyto(req->m_source, req->m2_l2, 0, &stats, sizeof stats);
    send_reply(req->m_source, &m);
}

static void request(const message *m)
{
    struct kept k = { 1, m->m_source, (int)m->m2_l2, m->m2_i3 };
    int r;

    if (!caller_allowed(m->m_source)) {
        task_reply(m->m_source, EPERM, 0, 0);
        return;
    }
    if (m->m_type == DL_CONF) {
        conf(m);
        return;
    }
    if (!configured) {
        task_reply(m->m_source, ENXIO, 0, 0);
        return;
    }
    switch (m->m_type) {
    case DL_WRITEV_S:
        if (wr.valid) {
            task_reply(m->m_source, EBUSY, 0, 0);
        } else if (ne_tx_busy()) {
            wr = k;
            task_reply(m->m_source, OK, 0, 0);
        } else {
            r = do_write(&k);
            task_reply(m->m_source, r, r == OK ? DL_PACK_SEND : 0, 0);
        }
        break;
    case DL_READV_S:
        if (rd.valid) {
            task_reply(m->m_source, EBUSY, 0, 0);
            break;
        }
        r = do_read(&k);
        if (r == 0)
            rd = k;
        task_reply(m->m_source, r < 0 ? r : OK, r > 0 ? DL_PACK_RECV : 0, r > 0 ? r : 0);
        break;
    case DL_GETSTAT_S:
        getstat(m);
        break;
    default:
        task_reply(m->m_source, EBADREQUEST, 0, 0);
        break;
    }
}

/* The card interrupted: finish kept requests. One reply per client carries both flags. */
static void interrupt(void)
{
    int isr = ne_interrupt(), wflags = 0, rflags = 0, count = 0, wstatus = OK, rstatus = OK;

    if (!configured)
        return;
    if (wr.valid && !ne_tx_busy()) {
        wstatus = do_write(&wr);
        wflags = wstatus == OK ? DL_PACK_SEND : 0;
        wr.valid = 0;
    }
    if (rd.valid) {
        int r = do_read(&rd);

        if (r != 0) {
            rd.valid = 0;
            if (r > 0) {
                rflags = DL_PACK_RECV;
                count = r;
            } else {
                rstatus = r;
            }
        }
    }
    (void)isr;
    if (wflags || wstatus != OK) {
        if (rflags && rd.ep == wr.ep && wstatus == OK) {
            task_reply(wr.ep, OK, wflags | rflags, count);
            return;
        }
        task_reply(wr.ep, wstatus, wflags, 0);
    }
    if (rflags || rstatus != OK)
        task_reply(rd.ep, rstatus, rflags, count);
}

static int dp_init(int type, const sef_init_info_t *info)
{
    uint32_t mode;
    int r;

    (void)info;
    r = ne_hook_irq();
    if (r != OK) {
        printf("cannot hook IRQ 9: %d\n", r);
        return r;
    }
    present = ne_probe(mac) == OK;
    if (!present) {
        printf("no NE2000 at 0x300\n");
    } else if (type == SEF_INIT_FRESH) {
        printf("NE2000 at 0x300, IRQ 9, MAC %02x:%02x:%02x:%02x:%02x:%02x\n", mac[0], mac[1],
               mac[2], mac[3], mac[4], mac[5]);
        ds_delete_u32(DS_MODE);
    } else if (ds_retrieve_u32(DS_MODE, &mode) == OK && ne_init(mac, (int)mode) == OK) {
        configured = 1;
        printf("restarted: card re-initialised with mode 0x%x\n", (unsigned)mode);
    }
    r = ds_publish_u32(DS_KEY, DS_DRIVER_UP, DSF_OVERWRITE);
    if (r != OK)
        printf("cannot publish %s: %d\n", DS_KEY, r);
    return OK;
}

int main(void)
{
    message m;
    int status;

    sef_setcb_init_fresh(dp_init);
    sef_setcb_init_restart(dp_init);
    sef_setcb_signal_handler(sef_cb_signal_handler_term);
    sef_startup();
    for (;;) {
        if (sef_receive_status(ANY, &m, &status) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (m.m_source == HARDWARE)
                interrupt();
            continue;
        }
        sendrec_caller = ipc_status_call(status) == SENDREC ? m.m_source : NONE;
        request(&m);
        sendrec_caller = NONE;
    }
}
