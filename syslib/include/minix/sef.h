/*
 * minix/sef.h -- the System Event Framework: how every server and driver starts, receives and
 * reacts to system events (minix3-facts.md section 7; the 2009-12 / 2010-01 SEF seed commits).
 *
 * A service registers its callbacks, calls sef_startup() once, then loops on sef_receive() or
 * sef_receive_status(). Those return only the messages meant for the service itself: system
 * events are consumed on the way --
 *   - a notification from RS is a ping: answered by notifying RS back (the default reply);
 *   - a notification from SYSTEM carries kernel signals (its m2_l1 set): SIGKSIG runs the
 *     signal-manager loop (GETKSIG until NONE, the manager callback per signal, ENDKSIG when it
 *     answered OK), SIGKSIGSM calls the signal handler for each POSIX signal the kernel holds
 *     for a self-managed service, and SIGKMEM, SIGKMESS and SIGSNDELAY call the signal handler;
 *   - SIGS_SIGNAL_RECEIVED (m2_i1 = signal) from a boot process below INIT (PM or RS, the
 *     managers) calls the signal handler;
 *   - RS_LU_PREPARE from RS goes to the live-update slots (their protocol comes with live
 *     update; today the service answers that it cannot be updated).
 * No server or driver calls ipc_receive() itself.
 *
 * Start-up: when RS is running, the service waits for RS_INIT from RS (anything else is
 * stale traffic for a previous instance and is dropped), runs the callback for the init type
 * it names (fresh, restart, live update) and answers RS_INIT with the result by SENDREC. When
 * the image has no RS (until the RS issue lands), the fresh callback runs at once. An init
 * callback that fails stops the service with panic().
 */
#ifndef _MINIX_SEF_H
#define _MINIX_SEF_H

#include <minix/abi.h>

typedef int endpoint_t;

/* What an init callback is told. */
typedef struct {
    int type;             /* SEF_INIT_FRESH, SEF_INIT_RESTART or SEF_INIT_LU */
    endpoint_t endpoint;  /* the service's own endpoint */
    endpoint_t old_endpoint; /* live update: the old instance; otherwise NONE */
    char name[16];        /* the service's label */
} sef_init_info_t;

typedef int (*sef_cb_init_t)(int type, const sef_init_info_t *info);
typedef void (*sef_cb_ping_reply_t)(endpoint_t rs);
typedef void (*sef_cb_signal_handler_t)(int signo);
/* Returns OK when the target may run on (ENDKSIG follows), EDEADEPT when it is gone. */
typedef int (*sef_cb_signal_manager_t)(endpoint_t target, int signo);
typedef int (*sef_cb_lu_prepare_t)(int state);
typedef int (*sef_cb_lu_state_isvalid_t)(int state);
typedef void (*sef_cb_lu_state_changed_t)(int old_state, int state);
typedef void (*sef_cb_lu_state_dump_t)(int state);

/* Registration. A NULL callback restores the default. Defaults: init callbacks return OK;
   the ping reply notifies RS; the signal handler ignores the signal; there is no signal
   manager (SIGKSIG notifications are dropped). */
void sef_setcb_init_fresh(sef_cb_init_t cb);
void sef_setcb_init_restart(sef_cb_init_t cb);
void sef_setcb_init_lu(sef_cb_init_t cb);
void sef_setcb_ping_reply(sef_cb_ping_reply_t cb);
void sef_setcb_signal_handler(sef_cb_signal_handler_t cb);
void sef_setcb_signal_manager(sef_cb_signal_manager_t cb);
void sef_setcb_lu_prepare(sef_cb_lu_prepare_t cb);
void sef_setcb_lu_state_isvalid(sef_cb_lu_state_isvalid_t cb);
void sef_setcb_lu_state_changed(sef_cb_lu_state_changed_t cb);
void sef_setcb_lu_state_dump(sef_cb_lu_state_dump_t cb);

/* Predefined callbacks. */
int sef_cb_init_ok(int type, const sef_init_info_t *info);       /* returns OK */
int sef_cb_init_fail(int type, const sef_init_info_t *info);     /* returns ENOSYS */
void sef_cb_signal_handler_null(int signo);                      /* ignores it */
void sef_cb_signal_handler_term(int signo);                      /* exits on SIGTERM */
void sef_cb_ping_reply_null(endpoint_t rs);                      /* stays silent */

/* Runs the start-up described above. Call once, after registering the callbacks. */
void sef_startup(void);

/* Receives the next message for the service from src (ANY or an endpoint) into *m,
   consuming system events first. *status gets the IPC status word (IPC_FLG_MSG_FROM_KERNEL
   marks messages the kernel made, e.g. VM_PAGEFAULT). Returns OK or the IPC error. */
int sef_receive_status(endpoint_t src, message *m, int *status);
int sef_receive(endpoint_t src, message *m);

/* The service's own endpoint and label, known after sef_startup(). */
endpoint_t sef_self(void);
const char *sef_self_name(void);

/* Helpers every server needs for the message it got. */
int is_notify(int m_type);   /* m_type == NOTIFY_MESSAGE */

#endif /* _MINIX_SEF_H */
