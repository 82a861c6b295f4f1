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
 *   - RS_LU_PREPARE from RS starts (or cancels) a live update's preparation (below).
 * No server or driver calls ipc_receive() itself.
 *
 * Live update (facts section 7; syslib/lib/sef/sef_liveupdate.c; docs/live-update.md). RS asks
 * the running (old) version to reach a state: RS_LU_PREPARE, m1_i2 the state, m1_i3 the
 * update's number. State NULL cancels. Otherwise the state must pass state_isvalid -- without
 * that callback the service answers ENOSYS at once, when it returns false EINVAL at once. Then
 * at each check-in (before every receive of sef_receive_status) the prepare callback is asked
 * (none registered: WORK_FREE is ready -- the service is at a receive -- any other state is
 * not); ENOTREADY waits for the next check-in, another error gives up (RS is told). Ready:
 * state_save runs (an error gives up), then SEF SENDRECs RS_LU_PREPARE (m1_i1 OK, m1_i2 state,
 * m1_i3 the update's number, m1_p1 the state grant; ABI section "Live update protocol") and
 * blocks. RS swaps the two versions' slots
 * while this SENDREC is pending, so on success it never returns: the new version runs at this
 * endpoint and the old program is removed. If it returns (RS answered EINTR: cancelled, or
 * ERESTART: the new version failed and this one goes on), the state goes back to NULL
 * (state_changed fires) and the service simply serves on.
 * State transfer: state_save may publish values in DS (the new version runs under the same
 * label and endpoint, so it owns them), and/or grant memory to the new version and name the
 * grant with sef_lu_set_state_grant(): the new version runs at THIS endpoint, so grant to
 * sef_self(). The new version's init_lu callback gets the old program's endpoint (now a spare
 * one) as info->old_endpoint and the grant as info->lu_grant, and copies with
 * sys_safecopyfrom(info->old_endpoint, info->lu_grant, ...).
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
    endpoint_t old_endpoint; /* live update: where the old version's program is now (a spare
                                endpoint); restart: the crashed instance; otherwise NONE */
    char name[16];        /* the service's label */
    int lu_grant;         /* live update: the grant the old version named with
                             sef_lu_set_state_grant() (granter: old_endpoint); else GRANT_INVALID */
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
/* Live update: runs once prepare said ready, before the old version checks in; OK or an error
   (the update is then refused with it). */
typedef int (*sef_cb_lu_state_save_t)(int state);

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
void sef_setcb_lu_state_save(sef_cb_lu_state_save_t cb);

/* Predefined callbacks. */
int sef_cb_init_ok(int type, const sef_init_info_t *info);       /* returns OK */
int sef_cb_init_fail(int type, const sef_init_info_t *info);     /* returns ENOSYS */
void sef_cb_signal_handler_null(int signo);                      /* ignores it */
void sef_cb_signal_handler_term(int signo);                      /* exits on SIGTERM */
void sef_cb_ping_reply_null(endpoint_t rs);                      /* stays silent */
int sef_cb_lu_prepare_always_ready(int state);                   /* OK */
int sef_cb_lu_prepare_never_ready(int state);                    /* ENOTREADY (for tests) */
int sef_cb_lu_state_isvalid_standard(int state);                 /* 1 <= state <= 3 */
int sef_cb_lu_state_isvalid_workfree(int state);                 /* state == WORK_FREE */
void sef_cb_lu_state_dump_print(int state);                      /* prints the state */

/* Live update, for the old version: the state being prepared (SEF_LU_STATE_NULL when none),
   and the grant the new version will find in info->lu_grant (call it from state_save;
   GRANT_INVALID for none; reset after every update attempt). */
int sef_lu_state(void);
void sef_lu_set_state_grant(int grant);

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
/* The init type this instance ran (SEF_INIT_FRESH, _RESTART or _LU), known after sef_startup(). */
int sef_init_type(void);

/* Helpers every server needs for the message it got. */
int is_notify(int m_type);   /* m_type == NOTIFY_MESSAGE */

#endif /* _MINIX_SEF_H */
