/*
 * partner -- for the cross-send deadlock: on PARTNER_GO (or any notification) from the process
 * named by argv[1], it SENDs PARTNER_HELLO back and so blocks until that process receives it.
 */
#include <minix/ipc.h>
#include <stdlib.h>

#include "../testproto.h"

int main(int argc, char **argv)
{
    int peer = argc > 1 ? atoi(argv[1]) : ANY;
    message m;
    for (;;) {
        if (ipc_receive(peer, &m, NULL) != OK) {
            continue;
        }
        if (m.m_type == NOTIFY_MESSAGE || m.m_type == PARTNER_GO) {
            m.m_type = PARTNER_HELLO;
            ipc_send(peer, &m);
        } else {
            m.m_type += 1;
            ipc_send(m.m_source, &m);
        }
    }
}
