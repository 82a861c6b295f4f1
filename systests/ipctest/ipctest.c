/*
 * ipctest -- the IPC semantics of minix3-facts.md section 3, checked from a guest process.
 *
 *   args @echo @quitter @partner @notifier @sleeper @sender1 @sender2 @secret @trapper
 *
 * Prints one line per check ("ok NAME" or "FAIL NAME: ..."), then checks that every helper is
 * still alive, and powers the machine off with the number of failures as the status.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../testproto.h"

static int failures;
static int echo_ep, quitter_ep, partner_ep, notifier_ep, sleeper_ep, sender1_ep, sender2_ep, secret_ep, trapper_ep;
static int self_ep;

static void check(const char *name, int got, int expected)
{
    if (got == expected) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: got %d, expected %d\n", name, got, expected);
        failures++;
    }
}

/* Waits n clock ticks (an alarm, then a receive from CLOCK), letting the others run. */
static void sleep_ticks(int n)
{
    message m;
    sys_setalarm(n, 0);
    do {
        ipc_receive(CLOCK, &m, NULL);
    } while (m.m_source != CLOCK);
}

/* IPC with a call number the kernel does not know, straight through the trap. */
static int raw_ipc(int call, int peer, message *m)
{
    int result;
    __asm__ volatile("int $0x21" : "=a"(result) : "a"(peer), "b"(m), "c"(call) : "memory");
    return result;
}

static void endpoints_and_errors(void)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m_type = ECHO_REQUEST;
    check("send to a dead endpoint is EDEADSRCDST", ipc_send(quitter_ep, &m), EDEADSRCDST);
    check("send to a stale endpoint (slot alive, other generation) is EDEADSRCDST",
          ipc_send(echo_ep + ENDPOINT_GENERATION_SIZE, &m), EDEADSRCDST);
    check("send to self is ELOCKED", ipc_send(self_ep, &m), ELOCKED);
    check("sendrec to self is ELOCKED", ipc_sendrec(self_ep, &m), ELOCKED);
    check("receive from self is ELOCKED", ipc_receive(self_ep, &m, NULL), ELOCKED);
    check("send to ANY is EINVAL", ipc_send(ANY, &m), EINVAL);
    check("send outside the IPC mask is ECALLDENIED", ipc_send(secret_ep, &m), ECALLDENIED);
    check("notify outside the IPC mask is ECALLDENIED", ipc_notify(secret_ep), ECALLDENIED);
    check("send to a kernel task is ETRAPDENIED", ipc_send(SYSTEM, &m), ETRAPDENIED);
    check("an unknown IPC call is ETRAPDENIED", raw_ipc(99, echo_ep, &m), ETRAPDENIED);
    check("send from an unmapped buffer is EFAULT", ipc_send(echo_ep, (message *)0x10), EFAULT);
    check("receive into read-only memory is EFAULT",
          ipc_receive(ANY, (message *)(void *)&endpoints_and_errors, NULL), EFAULT);
    check("sendrec with a buffer crossing into unmapped memory is EFAULT",
          ipc_sendrec(echo_ep, (message *)(USER_STACK_TOP - 32)), EFAULT);
    /* The buffer is checked before anything else: to self it is EFAULT, not ELOCKED. */
    check("sendrec from read-only memory (the reply could not be written) is EFAULT",
          ipc_sendrec(self_ep, (message *)(void *)&endpoints_and_errors), EFAULT);
}

static void round_trip(void)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m_type = ECHO_REQUEST;
    m.m2_l1 = 0x12345678;
    int r = ipc_sendrec(echo_ep, &m);
    check("sendrec to echo", r, OK);
    check("reply comes from echo", m.m_source, echo_ep);
    check("reply type", m.m_type, ECHO_REQUEST + 1);
    check("reply payload intact", m.m2_l1, 0x12345678);
}

static void queued_senders(void)
{
    message m;
    int status = 0;
    /* sender1 and sender2 started blocked in our queue, sender1 first. */
    check("receive from sender2 while sender1 queues first", ipc_receive(sender2_ep, &m, &status), OK);
    check("... the message is sender2's", m.m_source == sender2_ep && m.m1_i1 == 2, 1);
    check("... status says SEND", ipc_status_call(status), SEND);
    check("then sender1's message is still there", ipc_receive(sender1_ep, &m, NULL), OK);
    check("... and is sender1's", m.m_source == sender1_ep && m.m1_i1 == 1, 1);
}

static void deadlock(void)
{
    message m;
    check("notify partner", ipc_notify(partner_ep), OK);
    sleep_ticks(2); /* partner now blocks sending PARTNER_HELLO to us */
    memset(&m, 0, sizeof m);
    m.m_type = ECHO_REQUEST;
    check("cross send (partner sends to us, we send to it) is ELOCKED", ipc_send(partner_ep, &m), ELOCKED);
    check("cross sendrec is ELOCKED", ipc_sendrec(partner_ep, &m), ELOCKED);
    check("partner's message can still be received", ipc_receive(partner_ep, &m, NULL), OK);
    check("... it is PARTNER_HELLO", m.m_type, PARTNER_HELLO);
}

static void notifications(void)
{
    message m;
    int status = 0;
    memset(&m, 0, sizeof m);
    m.m_type = NOTIFY_ME;
    m.m1_i1 = 5;
    /* notifier notifies us 5 times while we wait for its reply: they cannot be delivered then. */
    check("sendrec to notifier (5 notifies before the reply)", ipc_sendrec(notifier_ep, &m), OK);
    check("... the reply comes first", m.m_type, NOTIFY_ME + 1);
    check("one notification is pending", ipc_receive(ANY, &m, &status), OK);
    check("... from notifier", m.m_source, notifier_ep);
    check("... as NOTIFY_MESSAGE", m.m_type, NOTIFY_MESSAGE);
    check("... status says NOTIFY", ipc_status_call(status), NOTIFY);
    sys_setalarm(2, 0);
    ipc_receive(ANY, &m, NULL);
    check("the 5 notifies coalesced: the next message is the CLOCK alarm", m.m_source, CLOCK);
}

