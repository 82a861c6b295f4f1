/*
 * ping.c -- users' pings in flight. An INET_PING is answered when its echo reply comes
 * (OK and the round trip), or at its deadline: EAGAIN when the echo request went out but no
 * reply came, EIO when the address never answered ARP. Round trips are measured in clock
 * ticks (SYS_TIMES uptime) and reported in microseconds, so their resolution is one tick.
 */
#include "inet.h"
#include <string.h>

#define SLOTS 8

enum { FREE, WAIT_ARP, WAIT_ECHO };

static struct {
    int state, ep;
    uint32_t dst, start, deadline;
    uint16_t seq;
} slot[SLOTS];

static uint32_t hz;

uint32_t uptime(void)
{
    uint32_t now = 0;

    sys_times(SELF, NULL, NULL, &now);
    return now;
}

static void arm_alarm(void)
{
    uint32_t now = uptime(), soonest = 0;
    int any = 0;

    for (int i = 0; i < SLOTS; i++)
        if (slot[i].state != FREE && (!any || (int32_t)(slot[i].deadline - soonest) < 0)) {
            soonest = slot[i].deadline;
            any = 1;
        }
    /* While an address is unresolved, wake every quarter second to ask again (the peer may
       be booting, or our request lost with a restarting driver). */
    for (int i = 0; i < SLOTS; i++)
        if (slot[i].state == WAIT_ARP && (int32_t)(soonest - (now + hz / 4)) > 0)
            soonest = now + (hz / 4 > 0 ? hz / 4 : 1);
    if (any)
        sys_setalarm((int32_t)(soonest - now) > 0 ? soonest - now : 1, 0);
}

static void finish(int i, int status)
{
    uint32_t rtt = (uptime() - slot[i].start) * (1000000u / hz);

    user_reply(slot[i].ep, status, (int32_t)slot[i].dst, status == OK ? (int32_t)rtt : 0);
    slot[i].state = FREE;
}

void ping_request(const message *m)
{
    uint32_t dst = (uint32_t)m->m2_l1, ticks;
    uint8_t mac[ETH_ALEN];
    int i;

    if (hz == 0)
        hz = (uint32_t)sys_hz();
    ticks = m->m2_i3 > 0 ? (uint32_t)m->m2_i3 : hz;
    if (ticks > 10 * hz)
        ticks = 10 * hz;
    if (!eth_ready()) {
        user_reply(m->m_source, EIO, (int32_t)dst, 0);
        return;
    }
    if (dst == my_ip) {
        user_reply(m->m_source, OK, (int32_t)dst, 0);
        return;
    }
    for (i = 0; i < SLOTS && slot[i].state != FREE; i++)
        ;
    if (i == SLOTS) {
        user_reply(m->m_source, EBUSY, (int32_t)dst, 0);
        return;
    }
    slot[i].ep = m->m_source;
    slot[i].dst = dst;
    slot[i].seq = (uint16_t)m->m2_i2;
    slot[i].start = uptime();
    slot[i].deadline = slot[i].start + ticks;
    if (arp_lookup(dst, mac) == OK) {
        icmp_send_echo(dst, mac, slot[i].seq);
        slot[i].state = WAIT_ECHO;
    } else {
        slot[i].state = WAIT_ARP;
    }
    arm_alarm();
}

void ping_arp_resolved(uint32_t ip, const uint8_t *mac)
{
    for (int i = 0; i < SLOTS; i++)
        if (slot[i].state == WAIT_ARP && slot[i].dst == ip) {
            icmp_send_echo(ip, mac, slot[i].seq);
            slot[i].state = WAIT_ECHO;
        }
}

void ping_echo_reply(uint32_t src, uint16_t id, uint16_t seq)
{
    if (id != ECHO_ID) {
        istats.ignored++;
        return;
    }
    for (int i = 0; i < SLOTS; i++)
        if (slot[i].state == WAIT_ECHO && slot[i].dst == src && slot[i].seq == seq) {
            finish(i, OK);
            arm_alarm();
            return;
        }
    istats.ignored++;                   /* late or duplicate */
}

void ping_timer(void)
{
    uint32_t now = uptime();

    uint8_t mac[ETH_ALEN];

    for (int i = 0; i < SLOTS; i++) {
        if (slot[i].state != FREE && (int32_t)(now - slot[i].deadline) >= 0)
            finish(i, slot[i].state == WAIT_ARP ? EIO : EAGAIN);
        else if (slot[i].state == WAIT_ARP && arp_lookup(slot[i].dst, mac) == OK)
            ping_arp_resolved(slot[i].dst, mac);    /* else arp_lookup asked again */
    }
    arm_alarm();
}
