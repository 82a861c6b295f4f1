/*
 * testsvc -- the test service of the crash-recovery soak (commands/rssoak, hellotest).
 *
 * A minimal system service on SEF with one request, TESTSVC_REQ (ABI section "hello and the
 * test service"): the caller sends a sequence number and, optionally, a write grant of its
 * buffer; the service copies the number into the buffer and answers with the number, how
 * many requests this instance has answered, and its own endpoint. It keeps no state that
 * must survive a crash: the request is idempotent, so a client that saw the service die
 * simply sends the same request again to the new instance, and the sequence number tells it
 * which request an answer belongs to (no request lost or answered twice).
 *
 * Fault injection needs nothing here: SEF carries out RS_FI_INJECT (sef_fi.c).
 */
#include <minix/ipc.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "dswatch.h"

static uint32_t served;     /* requests this instance has answered */

static int testsvc_init(int type, const sef_init_info_t *info)
{
    (void)info;
    served = 0;
    /* Only the first start speaks: the soak restarts the service a thousand times, and RS
       reports every restart already. */
    if (type == SEF_INIT_FRESH)
        printf("test service up\n");
    dswatch_init(type);
    return OK;
}

/* TESTSVC_REQ: the grant is the caller's own (granter = m_source, never a message field). */
static int do_request(const message *req, message *rep)
{
    int32_t seq = req->m1_i1;
    int grant = req->m1_i2;

    if (grant != GRANT_INVALID) {
        if (req->m1_i3 < (int)sizeof seq)
            return EINVAL;
        int r = sys_safecopyto(req->m_source, grant, 0, &seq, sizeof seq);
        if (r != OK)
            return r;
    }
    served++;
    rep->m1_i1 = seq;
    rep->m1_i2 = (int)served;
    rep->m1_i3 = sef_self();
    return OK;
}

int main(void)
{
    message m, rep;

    sef_setcb_init_fresh(testsvc_init);
    sef_setcb_init_restart(testsvc_init);
    sef_setcb_init_lu(testsvc_init);
    sef_startup();

    for (;;) {
        if (sef_receive(ANY, &m) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (m.m_source == DS_PROC_NR)
                dswatch_notified();
            continue;
        }
        memset(&rep, 0, sizeof rep);
        rep.m_type = m.m_type == TESTSVC_REQ ? do_request(&m, &rep) : EBADREQUEST;
        /* Non-blocking: a caller that is gone (or not waiting for us) must not stop us. */
        ipc_sendnb(m.m_source, &rep);
    }
}
