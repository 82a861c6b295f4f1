/*
 * pong -- answers every PINGPONG_REQUEST with each payload byte transformed (pingpong.h).
 * Anything else is answered with EINVAL in m_type, so a confused peer fails loudly.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>

#include "../pingpong.h"

int main(void)
{
    message m;
    for (;;) {
        int r = ipc_receive(ANY, &m, NULL);
        if (r != OK) {
            panic("receive failed: %d", r);
        }
        if (m.m_type == NOTIFY_MESSAGE) {
            continue;
        }
        int caller = m.m_source;
        if (m.m_type == PINGPONG_REQUEST) {
            for (int i = 0; i < MESSAGE_PAYLOAD; i++) {
                m.m_u.m_raw[i] = pingpong_answer(m.m_u.m_raw[i], i);
            }
            m.m_type = PINGPONG_REPLY;
        } else {
            m.m_type = EINVAL;
        }
        r = ipc_send(caller, &m);
        if (r != OK) {
            panic("reply to %d failed: %d", caller, r);
        }
    }
}
