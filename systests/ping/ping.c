/*
 * ping -- SENDREC round trips to pong, every payload byte checked.
 *
 *   args @pong [COUNT]     (boot.cfg; @pong becomes pong's endpoint, COUNT defaults to 10000)
 *
 * Each request carries a payload derived from the round number; pong answers with every byte
 * transformed (see pong.c), so a lost, stale or misplaced byte fails the check. At the end ping
 * prints the count and powers the machine off: status 0 when every round trip was right.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>

#include "../pingpong.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        panic("usage: ping @pong [COUNT]");
    }
    int pong = atoi(argv[1]);
    int count = argc > 2 ? atoi(argv[2]) : 10000;
    message m;
    int bad = 0;

    for (int round = 0; round < count; round++) {
        m.m_type = PINGPONG_REQUEST;
        for (int i = 0; i < MESSAGE_PAYLOAD; i++) {
            m.m_u.m_raw[i] = pingpong_byte(round, i);
        }
        int r = ipc_sendrec(pong, &m);
        if (r != OK) {
            printf("round %d: sendrec failed with %d\n", round, r);
            sys_abort(RBT_HALT, 1);
        }
        if (m.m_source != pong || m.m_type != PINGPONG_REPLY) {
            printf("round %d: reply from %d type %d, expected %d type %d\n", round, (int)m.m_source,
                   (int)m.m_type, pong, PINGPONG_REPLY);
            bad++;
            continue;
        }
        for (int i = 0; i < MESSAGE_PAYLOAD; i++) {
            if (m.m_u.m_raw[i] != pingpong_answer(pingpong_byte(round, i), i)) {
                printf("round %d: payload byte %d is 0x%02x\n", round, i, m.m_u.m_raw[i]);
                bad++;
                break;
            }
        }
    }
    printf("%d round trips, %d bad\n", count, bad);
    sys_abort(RBT_HALT, bad == 0 ? 0 : 1);
    return 1;
}
