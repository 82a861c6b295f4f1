/*
 * deputy -- the confused deputy of "no third-party copies" (minix3-facts.md section 6): a
 * driver serves requests that carry a grant id, and always copies with the request's
 * m_source as the granter, never with an endpoint taken from the message. An intruder that
 * sends the driver another process's grant id only ever reaches its own grant table. One
 * program in three roles:
 *
 *   main @owner @driver   the intruder, and the checks; powers off with the failure count
 *   owner @driver         grants buffers to the driver and makes its own requests
 *   driver                a 32-byte "device": DEV_READ copies the device into the
 *                         requester's grant, DEV_WRITE copies the requester's grant into it
 */
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ktest.h"

/* The driver's protocol (m2 fields). USER_ENDPT names the user the request is for; it is
   for identification only (the reply carries it back as REP_ENDPT). */
#define DEV_READ 0x7600  /* m2_i1 USER_ENDPT, m2_i3 grant, m2_l1 position, m2_l2 bytes */
#define DEV_WRITE 0x7602 /* the same fields */
#define DEV_REPLY 0x7604 /* m2_i1 REP_ENDPT, m2_i2 status */

/* The owner's orders from the intruder (answered with the type + 1). */
#define OWN_SETUP 0x7610    /* -> m1_i1 the secret's grant, m1_i2 the inbox's grant */
#define OWN_WRITE 0x7612    /* DEV_WRITE of the secret -> m1_i1 status */
#define OWN_READ 0x7614     /* DEV_READ into the inbox -> m1_i1 status, data the inbox */
#define OWN_SHOW 0x7616     /* -> data the secret */
#define OWN_SCRAMBLE 0x7618 /* DEV_WRITE of a third buffer, other data -> m1_i1 status */

#define DEV_SIZE 32
#define DATA(m) ((m)->m_u.m_raw + 8) /* data in an answer: after m1_i1 and m1_i2 */
#define RW (CPF_READ | CPF_WRITE)

enum { DEVICE_SEED = 1, OWNER_SEED = 2, INTRUDER_SEED = 3, DECOY_SEED = 4, SCRAMBLE_SEED = 5 };

static int self_ep, owner_ep, driver_ep;

static void fill(uint8_t *buf, int seed)
{
    for (int i = 0; i < DEV_SIZE; i++) {
        buf[i] = (uint8_t)(seed * 41 + i * 3 + 7);
    }
}

/* A request to the driver for `user`; returns the status, *rep the REP_ENDPT. */
static int dev_request(int type, int grant, int user, int *rep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m2_i1 = user;
    m.m2_i3 = grant;
    m.m2_l1 = 0;
    m.m2_l2 = DEV_SIZE;
    if (ipc_sendrec(driver_ep, &m) != OK || m.m_type != DEV_REPLY) {
        return EGENERIC;
    }
    if (rep != NULL) {
        *rep = m.m2_i1;
    }
    return m.m2_i2;
}

/* ---- driver ------------------------------------------------------------------------------- */

static _Noreturn void driver_role(void)
{
    static uint8_t device[DEV_SIZE];
    message m;

    fill(device, DEVICE_SEED);
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || (m.m_type != DEV_READ && m.m_type != DEV_WRITE)) {
            continue;
        }
        int status;
        int position = m.m2_l1, bytes = m.m2_l2;
        if (position < 0 || bytes < 0 || position > DEV_SIZE || bytes > DEV_SIZE - position) {
            status = EINVAL;
        } else if (m.m_type == DEV_READ) {
            /* The granter is the requester, whatever user the request names. */
            status = sys_safecopyto(m.m_source, m.m2_i3, 0, device + position, (size_t)bytes);
        } else {
            status = sys_safecopyfrom(m.m_source, m.m2_i3, 0, device + position, (size_t)bytes);
        }
        int user = m.m2_i1, requester = m.m_source;
        memset(&m, 0, sizeof m);
        m.m_type = DEV_REPLY;
        m.m2_i1 = user;
        m.m2_i2 = status;
        ipc_send(requester, &m);
    }
}

/* ---- owner -------------------------------------------------------------------------------- */

