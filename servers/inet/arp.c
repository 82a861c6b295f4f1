/*
 * arp.c -- ARP for IPv4 over Ethernet (RFC 826): answers requests for our address, learns the
 * sender of every well-formed packet aimed at us or from a host we already know, and asks for
 * the addresses pings need. A packet with the wrong hardware or protocol type or sizes is a
 * counted drop.
 */
#include "inet.h"
#include <string.h>

#define ARP_LEN 28
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define CACHE 8

static struct { uint32_t ip; uint8_t mac[ETH_ALEN]; int valid; } cache[CACHE];
static int next_victim;

static int find(uint32_t ip)
{
    for (int i = 0; i < CACHE; i++)
        if (cache[i].valid && cache[i].ip == ip)
            return i;
    return -1;
}

static void learn(uint32_t ip, const uint8_t *mac, int create)
{
    int i = find(ip);

    if (i < 0) {
        if (!create)
            return;
        i = next_victim;
        next_victim = (next_victim + 1) % CACHE;
    }
    cache[i].ip = ip;
    memcpy(cache[i].mac, mac, ETH_ALEN);
    cache[i].valid = 1;
    ping_arp_resolved(ip, mac);
}

static void send_arp(int oper, const uint8_t *tha, uint32_t tpa, const uint8_t *dst)
{
    uint8_t p[ARP_LEN];

    put16(p, 1);                        /* Ethernet */
    put16(p + 2, ETH_IP_PROTO);
    p[4] = ETH_ALEN;
    p[5] = 4;
    put16(p + 6, (uint16_t)oper);
    memcpy(p + 8, my_mac, ETH_ALEN);
    put32(p + 14, my_ip);
    memcpy(p + 18, tha, ETH_ALEN);
    put32(p + 24, tpa);
    eth_send(dst, ETH_ARP_PROTO, p, ARP_LEN);
}

void arp_input(const uint8_t *p, int len)
{
    uint32_t spa, tpa;
    int oper;

    if (len < ARP_LEN || get16(p) != 1 || get16(p + 2) != ETH_IP_PROTO || p[4] != ETH_ALEN
        || p[5] != 4) {
        istats.dropped++;
        return;
    }
    oper = get16(p + 6);
    if (oper != ARP_REQUEST && oper != ARP_REPLY) {
        istats.dropped++;
        return;
    }
    spa = get32(p + 14);
    tpa = get32(p + 24);
    learn(spa, p + 8, tpa == my_ip);
    if (oper == ARP_REQUEST && tpa == my_ip) {
        send_arp(ARP_REPLY, p + 8, spa, p + 8);
        istats.arp_answered++;
    } else if (tpa != my_ip) {
        istats.ignored++;
    }
}

int arp_lookup(uint32_t ip, uint8_t mac[ETH_ALEN])
{
    static const uint8_t zero[ETH_ALEN];
    int i = find(ip);

    if (i >= 0) {
        memcpy(mac, cache[i].mac, ETH_ALEN);
        return OK;
    }
    send_arp(ARP_REQUEST, zero, ip, eth_broadcast);
    return ENOENT;
}
