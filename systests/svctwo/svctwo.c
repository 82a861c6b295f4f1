/*
 * svctwo -- the other server that signals swaps with SYS_UPDATE: the protocol of svcone
 * (SVC_HELLO), from a program with another layout. It keeps a 16 KiB table it checks on
 * every request, so its answers show its whole address space came along: the tag is
 * SVC_TAG_TWO only while the table is intact (0 otherwise).
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <string.h>

#include "../common/ktest.h"

static struct {
    uint32_t table[4096];
    int served;
} state;

static int table_intact(void)
{
    for (uint32_t i = 0; i < 4096; i++) {
        if (state.table[i] != i * 2654435761u) {
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    message m;

    for (uint32_t i = 0; i < 4096; i++) {
        state.table[i] = i * 2654435761u;
    }
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != SVC_HELLO) {
            continue;
        }
        int from = m.m_source, ep = NONE;
        state.served++;
        memset(&m, 0, sizeof m);
        m.m_type = SVC_HELLO + 1;
        m.m3_i1 = table_intact() ? SVC_TAG_TWO : 0;
        m.m3_i2 = state.served;
        sys_whoami(&ep, m.m3_ca1, sizeof m.m3_ca1, NULL);
        m.m3_p1 = (void *)(intptr_t)ep;
        ipc_send(from, &m);
    }
}