static _Noreturn void owner_role(void)
{
    static uint8_t secret[DEV_SIZE], inbox[DEV_SIZE], scratch[DEV_SIZE], dummy[4];
    int secret_gid = GRANT_INVALID, inbox_gid = GRANT_INVALID, scratch_gid = GRANT_INVALID;
    message m, r;

    fill(secret, OWNER_SEED);
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK) {
            continue;
        }
        memset(&r, 0, sizeof r);
        r.m_type = m.m_type + 1;
        switch (m.m_type) {
        case OWN_SETUP:
            /* Three grants first, so that the secret's id is not the first one the intruder
               will get from its own table. */
            for (int i = 0; i < 3; i++) {
                cpf_grant_direct(driver_ep, dummy, sizeof dummy, CPF_READ);
            }
            secret_gid = cpf_grant_direct(driver_ep, secret, sizeof secret, RW);
            inbox_gid = cpf_grant_direct(driver_ep, inbox, sizeof inbox, RW);
            scratch_gid = cpf_grant_direct(driver_ep, scratch, sizeof scratch, CPF_READ);
            r.m1_i1 = secret_gid;
            r.m1_i2 = inbox_gid;
            break;
        case OWN_WRITE:
            r.m1_i1 = dev_request(DEV_WRITE, secret_gid, self_ep, NULL);
            break;
        case OWN_READ:
            memset(inbox, 0, sizeof inbox);
            r.m1_i1 = dev_request(DEV_READ, inbox_gid, self_ep, NULL);
            memcpy(DATA(&r), inbox, sizeof inbox);
            break;
        case OWN_SHOW:
            memcpy(DATA(&r), secret, sizeof secret);
            break;
        case OWN_SCRAMBLE:
            fill(scratch, SCRAMBLE_SEED);
            r.m1_i1 = dev_request(DEV_WRITE, scratch_gid, self_ep, NULL);
            break;
        default:
            continue;
        }
        ipc_send(m.m_source, &r);
    }
}

/* ---- the intruder and the checks --------------------------------------------------------- */

static int order(int type, message *m)
{
    memset(m, 0, sizeof *m);
    m->m_type = type;
    if (ipc_sendrec(owner_ep, m) != OK || m->m_type != type + 1) {
        return EGENERIC;
    }
    return m->m1_i1;
}

static void owner_unchanged(const char *name)
{
    message m;
    uint8_t want[DEV_SIZE];

    fill(want, OWNER_SEED);
    order(OWN_SHOW, &m);
    check_bytes(name, DATA(&m), want, DEV_SIZE);
}

static uint8_t mine[DEV_SIZE], decoy[DEV_SIZE];
static int mine_gid = GRANT_INVALID;

/* The device's contents against seed's pattern: read through our own grant, or by the owner
   while we have none. */
static void device_holds(const char *name, int seed)
{
    uint8_t want[DEV_SIZE];
    message m;

    fill(want, seed);
    if (mine_gid == GRANT_INVALID) {
        check(nm("%s (read back by the owner)", name), order(OWN_READ, &m), OK);
        check_bytes(name, DATA(&m), want, DEV_SIZE);
        return;
    }
    memset(mine, 0, sizeof mine);
    check(nm("%s (read back through our own grant)", name), dev_request(DEV_READ, mine_gid, self_ep, NULL), OK);
    check_bytes(name, mine, want, DEV_SIZE);
}

/* Read and write requests naming the owner's grant id, for the owner: refused, and nothing
   of the owner's moves either way. */
static void attack_refused(const char *how, int secret_gid, int device_seed)
{
    int rep = NONE;

    check(nm("%s: a read request naming the owner's grant fails with EPERM", how),
          dev_request(DEV_READ, secret_gid, owner_ep, &rep), EPERM);
    check_value(nm("%s: the reply names the user the request named", how), (uint32_t)rep, (uint32_t)owner_ep);
    owner_unchanged(nm("%s: the owner's buffer is unchanged, byte for byte", how));
    check(nm("%s: a write request naming the owner's grant fails with EPERM", how),
          dev_request(DEV_WRITE, secret_gid, owner_ep, NULL), EPERM);
    owner_unchanged(nm("%s: after it too, the owner's buffer is unchanged", how));
    device_holds(nm("%s: the owner's data never reached the device", how), device_seed);
}

