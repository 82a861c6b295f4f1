/*
 * sendamany -- one SENDA table with several entries for one receiver: every entry must arrive,
 * in table order, each at its own RECEIVE; entries with AMF_NOTIFY make ASYNCM notify the sender
 * when they are done. argv[1] = the receiver's endpoint (a `sink` in receive mode... here: the
 * program itself run a second time with argv[1] = "sink"). Prints one line
 * "sendamany: N passed, M failed" and powers off with M.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES 3

static int passed, failed;

static void check(const char *what, int ok)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAILED: %s\n", what);
    }
}

/* The receiver: takes ENTRIES messages, then reports them in one reply to the sender. */
static int sink(int sender)
{
    message m;
    int got[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
        int status;
        if (ipc_receive(sender, &m, &status) != OK) {
            return 1;
        }
        got[i] = m.m_type;
    }
    memset(&m, 0, sizeof m);
    m.m_type = 1;
    m.m1_i1 = got[0];
    m.m1_i2 = got[1];
    m.m1_i3 = got[2];
    ipc_send(sender, &m);
    for (;;) {
        ipc_receive(ANY, &m, NULL);
    }
}

static asynmsg table[ENTRIES];

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "sink") == 0) {
        return sink(atoi(argv[2]));
    }
    int receiver = argc > 1 ? atoi(argv[1]) : NONE;
    for (int i = 0; i < ENTRIES; i++) {
        table[i].dst = receiver;
        table[i].msg.m_type = 100 + i;
        table[i].flags = AMF_VALID | (i == ENTRIES - 1 ? AMF_NOTIFY : 0);
    }
    check("senda of 3 entries to one receiver returns OK", ipc_senda(table, ENTRIES) == OK);
    message m;
    int notified = 0, reported = 0;
    while (!reported) {
        int status;
        if (ipc_receive(ANY, &m, &status) != OK) {
            break;
        }
        if (m.m_type == NOTIFY_MESSAGE && m.m_source == ASYNCM) {
            notified = 1;
        } else if (m.m_source == receiver && m.m_type == 1) {
            reported = 1;
        }
    }
    check("the receiver got entry 1 first", m.m1_i1 == 100);
    check("the receiver got entry 2 second", m.m1_i2 == 101);
    check("the receiver got entry 3 third", m.m1_i3 == 102);
    for (int i = 0; i < ENTRIES; i++) {
        check("each entry is DONE with OK", (table[i].flags & AMF_DONE) != 0 && table[i].result == OK);
    }
    if (!notified) {
        /* The notification may still be pending: it is not lost, just not taken yet. */
        notified = ipc_receive(ASYNCM, &m, NULL) == OK && m.m_type == NOTIFY_MESSAGE;
    }
    check("ASYNCM notified the sender of the AMF_NOTIFY entry", notified);
    printf("%d passed, %d failed\n", passed, failed); /* the console adds "sendamany: " */
    sys_abort(RBT_HALT, failed);
    return failed;
}
