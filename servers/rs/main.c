/*
 * main.c -- the reincarnation server: start-up and the receive loop.
 *
 * RS initialises itself (it is RS: nobody sends it RS_INIT), takes over the boot services
 * (boot.c), and then serves, one message at a time:
 *   - the CLOCK's notification: the once-a-second heartbeat (heartbeat.c);
 *   - a notification from a service: its answer to a ping;
 *   - RS_INIT from a starting instance, and the requests of users and services (request.c).
 * Kernel signals for the processes RS manages reach it through SEF's manager loop
 * (signals.c), which is where crashes are seen and restarts begin (lifecycle.c).
 */
#include <stdio.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <minix/bootfs.h>
#include "rs.h"

int rs_hz;

static int rs_init(int type, const sef_init_info_t *info)
{
    (void) type;
    (void) info;
    rs_hz = sys_hz();
    if (rs_hz <= 0)
        panic("cannot learn the clock frequency: %d", rs_hz);
    if (bootfs_init() != OK)
        printf("no boot archive: services cannot be restarted or started\n");
    boot_takeover();
    return OK;
}

int main(void)
{
    sef_setcb_init_fresh(rs_init);
    /* A new RS instance would need the old one's table: not possible (facts: RS is recreated
       only from a replica, by live update). */
    sef_setcb_init_restart(sef_cb_init_fail);
    sef_setcb_signal_manager(rs_signal_manager);
    sef_setcb_signal_handler(rs_signal_handler);
    sef_startup();
    heartbeat_start();

    for (;;) {
        message m;
        int status = 0;

        if (sef_receive_status(ANY, &m, &status) != OK)
            continue;
        if (is_notify(m.m_type)) {
            if (m.m_source == CLOCK) {
                heartbeat_tick(uptime());
            } else {
                struct service *sp = svc_by_endpoint(m.m_source);
                if (sp != NULL && (sp->flags & RS_ACTIVE))
                    ping_reply(sp);
            }
        } else {
            handle_request(&m);
        }
        boot_continue();
    }
}
