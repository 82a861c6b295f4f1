/* sef_receive.c -- the receive loop of every service: system events are handled here. */
#include "sef.h"
#include <minix/ipc.h>

int sef_receive_status(endpoint_t src, message *m, int *status)
{
    for (;;) {
        int st = 0;
        /* Live update: a service preparing for one may be ready now (sef_liveupdate.c). */
        sef_lu_checkin();
        int r = ipc_receive(src, m, &st);
        if (r != OK) {
            return r;
        }
        if (m->m_type == NOTIFY_MESSAGE && m->m_source == RS_PROC_NR) {
            sef_cbs.ping_reply(RS_PROC_NR);
            continue;
        }
        if (sef_intercept_signal(m, st)) {
            continue;
        }
        if (m->m_source == RS_PROC_NR && m->m_type == RS_LU_PREPARE && sef_intercept_lu(m)) {
            continue;
        }
        /* Fault injection (sef_fi.c): RS asks the service to crash in a chosen way. */
        if (m->m_source == RS_PROC_NR && m->m_type == RS_FI_INJECT && sef_intercept_fi(m)) {
            continue;
        }
        if (status != NULL) {
            *status = st;
        }
        return OK;
    }
}

int sef_receive(endpoint_t src, message *m)
{
    return sef_receive_status(src, m, NULL);
}