static _Noreturn void intruder_role(void)
{
    message m;
    uint8_t want[DEV_SIZE];

    /* The owner's own requests. */
    int secret_gid = order(OWN_SETUP, &m);
    check_true("the owner grants its buffers to the driver", secret_gid >= 0 && m.m1_i2 >= 0,
               nm("grant ids %d and %d", secret_gid, m.m1_i2));
    check("the owner's own write request works", order(OWN_WRITE, &m), OK);
    check("the owner's own read request works", order(OWN_READ, &m), OK);
    fill(want, OWNER_SEED);
    check_bytes("... and brings back what it wrote", DATA(&m), want, DEV_SIZE);

    /* (a) No grant of that id in our table: first no table at all. The device holds other
       data than the owner's, so that a read that reached the owner's buffer would show. */
    check("the owner fills the device with other data", order(OWN_SCRAMBLE, &m), OK);
    attack_refused("with no grant table", secret_gid, SCRAMBLE_SEED);

    /* Our own grant, with another id; the device then holds our data. */
    fill(mine, INTRUDER_SEED);
    mine_gid = cpf_grant_direct(driver_ep, mine, sizeof mine, RW);
    check_true("our own grant has another id than the owner's", mine_gid >= 0 && mine_gid != secret_gid,
               nm("%d", mine_gid));
    check("our own write request works", dev_request(DEV_WRITE, mine_gid, self_ep, NULL), OK);
    device_holds("the device holds what we wrote", INTRUDER_SEED);
    attack_refused("with the id beyond our table", secret_gid, INTRUDER_SEED);

    /* Our table holds the id, but revoked. */
    int ids[16], n = 0, revoked = 0;
    do {
        ids[n] = cpf_grant_direct(driver_ep, decoy, sizeof decoy, CPF_READ);
    } while (ids[n] >= 0 && ids[n] < secret_gid && ++n < 15);
    for (int i = 0; i <= n && i < 16; i++) {
        if (ids[i] == secret_gid) {
            revoked = cpf_revoke(ids[i]) == OK;
        }
    }
    check_true("our table holds the owner's id, revoked", revoked, "no such entry");
    attack_refused("with the id revoked in our table", secret_gid, INTRUDER_SEED);

    /* (b) Our own grant under that id: the driver reaches our buffer, never the owner's. */
    memset(decoy, 0, sizeof decoy);
    int decoy_gid = cpf_grant_direct(driver_ep, decoy, sizeof decoy, RW);
    check_value("our next grant takes the owner's grant id", (uint32_t)decoy_gid, (uint32_t)secret_gid);
    check("a read request naming that id, for the owner, succeeds", dev_request(DEV_READ, secret_gid, owner_ep, NULL),
          OK);
    fill(want, INTRUDER_SEED);
    check_bytes("... and fills our own buffer with the device's data", decoy, want, DEV_SIZE);
    owner_unchanged("... while the owner's buffer is unchanged, byte for byte");
    fill(decoy, DECOY_SEED);
    check("a write request naming that id, for the owner, succeeds", dev_request(DEV_WRITE, secret_gid, owner_ep, NULL),
          OK);
    device_holds("... and sends our own data to the device, not the owner's", DECOY_SEED);
    owner_unchanged("... and the owner's buffer is still unchanged");

    /* The owner is not disturbed. */
    check("the owner's own read request still works", order(OWN_READ, &m), OK);
    fill(want, DECOY_SEED);
    check_bytes("... and brings back what the device holds", DATA(&m), want, DEV_SIZE);
    check("the owner's own write request still works", order(OWN_WRITE, &m), OK);
    device_holds("... and the device then holds the owner's data", OWNER_SEED);
    ktest_finish();
}

int main(int argc, char **argv)
{
    sys_whoami(&self_ep, NULL, 0, NULL);
    if (argc == 2 && strcmp(argv[1], "driver") == 0) {
        driver_role();
    }
    if (argc == 3 && strcmp(argv[1], "owner") == 0) {
        driver_ep = arg_ep(argc, argv, 2);
        owner_role();
    }
    if (argc == 4 && strcmp(argv[1], "main") == 0) {
        owner_ep = arg_ep(argc, argv, 2);
        driver_ep = arg_ep(argc, argv, 3);
        intruder_role();
    }
    panic("usage: deputy main @owner @driver | deputy owner @driver | deputy driver");
}
