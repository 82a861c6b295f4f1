/*
 * icmp.c -- IPv4 input (header checks) and ICMP echo (RFC 791, 792). We answer echo requests
 * for our address, and send echo requests for users' pings (identifier ECHO_ID, inet.h; 56 bytes of
 * data like ping's default). Anything malformed -- a header shorter than 20 bytes or than its
 * IHL, a total length beyond the frame, a bad header or ICMP checksum -- is a counted drop;
 * fragments, other protocols and other ICMP types are ignored (counted as such).
 */
#include "inet.h"
#include <string.h>

#define IP_HDR 20
#define PROTO_ICMP 1
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO 8
#define ECHO_DATA 56

uint16_t inet_checksum(const uint8_t *p, int len)
{
    uint32_t sum = 0;

    for (; len > 1; p += 2, len -= 2)
        sum += (uint32_t)(p[0] << 8 | p[1]);
    if (len == 1)
        sum += (uint32_t)(p[0] << 8);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return (uint16_t)~sum;
}

/* An IPv4 header for len bytes of ICMP to dst, then the ICMP message with its checksum. */
static int ip_send(uint32_t dst, const uint8_t *mac, const uint8_t *icmp, int len)
{
    static uint8_t pkt[FRAME_MAX];
    static uint16_t ident;

    if (len + IP_HDR > FRAME_MAX - ETH_HDR_SIZE)
        return EINVAL;
    memset(pkt, 0, IP_HDR);
    pkt[0] = 0x45;
    put16(pkt + 2, (uint16_t)(IP_HDR + len));
    put16(pkt + 4, ident++);
    put16(pkt + 6, 0x4000);             /* don't fragment */
    pkt[8] = 64;                        /* TTL */
    pkt[9] = PROTO_ICMP;
    put32(pkt + 12, my_ip);
    put32(pkt + 16, dst);
    put16(pkt + 10, inet_checksum(pkt, IP_HDR));
    memcpy(pkt + IP_HDR, icmp, (size_t)len);
    put16(pkt + IP_HDR + 2, 0);
    put16(pkt + IP_HDR + 2, inet_checksum(pkt + IP_HDR, len));
    return eth_send(mac, ETH_IP_PROTO, pkt, IP_HDR + len);
}

int icmp_send_echo(uint32_t dst, const uint8_t *mac, uint16_t seq)
{
    uint8_t m[8 + ECHO_DATA];

    m[0] = ICMP_ECHO;
    m[1] = 0;
    put16(m + 4, ECHO_ID);
    put16(m + 6, seq);
    for (int i = 0; i < ECHO_DATA; i++)
        m[8 + i] = (uint8_t)(0x10 + i);
    return ip_send(dst, mac, m, (int)sizeof m);
}

static void icmp_input(uint32_t src, const uint8_t *m, int len)
{
    static uint8_t out[FRAME_MAX];
    uint8_t mac[ETH_ALEN];

    if (len < 8 || inet_checksum(m, len) != 0) {
        istats.dropped++;
        return;
    }
    switch (m[0]) {
    case ICMP_ECHO:
        if (arp_lookup(src, mac) != OK) {
            istats.ignored++;           /* the sender's ARP came first in practice; asked now */
            return;
        }
        memcpy(out, m, (size_t)len);
        out[0] = ICMP_ECHO_REPLY;
        if (ip_send(src, mac, out, len) == OK)
            istats.echo_answered++;
        return;
    case ICMP_ECHO_REPLY:
        ping_echo_reply(src, get16(m + 4), get16(m + 6));
        return;
    default:
        istats.ignored++;
        return;
    }
}

void ip_input(const uint8_t *p, int len)
{
    int ihl, total;

    if (len < IP_HDR || (p[0] >> 4) != 4) {
        istats.dropped++;
        return;
    }
    ihl = (p[0] & 0x0F) * 4;
    total = get16(p + 2);
    if (ihl < IP_HDR || ihl > len || total < ihl || total > len || inet_checksum(p, ihl) != 0) {
        istats.dropped++;
        return;
    }
    if (get32(p + 16) != my_ip || (get16(p + 6) & 0x3FFF) != 0 || p[9] != PROTO_ICMP) {
        istats.ignored++;               /* not ours, a fragment, or not ICMP */
        return;
    }
    icmp_input(get32(p + 12), p + ihl, total - ihl);
}
