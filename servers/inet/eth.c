/*
 * eth.c -- inet's link to the Ethernet driver (minix3-facts-2.md section 3 behaviour, with
 * SENDA requests so inet never blocks on the driver).
 *
 * The driver is found through DS: we subscribe to drv\.net\..* and every publication (a fresh
 * start or a restart) makes us configure it again: DL_CONF with broadcast reception, then a
 * DL_READV_S kept pending at all times, and the send queue. Frames to send wait in a small
 * queue; only the head is ever with the driver (one WRITEV outstanding) and it leaves the
 * queue on PACK_SEND. When the driver restarts with the head outstanding, the head is sent
 * again to the new instance (counted in istats.resent): a frame is never half sent, at worst
 * it is sent twice or lost on the wire, which ping tolerates.
 */
#include "inet.h"
#include <minix/ds.h>
#include <minix/safecopies.h>
#include <stdio.h>
#include <string.h>

#define TXQ_LEN 16
#define DRIVER_LABEL "dp8390"

const uint8_t eth_broadcast[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
uint8_t my_mac[ETH_ALEN];

static int drv_ep = NONE;
static enum { DOWN, CONFIGURING, UP } state = DOWN;

static uint8_t rxbuf[FRAME_MAX + 4];
static iovec_s rx_iov[1], tx_iov[1];
static int rx_vgrant = GRANT_INVALID, rx_grant = GRANT_INVALID;
static int tx_vgrant = GRANT_INVALID, tx_grant = GRANT_INVALID;

static struct { uint8_t data[FRAME_MAX]; int len; } txq[TXQ_LEN];
static int tx_head, tx_used, tx_out;    /* tx_out: the head is with the driver */

int eth_ready(void)
{
    return state == UP;
}

static void dl_request(int type, int count, int grant, int mode)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m2_i3 = count;
    m.m2_l1 = mode;
    m.m2_l2 = grant;
    r = asynsend(drv_ep, &m);
    if (r != OK)
        printf("request 0x%x to the driver failed: %d\n", type, r);
}

static void revoke_all(void)
{
    int *g[] = { &rx_vgrant, &rx_grant, &tx_vgrant, &tx_grant };

    for (int i = 0; i < 4; i++)
        if (*g[i] != GRANT_INVALID) {
            cpf_revoke(*g[i]);
            *g[i] = GRANT_INVALID;
        }
}

static void post_read(void)
{
    dl_request(DL_READV_S, 1, rx_vgrant, 0);
}

static void kick(void)
{
    if (state != UP || tx_out || tx_used == 0)
        return;
    if (tx_grant != GRANT_INVALID)
        cpf_revoke(tx_grant);
    tx_grant = cpf_grant_direct(drv_ep, txq[tx_head].data, (size_t)txq[tx_head].len, CPF_READ);
    tx_iov[0].iov_grant = tx_grant;
    tx_iov[0].iov_size = (uint32_t)txq[tx_head].len;
    tx_out = 1;
    dl_request(DL_WRITEV_S, 1, tx_vgrant, 0);
}

static void dequeue_head(void)
{
    tx_out = 0;
    if (tx_used > 0) {
        tx_head = (tx_head + 1) % TXQ_LEN;
        tx_used--;
    }
}

int eth_send(const uint8_t *dst, uint16_t type, const uint8_t *payload, int len)
{
    uint8_t *f;
    int slot;

    if (tx_used == TXQ_LEN || len + ETH_HDR_SIZE > FRAME_MAX)
        return ENOSPC;
    slot = (tx_head + tx_used) % TXQ_LEN;
    f = txq[slot].data;
    memcpy(f, dst, ETH_ALEN);
    memcpy(f + 6, my_mac, ETH_ALEN);
    put16(f + 12, type);
    memcpy(f + ETH_HDR_SIZE, payload, (size_t)len);
    len += ETH_HDR_SIZE;
    if (len < ETH_MIN_PACK_SIZE) {
        memset(f + len, 0, (size_t)(ETH_MIN_PACK_SIZE - len));
        len = ETH_MIN_PACK_SIZE;
    }
    txq[slot].len = len;
    tx_used++;
    kick();
    return OK;
}

/* A new driver instance (or the first): grants for it, DL_CONF. */
static void configure(int ep)
{
    if (state != DOWN && ep != drv_ep)
        istats.driver_restarts++;
    revoke_all();
    drv_ep = ep;
    rx_grant = cpf_grant_direct(drv_ep, rxbuf, sizeof rxbuf, CPF_WRITE);
    rx_iov[0].iov_grant = rx_grant;
    rx_iov[0].iov_size = sizeof rxbuf;
    rx_vgrant = cpf_grant_direct(drv_ep, rx_iov, sizeof rx_iov, CPF_READ);
    tx_vgrant = cpf_grant_direct(drv_ep, tx_iov, sizeof tx_iov, CPF_READ);
    state = CONFIGURING;
    dl_request(DL_CONF, 0, 0, DL_BROAD_REQ);
}

void eth_ds_event(void)
{
    char key[DS_MAX_KEYLEN];
    int type, owner, ep;

    while (ds_check(key, sizeof key, &type, &owner) == OK) {
        if (strcmp(key, "drv.net." DRIVER_LABEL) != 0)
            continue;
        if (ds_retrieve_label(DRIVER_LABEL, &ep) != OK)
            ep = owner;
        configure(ep);
    }
}

static void frame_input(const uint8_t *f, int len)
{
    if (len < ETH_HDR_SIZE) {
        istats.dropped++;
        return;
    }
    if (memcmp(f, my_mac, ETH_ALEN) != 0 && memcmp(f, eth_broadcast, ETH_ALEN) != 0) {
        istats.ignored++;
        return;
    }
    switch (get16(f + 12)) {
    case ETH_ARP_PROTO:
        arp_input(f + ETH_HDR_SIZE, len - ETH_HDR_SIZE);
        break;
    case ETH_IP_PROTO:
        ip_input(f + ETH_HDR_SIZE, len - ETH_HDR_SIZE);
        break;
    default:
        istats.ignored++;
        break;
    }
}

void eth_reply(const message *m)
{
    if (m->m_source != drv_ep)
        return;                         /* a dead instance's late reply */
    switch (m->m_type) {
    case DL_CONF_REPLY:
        if (m->m3_i1 != OK) {
            printf("the driver has no card: %d\n", m->m3_i1);
            state = DOWN;
            return;
        }
        memcpy(my_mac, m->m3_ca1, ETH_ALEN);
        state = UP;
        post_read();
        if (tx_out) {
            istats.resent++;            /* the head had no PACK_SEND from the old instance */
            tx_out = 0;
        }
        kick();
        return;
    case DL_TASK_REPLY:
        if (m->m2_i1 != OK) {
            printf("driver error %d%s\n", m->m2_i1, tx_out ? ": frame dropped" : "");
            if (tx_out)
                dequeue_head();
            kick();
            return;
        }
        if (m->m2_l1 & DL_PACK_SEND) {
            dequeue_head();
            kick();
        }
        if (m->m2_l1 & DL_PACK_RECV) {
            int len = m->m2_i3;

            if (len > 0 && len <= (int)sizeof rxbuf)
                frame_input(rxbuf, len);
            else
                istats.dropped++;
            post_read();
        }
        return;
    default:
        return;
    }
}
