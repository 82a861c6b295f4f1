/*
 * rs_restart.c -- RS_RESTART sent to RS as a bare message (m1_p1 the label, m1_i1 its length,
 * as the ABI's rs_requests say). Talks to RS directly: <minix/ipc.h>, not <errno.h>.
 */
#include <string.h>
#include <minix/ipc.h>
#include "rs_restart.h"

int rs_restart(const char *label)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = RS_RESTART;
    m.m1_p1 = (void *)label;
    m.m1_i1 = (int)strlen(label);
    r = ipc_sendrec(RS_PROC_NR, &m);
    return r != OK ? r : m.m_type;
}
