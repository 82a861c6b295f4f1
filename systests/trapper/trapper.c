/*
 * trapper -- a user process (boot.cfg `type user`): its trap mask allows SENDREC only and it
 * has no kernel calls. It tries every other IPC call and a kernel call, then reports what
 * they returned to the process named by argv[1] in one SENDREC (user processes cannot print).
 *
 * The report: m1_i1 SEND, m1_i2 NOTIFY, m1_i3 RECEIVE, m2-style words after them through the
 * raw payload: [3] SENDNB, [4] SENDA, [5] the kernel call.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdlib.h>
#include <string.h>

#define TRAPPER_REPORT 0x7140

int main(int argc, char **argv)
{
    int peer = argc > 1 ? atoi(argv[1]) : ANY;
    message m, scratch;
    int32_t results[6];

    memset(&scratch, 0, sizeof scratch);
    results[0] = ipc_send(peer, &scratch);
    results[1] = ipc_notify(peer);
    results[2] = ipc_receive(peer, &scratch, NULL);
    results[3] = ipc_sendnb(peer, &scratch);
    results[4] = ipc_senda(NULL, 0);
    results[5] = _kernel_call(SYS_TIMES, &scratch);
    memset(&m, 0, sizeof m);
    m.m_type = TRAPPER_REPORT;
    memcpy(m.m_u.m_raw, results, sizeof results);
    ipc_sendrec(peer, &m);
    /* Nothing else to do. A user process cannot block except in SENDREC, and another one
       would queue a message for the peer's next RECEIVE from ANY; so spin: at a user
       priority it runs only when every system process waits. */
    for (;;) {
    }
}
