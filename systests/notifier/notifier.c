/* notifier -- on NOTIFY_ME, notifies the requester m1_i1 times and then answers it. */
#include <minix/ipc.h>

#include "../testproto.h"

int main(void)
{
    message m;
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type == NOTIFY_MESSAGE) {
            continue;
        }
        if (m.m_type == NOTIFY_ME) {
            for (int i = 0; i < m.m1_i1; i++) {
                ipc_notify(m.m_source);
            }
        }
        m.m_type += 1;
        ipc_send(m.m_source, &m);
    }
}
