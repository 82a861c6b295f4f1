/* echo -- answers every request with m_type + 1 and the payload unchanged; ignores notifications. */
#include <minix/ipc.h>
#include <minix/syslib.h>

int main(void)
{
    message m;
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type == NOTIFY_MESSAGE) {
            continue;
        }
        m.m_type += 1;
        ipc_send(m.m_source, &m);
    }
}
