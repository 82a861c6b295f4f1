/*
 * nettest -- the network stack end to end against a peer that answers pings (issue 15,
 * acceptance 2, 3 and 4): inet, dp8390 and the wire.
 *
 *   nettest [-k] [-c N] ADDR
 *
 * 1. N (default 100) echo requests to ADDR through inet, one at a time; a request that gets
 *    no answer within a second is sent again (at most 5 times; the resends are counted and
 *    printed) -- every one must be answered in the end.
 * 2. -k: a child asks RS to SIGKILL dp8390 every 5 seconds meanwhile, and the pings go on
 *    past N until inet has seen two restarts (INET_STATS). They must still all be answered.
 * 3. Bad input, each answered with its error: a DL_CONF to dp8390 from this user program
 *    (EPERM: only system processes may use the driver), an unknown request to inet
 *    (EBADREQUEST), an INET_IFCONFIG with an unknown operation (EINVAL); then a ping must
 *    still be answered.
 * Ends with "nettest: N passed, M failed", exit status M.
 */
#include "../include/inetclient.h"   /* first: see there */
#include "../include/svcclient.h"
#include "../include/gtest.h"
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TRIES 5
/* Seconds between two kills: RS restarts a service that died before after a 1 s back-off. */
#define KILL_PERIOD 5
#define MAX_PINGS 5000

/* The driver restarts inet has seen (INET_STATS m2_l2 high half). */
static unsigned restarts(void)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = INET_STATS;
    return inet_call(&m) == OK ? (uint32_t)m.m2_l2 >> 16 : 0;
}

static unsigned resends;

static int ping_once(uint32_t dst, int seq)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = INET_PING;
    m.m2_l1 = (int32_t)dst;
    m.m2_i2 = seq;
    m.m2_i3 = 0;                        /* inet's default: one second */
    return inet_call(&m);
}

/* One echo, resent while unanswered (a restarting driver may lose it). */
static int ping(uint32_t dst, int seq)
{
    int r = EAGAIN;

    for (int t = 0; t < MAX_TRIES && r != OK; t++) {
        if (t > 0)
            resends++;
        r = ping_once(dst, seq);
        if (r == EDEADSRCDST || r == ESRCH)
            sleep(1);                   /* inet itself restarting */
    }
    return r;
}

static pid_t start_killer(void)
{
    pid_t pid = fork();

    if (pid == 0) {
        for (;;) {
            sleep(KILL_PERIOD);
            printf("killer: dp8390 SIGKILLed (%d)\n", svc_fault("dp8390", RS_FI_SIGKILL));
        }
    }
    return pid;
}

static void bad_input(uint32_t dst)
{
    message m;
    int ep, r;

    r = ds_retrieve_label("dp8390", &ep);
    CHECK(r == OK, "no dp8390 in DS: %d", r);
    memset(&m, 0, sizeof m);
    m.m_type = DL_CONF;
    m.m2_l1 = DL_BROAD_REQ;
    r = ipc_sendrec(ep, &m);
    CHECK(r == OK && m.m_type == DL_TASK_REPLY && m.m2_i1 == EPERM,
          "DL_CONF from a user program: ipc %d, reply 0x%x status %d, expected EPERM", r,
          m.m_type, m.m2_i1);

    memset(&m, 0, sizeof m);
    m.m_type = INET_RQ_BASE + 0x55;
    r = inet_call(&m);
    CHECK(r == EBADREQUEST, "an unknown request to inet gave %d, expected EBADREQUEST", r);

    memset(&m, 0, sizeof m);
    m.m_type = INET_IFCONFIG;
    m.m2_i1 = 7;
    r = inet_call(&m);
    CHECK(r == EINVAL, "INET_IFCONFIG operation 7 gave %d, expected EINVAL", r);

    r = ping(dst, 9999);
    CHECK(r == OK, "a ping after the bad requests gave %d", r);
}

int main(int argc, char **argv)
{
    int count = 100, kill_mode = 0, answered = 0, sent = 0, c;
    uint32_t dst;
    pid_t killer = -1;
    message m;

    while ((c = getopt(argc, argv, "kc:")) != -1) {
        switch (c) {
        case 'k': kill_mode = 1; break;
        case 'c': count = atoi(optarg); break;
        default: count = -1; break;
        }
    }
    if (count <= 0 || optind != argc - 1 || inet_parse(argv[optind], &dst) != OK) {
        printf("usage: nettest [-k] [-c N] A.B.C.D\n");
        return 2;
    }
    if (kill_mode)
        killer = start_killer();
    /* With -k the pings go on past N until inet has seen the driver restart twice (a ping
       takes far less than the kill period), at most MAX_PINGS in all. */
    for (int seq = 0; seq < count || (kill_mode && restarts() < 2 && seq < MAX_PINGS); seq++) {
        int r = ping(dst, seq);

        sent++;
        if (r == OK)
            answered++;
        else
            printf("icmp_seq=%d: %d after %d tries\n", seq, r, MAX_TRIES);
    }
    if (killer > 0) {
        kill(killer, SIGKILL);
        waitpid(killer, NULL, 0);
    }
    CHECK(answered == sent, "%d of %d pings answered", answered, sent);
    memset(&m, 0, sizeof m);
    m.m_type = INET_STATS;
    CHECK(inet_call(&m) == OK, "INET_STATS failed");
    printf("%d of %d pings answered, %u resent; inet: %d malformed frames dropped, %d echo requests "
           "answered, %d ARP requests answered, %d driver restarts, %d frames resent\n",
           answered, sent, resends, m.m2_i2, m.m2_i3, m.m2_l1, (int)((uint32_t)m.m2_l2 >> 16),
           m.m2_l2 & 0xFFFF);
    if (kill_mode)
        CHECK(((uint32_t)m.m2_l2 >> 16) > 0, "dp8390 was killed but inet saw no restart");
    bad_input(dst);
    return gt_summary("nettest");
}
