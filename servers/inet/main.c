/*
 * inet -- a small network service: one IPv4 address on the Ethernet driver dp8390, ARP and
 * ICMP echo (see inet.h for the pieces).
 *
 * boot.cfg: args ip=A.B.C.D (default 192.0.2.1); system BASIC (SETALARM, TIMES, GETINFO are in
 * it); ipc ALL. RS gives a restarted inet the same arguments; an address set by ifconfig is
 * state of its own and lives in DS (inet.ip), so a restarted inet keeps that one instead.
 *
 * User requests (SENDREC, answered INET_REPLY by SENDNB; ABI "Disk and network drivers"):
 *   INET_IFCONFIG  m2_i1 0 show / 1 set m2_l1; reply m2_l1 the address, m3 is not used, the
 *                  MAC comes in m2_l2 (bytes 2-5) and m2_i2 (bytes 0-1) -- ours.
 *   INET_PING      m2_l1 destination, m2_i2 sequence, m2_i3 timeout in ticks (0: 1 s);
 *                  answered later: OK + m2_l2 the round trip in microseconds, EAGAIN no reply,
 *                  EIO no ARP answer or no network.
 *   INET_STATS     m2_i2 dropped (malformed), m2_i3 echo requests answered, m2_l1 ARP
 *                  requests answered, m2_l2 driver restarts << 16 | frames re-sent.
 * Setting the address is allowed to anyone for now (no users but root exist yet).
 */
#include "inet.h"
#include <minix/ds.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DS_IP "inet.ip"
#define DEFAULT_IP 0xC0000201u          /* 192.0.2.1 */

uint32_t my_ip = DEFAULT_IP;
struct inet_stats istats;

static int parse_ip(const char *s, uint32_t *ip)
{
    uint32_t v = 0;

    for (int i = 0; i < 4; i++) {
        char *end;
        unsigned long part = strtoul(s, &end, 10);

        if (end == s || part > 255 || (i < 3 && *end != '.') || (i == 3 && *end != '\0'))
            return EINVAL;
        v = v << 8 | (uint32_t)part;
        s = end + 1;
    }
    *ip = v;
    return OK;
}

void user_reply(int ep, int status, int32_t l1, int32_t l2)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = INET_REPLY;
    m.m2_i1 = status;
    m.m2_l1 = l1;
    m.m2_l2 = l2;
    if (ipc_sendnb(ep, &m) != OK)
        printf("reply to %d lost\n", ep);
}

static void ifconfig(const message *req)
{
    message m;

    if (req->m2_i1 == 1) {
        my_ip = (uint32_t)req->m2_l1;
        ds_publish_u32(DS_IP, my_ip, DSF_OVERWRITE);
        printf("address %u.%u.%u.%u\n", my_ip >> 24, (my_ip >> 16) & 255, (my_ip >> 8) & 255,
               my_ip & 255);
    } else if (req->m2_i1 != 0) {
        user_reply(req->m_source, EINVAL, 0, 0);
        return;
    }
    memset(&m, 0, sizeof m);
    m.m_type = INET_REPLY;
    m.m2_i1 = eth_ready() ? OK : EIO;
    m.m2_l1 = (int32_t)my_ip;
    m.m2_i2 = my_mac[0] << 8 | my_mac[1];
    m.m2_l2 = (int32_t)get32(my_mac + 2);
    ipc_sendnb(req->m_source, &m);
}

static void stats_request(const message *req)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = INET_REPLY;
    m.m2_i1 = OK;
    m.m2_i2 = (int)istats.dropped;
    m.m2_i3 = (int)istats.echo_answered;
    m.m2_l1 = (int32_t)istats.arp_answered;
    m.m2_l2 = (int32_t)(istats.driver_restarts << 16 | (istats.resent & 0xFFFF));
    ipc_sendnb(req->m_source, &m);
}

static char ip_arg[20];

static int inet_init(int type, const sef_init_info_t *info)
{
    uint32_t v;
    int r;

    (void)info;
    if (ip_arg[0] && parse_ip(ip_arg, &my_ip) != OK) {
        printf("bad ip= argument '%s': using 192.0.2.1\n", ip_arg);
        my_ip = DEFAULT_IP;
    }
    if (type != SEF_INIT_FRESH && ds_retrieve_u32(DS_IP, &v) == OK)
        my_ip = v;                      /* set by ifconfig before the restart */
    r = ds_subscribe("drv\\.net\\..*", DSF_INITIAL | DSF_OVERWRITE);
    if (r != OK) {
        printf("cannot subscribe to the drivers in DS: %d\n", r);
        return r;
    }
    printf("%s at %u.%u.%u.%u\n", type == SEF_INIT_FRESH ? "up" : "restarted", my_ip >> 24,
           (my_ip >> 16) & 255, (my_ip >> 8) & 255, my_ip & 255);
    eth_ds_event();                     /* the driver may be up already */
    return OK;
}

int main(int argc, char **argv)
{
    message m;

    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "ip=", 3) == 0)
            strlcpy(ip_arg, argv[i] + 3, sizeof ip_arg);
    sef_setcb_init_fresh(inet_init);
    sef_setcb_init_restart(inet_init);
    sef_setcb_signal_handler(sef_cb_signal_handler_term);
    sef_startup();
    for (;;) {
        if (sef_receive(ANY, &m) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (m.m_source == DS_PROC_NR)
                eth_ds_event();
            else if (m.m_source == CLOCK)
                ping_timer();
            continue;
        }
        switch (m.m_type) {
        case DL_CONF_REPLY:
        case DL_TASK_REPLY:
        case DL_STAT_REPLY:
            eth_reply(&m);
            break;
        case INET_IFCONFIG:
            ifconfig(&m);
            break;
        case INET_PING:
            ping_request(&m);
            break;
        case INET_STATS:
            stats_request(&m);
            break;
        default:
            user_reply(m.m_source, EBADREQUEST, 0, 0);
            break;
        }
    }
}
