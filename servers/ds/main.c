/*
 * main.c -- DS's start-up, its receive loop and the reply.
 *
 * Every request is a SENDREC with m_type DS_* (the ABI's group ds_requests); the reply's
 * m_type is the result (OK or a negative error), other reply fields per request. DS keeps
 * nothing across a restart of its own: it starts empty, and RS publishes the labels again as
 * it (re)starts services.
 */
#include <stdio.h>
#include <string.h>
#include <minix/ipc.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include "ds.h"

static int ds_init(int type, const sef_init_info_t *info)
{
    (void)info;
    if (type == SEF_INIT_RESTART)
        printf("restarted: the store starts empty\n");
    return OK;
}

int main(void)
{
    message m, reply;
    int status;

    sef_setcb_init_fresh(ds_init);
    sef_setcb_init_restart(ds_init);
    sef_setcb_signal_handler(sef_cb_signal_handler_term);
    sef_startup();

    for (;;) {
        if (sef_receive_status(ANY, &m, &status) != OK)
            continue;
        /* A notification (DS waits for none) is told by how it came, not by its m_type,
           which any caller can forge: a SENDREC always gets its answer. */
        if (ipc_status_call(status) == NOTIFY)
            continue;
        memset(&reply, 0, sizeof reply);
        reply.m_type = ds_dispatch(&m, &reply);
        /* Non-blocking: a caller that is no longer waiting (killed meanwhile) must not
           stop DS. */
        ipc_sendnb(m.m_source, &reply);
    }
}