static void nonblocking(void)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m_type = ECHO_REQUEST;
    check("sendnb to a process not receiving from us is ENOTREADY", ipc_sendnb(sleeper_ep, &m), ENOTREADY);
    check("sendnb to a waiting receiver is OK", ipc_sendnb(echo_ep, &m), OK);
    check("... and its answer arrives", ipc_receive(echo_ep, &m, NULL), OK);
    check("... as ECHO_REQUEST + 1", m.m_type, ECHO_REQUEST + 1);
}

static asynmsg table[7];

static void senda(void)
{
    message m;
    memset(table, 0, sizeof table);
    int dst[7] = {echo_ep, quitter_ep, secret_ep, echo_ep, CLOCK, echo_ep, sleeper_ep};
    for (int i = 0; i < 7; i++) {
        table[i].flags = AMF_VALID;
        table[i].dst = dst[i];
        table[i].result = 12345;
        table[i].msg.m_type = ECHO_REQUEST;
        table[i].msg.m1_i1 = i;
    }
    table[3].flags = AMF_VALID | 0x80; /* an unknown flag */
    table[5].flags = AMF_EMPTY;
    check("senda with bad entries returns OK", ipc_senda(table, 7), OK);
    check("entry 0 (to echo, receiving) delivered", table[0].flags == (AMF_VALID | AMF_DONE) && table[0].result == OK,
          1);
    check("entry 1 (dead endpoint) is EDEADSRCDST", table[1].result, EDEADSRCDST);
    check("entry 2 (outside the IPC mask) is ECALLDENIED", table[2].result, ECALLDENIED);
    check("entry 3 (unknown flag) is EINVAL", table[3].result, EINVAL);
    check("entry 4 (kernel task) is ECALLDENIED", table[4].result, ECALLDENIED);
    check("entry 5 (empty) untouched", table[5].flags == AMF_EMPTY && table[5].result == 12345, 1);
    check("entry 6 (receiver busy) pending, not done", table[6].flags, AMF_VALID);
    check("echo answered entry 0", ipc_receive(echo_ep, &m, NULL), OK);
    check("... with its payload", m.m1_i1, 0);
    check("senda with too many entries is EDOM", ipc_senda(table, SENDA_MAX_ENTRIES + 1), EDOM);
    check("senda with an unmapped table is EFAULT", ipc_senda((asynmsg *)0x20, 2), EFAULT);
    ipc_senda(table, 0);
}

#define TRAPPER_REPORT 0x7140

/* The user process trapper tried every call its trap mask (SENDREC only) forbids. */
static void user_trap_mask(void)
{
    message m;
    int32_t r[6];
    check("receive trapper's report", ipc_receive(trapper_ep, &m, NULL), OK);
    check("... it came by SENDREC", m.m_type, TRAPPER_REPORT);
    memcpy(r, m.m_u.m_raw, sizeof r);
    check("a user process's SEND is ETRAPDENIED", r[0], ETRAPDENIED);
    check("a user process's NOTIFY is ETRAPDENIED", r[1], ETRAPDENIED);
    check("a user process's RECEIVE is ETRAPDENIED", r[2], ETRAPDENIED);
    check("a user process's SENDNB is ETRAPDENIED", r[3], ETRAPDENIED);
    check("a user process's SENDA is ETRAPDENIED", r[4], ETRAPDENIED);
    check("a user process's kernel call is ECALLDENIED", r[5], ECALLDENIED);
    check("... and its SENDREC gets an answer", ipc_send(trapper_ep, &m), OK);
}

static void bystanders(void)
{
    int helpers[5] = {echo_ep, partner_ep, notifier_ep, sender1_ep, sender2_ep};
    const char *names[5] = {"echo", "partner", "notifier", "sender1", "sender2"};
    for (int i = 0; i < 5; i++) {
        message m;
        memset(&m, 0, sizeof m);
        m.m_type = ECHO_REQUEST;
        int r = ipc_sendrec(helpers[i], &m);
        char name[64];
        snprintf(name, sizeof name, "%s survived and answers", names[i]);
        check(name, r == OK && m.m_type == ECHO_REQUEST + 1, 1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 10) {
        panic("usage: ipctest @echo @quitter @partner @notifier @sleeper @sender1 @sender2 @secret @trapper");
    }
    echo_ep = atoi(argv[1]);
    quitter_ep = atoi(argv[2]);
    partner_ep = atoi(argv[3]);
    notifier_ep = atoi(argv[4]);
    sleeper_ep = atoi(argv[5]);
    sender1_ep = atoi(argv[6]);
    sender2_ep = atoi(argv[7]);
    secret_ep = atoi(argv[8]);
    trapper_ep = atoi(argv[9]);
    char name[32];
    int flags;
    sys_whoami(&self_ep, name, sizeof name, &flags);

    sleep_ticks(3); /* let every helper start and block (senders in our queue, quitter gone) */
    queued_senders();
    user_trap_mask(); /* trapper queued its report during the settling sleep too */
    endpoints_and_errors();
    round_trip();
    deadlock();
    notifications();
    nonblocking();
    senda();
    bystanders();
    printf("%d failures\n", failures);
    sys_abort(RBT_HALT, failures);
    return 1;
}
