/* sef.h -- SEF's state shared by its files (not a public header; see <minix/sef.h>). */
#ifndef SEF_INTERNAL_H
#define SEF_INTERNAL_H

#include <minix/sef.h>

/* The callbacks in force (defaults filled in by sef_callbacks.c). */
struct sef_callbacks {
    sef_cb_init_t init_fresh, init_restart, init_lu;
    sef_cb_ping_reply_t ping_reply;
    sef_cb_signal_handler_t signal_handler;
    sef_cb_signal_manager_t signal_manager;
    sef_cb_lu_prepare_t lu_prepare;
    sef_cb_lu_state_isvalid_t lu_state_isvalid;
    sef_cb_lu_state_changed_t lu_state_changed;
    sef_cb_lu_state_dump_t lu_state_dump;
    sef_cb_lu_state_save_t lu_state_save;
};
extern struct sef_callbacks sef_cbs;

/* Who the service is (sef_startup fills it in). */
extern sef_init_info_t sef_me;

/* Handles a system event if m is one; returns 1 if it was consumed. */
int sef_intercept_signal(const message *m, int status);
int sef_intercept_lu(message *m);
/* The live-update check-in (sef_liveupdate.c), run before every receive. */
void sef_lu_checkin(void);
/* Fault injection (sef_fi.c): RS_FI_INJECT from RS; crashes as asked, or returns 1. */
int sef_intercept_fi(const message *m);

#endif
