/* sef_liveupdate.c -- RS_LU_PREPARE. The live-update protocol comes with the live-update
 * issue; until then a service that registered no prepare callback cannot be updated, and
 * says so at once (ENOSYS), as the facts prescribe for a state it cannot validate. */
#include "sef.h"
#include <minix/ipc.h>
#include <string.h>

int sef_intercept_lu(message *m)
{
    int state = m->m1_i2;
    int r;
    if (sef_cbs.lu_state_isvalid == NULL) {
        r = ENOSYS;
    } else if (!sef_cbs.lu_state_isvalid(state)) {
        r = EINVAL;
    } else {
        r = sef_cbs.lu_prepare != NULL ? sef_cbs.lu_prepare(state) : ENOTREADY;
    }
    if (r == OK) {
        r = ENOSYS; /* ready, but the swap protocol is not here yet */
    }
    memset(m, 0, sizeof *m);
    m->m_type = RS_LU_PREPARE;
    m->m1_i1 = r;
    m->m1_i2 = state;
    ipc_sendnb(RS_PROC_NR, m);
    return 1;
}
