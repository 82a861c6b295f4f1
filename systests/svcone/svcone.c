/*
 * svcone -- one of the two servers that signals swaps with SYS_UPDATE (the other is svctwo,
 * a different program). Answers SVC_HELLO with its tag, the requests it has served (kept in
 * its own memory, so the count moves with the program), and what sys_whoami says (the
 * endpoint stays with the slot, the label moves with the program).
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <string.h>

#include "../common/ktest.h"

int main(void)
{
    int served = 0;
    message m;

    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != SVC_HELLO) {
            continue;
        }
        int from = m.m_source, ep = NONE;
        served++;
        memset(&m, 0, sizeof m);
        m.m_type = SVC_HELLO + 1;
        m.m3_i1 = SVC_TAG_ONE;
        m.m3_i2 = served;
        sys_whoami(&ep, m.m3_ca1, sizeof m.m3_ca1, NULL);
        m.m3_p1 = (void *)(intptr_t)ep;
        ipc_send(from, &m);
    }
}
