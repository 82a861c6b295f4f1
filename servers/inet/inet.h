/*
 * inet.h -- a small network service (label inet): ARP and ICMP echo for one IPv4 address on
 * the Ethernet driver dp8390, and the user requests INET_IFCONFIG / INET_PING / INET_STATS
 * (ABI section "Disk and network drivers").
 *
 *   main.c  SEF, the address (boot.cfg args ip=A.B.C.D; one set by ifconfig is kept in DS
 *           as inet.ip for a restart), the request loop, user requests
 *   eth.c   the driver link: DS subscription drv.net.*, DL_CONF, a READV always pending, a
 *           queue of frames to send (one WRITEV at a time), recovery when the driver restarts
 *   arp.c   the ARP cache, answers, requests
 *   icmp.c  IPv4 checks, echo replies, echo requests for pings and their matching
 *   ping.c  the users' pings in flight and their timeouts
 */
#ifndef INET_H
#define INET_H

#include <minix/ipc.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <stdint.h>

#define ETH_ALEN ETH_ADDR_LEN
#define FRAME_MAX ETH_MAX_PACK_SIZE

extern uint32_t my_ip;                  /* host order: 192.0.2.1 = 0xC0000201 */
/* The ICMP identifier of our echo requests: 'MX' mixed with the low half of our address, so
   that two machines pinging each other use different ones (a capture pairs a reply with its
   request by identifier and sequence number; with one identifier both ways, tshark matched a
   reply to the other machine's request of the same number now and then). */
#define ECHO_ID ((uint16_t)(0x4D58 ^ (my_ip & 0xFFFF)))
extern uint8_t my_mac[ETH_ALEN];
extern const uint8_t eth_broadcast[ETH_ALEN];

struct inet_stats {
    unsigned dropped;           /* malformed frames (bad length, checksum, header) */
    unsigned echo_answered;     /* echo requests we replied to */
    unsigned arp_answered;      /* ARP requests for our address we replied to */
    unsigned ignored;           /* well-formed but not for us / not handled */
    unsigned driver_restarts;   /* new driver instances seen */
    unsigned resent;            /* frames sent again after a driver restart */
};
extern struct inet_stats istats;

/* eth.c */
void eth_ds_event(void);                        /* DS notified us: driver up/restarted */
void eth_reply(const message *m);               /* DL_* reply from the driver */
int eth_send(const uint8_t *dst, uint16_t type, const uint8_t *payload, int len);
int eth_ready(void);                            /* configured and running */

/* arp.c */
void arp_input(const uint8_t *p, int len);
int arp_lookup(uint32_t ip, uint8_t mac[ETH_ALEN]);    /* OK or ENOENT (a request is sent) */

/* icmp.c */
void ip_input(const uint8_t *p, int len);
int icmp_send_echo(uint32_t dst, const uint8_t *mac, uint16_t seq);
uint16_t inet_checksum(const uint8_t *p, int len);

/* ping.c */
void ping_request(const message *m);            /* INET_PING from a user */
void ping_arp_resolved(uint32_t ip, const uint8_t *mac);
void ping_echo_reply(uint32_t src, uint16_t id, uint16_t seq);
void ping_timer(void);                          /* a CLOCK notification */
uint32_t uptime(void);

/* main.c */
void user_reply(int ep, int status, int32_t l1, int32_t l2);


/* big-endian helpers */
static inline uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static inline void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

#endif
