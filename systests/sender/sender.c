/*
 * sender -- args @target TAG: sends SENDER_HELLO with m1_i1 = TAG to the target at once (and so
 * waits in its sender queue), then serves as an echo.
 */
#include <minix/ipc.h>
#include <stdlib.h>

#include "../testproto.h"

int main(int argc, char **argv)
{
    message m;
    m.m_type = SENDER_HELLO;
    m.m1_i1 = argc > 2 ? atoi(argv[2]) : 0;
    ipc_send(atoi(argv[1]), &m);
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) == OK && m.m_type != NOTIFY_MESSAGE) {
            m.m_type += 1;
            ipc_send(m.m_source, &m);
        }
    }
}
