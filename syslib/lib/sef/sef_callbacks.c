/* sef_callbacks.c -- registering SEF callbacks, and the predefined ones. */
#include "sef.h"
#include <minix/ipc.h>
#include <minix/syslib.h>

int sef_cb_init_ok(int type, const sef_init_info_t *info)
{
    (void) type;
    (void) info;
    return OK;
}

int sef_cb_init_fail(int type, const sef_init_info_t *info)
{
    (void) type;
    (void) info;
    return ENOSYS;
}

void sef_cb_signal_handler_null(int signo)
{
    (void) signo;
}

void sef_cb_signal_handler_term(int signo)
{
    if (signo == SIGTERM) {
        sys_exit();
    }
}

/* The default ping reply: RS learns that the service is alive. */
static void ping_reply_notify(endpoint_t rs)
{
    ipc_notify(rs);
}

void sef_cb_ping_reply_null(endpoint_t rs)
{
    (void) rs;
}

struct sef_callbacks sef_cbs = {
    .init_fresh = sef_cb_init_ok,
    .init_restart = sef_cb_init_ok,
    .init_lu = sef_cb_init_ok,
    .ping_reply = ping_reply_notify,
    .signal_handler = sef_cb_signal_handler_null,
};

void sef_setcb_init_fresh(sef_cb_init_t cb) { sef_cbs.init_fresh = cb ? cb : sef_cb_init_ok; }
void sef_setcb_init_restart(sef_cb_init_t cb) { sef_cbs.init_restart = cb ? cb : sef_cb_init_ok; }
void sef_setcb_init_lu(sef_cb_init_t cb) { sef_cbs.init_lu = cb ? cb : sef_cb_init_ok; }
void sef_setcb_ping_reply(sef_cb_ping_reply_t cb) { sef_cbs.ping_reply = cb ? cb : ping_reply_notify; }
void sef_setcb_signal_handler(sef_cb_signal_handler_t cb)
{
    sef_cbs.signal_handler = cb ? cb : sef_cb_signal_handler_null;
}
void sef_setcb_signal_manager(sef_cb_signal_manager_t cb) { sef_cbs.signal_manager = cb; }
void sef_setcb_lu_prepare(sef_cb_lu_prepare_t cb) { sef_cbs.lu_prepare = cb; }
void sef_setcb_lu_state_isvalid(sef_cb_lu_state_isvalid_t cb) { sef_cbs.lu_state_isvalid = cb; }
void sef_setcb_lu_state_changed(sef_cb_lu_state_changed_t cb) { sef_cbs.lu_state_changed = cb; }
void sef_setcb_lu_state_dump(sef_cb_lu_state_dump_t cb) { sef_cbs.lu_state_dump = cb; }
void sef_setcb_lu_state_save(sef_cb_lu_state_save_t cb) { sef_cbs.lu_state_save = cb; }

int is_notify(int m_type)
{
    return m_type == NOTIFY_MESSAGE;
}
