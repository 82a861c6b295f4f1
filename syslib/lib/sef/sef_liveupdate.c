/*
 * sef_liveupdate.c -- the old version's side of a live update (minix3-facts.md section 7;
 * docs/live-update.md; <minix/sef.h> has the summary).
 *
 *   RS -> service   RS_LU_PREPARE, asynchronous: m1_i2 the state to reach, m1_i3 the update's
 *                   number (RS counts its updates). State NULL cancels the update of that number.
 *   service -> RS   RS_LU_PREPARE by SENDREC: m1_i1 the result (OK: ready and checked in; an
 *                   error: refused), m1_i2 the state, m1_i3 the update's number, m1_p1 the state
 *                   grant for the new version (GRANT_INVALID: none).
 *
 * A request whose state the service cannot take is answered at once: ENOSYS without a
 * state_isvalid callback, EINVAL when it says no. Otherwise the state is noted, and from then
 * on every check-in (sef_lu_checkin, before each receive: the service has finished the work of
 * the last message) asks the prepare callback. Ready => state_save => the SENDREC above. RS
 * swaps the slots while that SENDREC is pending, so on success it never returns here: the new
 * version runs at our endpoint and this program is removed where it was moved to. Any answer
 * (EINTR cancelled, ERESTART rolled back, or the error we sent) means the update is over for
 * us: the state goes back to NULL and the service goes on serving with its state intact.
 */
#include "sef.h"
#include <minix/ipc.h>
#include <stdio.h>
#include <string.h>

static int lu_state = SEF_LU_STATE_NULL;   /* the state being prepared, or NULL */
static int lu_id;                          /* the number of the update being prepared */
static int lu_grant = GRANT_INVALID;       /* what state_save named for the new version */
static int lu_busy;                        /* inside the check-in (no nested check-in) */

int sef_lu_state(void)
{
    return lu_state;
}

void sef_lu_set_state_grant(int grant)
{
    lu_grant = grant;
}

static void set_state(int state)
{
    int old = lu_state;

    lu_state = state;
    if (old != state && sef_cbs.lu_state_changed != NULL) {
        sef_cbs.lu_state_changed(old, state);
    }
}

/* SENDREC RS_LU_PREPARE to RS; returns RS's answer (or the IPC error). */
static int respond(int result, int state, int id)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = RS_LU_PREPARE;
    m.m1_i1 = result;
    m.m1_i2 = state;
    m.m1_i3 = id;
    m.m1_p1 = (void *) (intptr_t) (result == OK ? lu_grant : GRANT_INVALID);
    int r = ipc_sendrec(RS_PROC_NR, &m);
    return r != OK ? r : m.m_type;
}

/* RS_LU_PREPARE from RS (sef_receive_status checked the source). */
int sef_intercept_lu(message *m)
{
    int state = m->m1_i2;
    int id = m->m1_i3;

    if (state == SEF_LU_STATE_NULL) {
        /* A cancel: only of the update we prepare (a late one for an earlier update is stale). */
        if (lu_state != SEF_LU_STATE_NULL && id == lu_id) {
            lu_grant = GRANT_INVALID;
            set_state(SEF_LU_STATE_NULL);
        }
        return 1;
    }
    if (sef_cbs.lu_state_isvalid == NULL) {
        respond(ENOSYS, state, id);
        return 1;
    }
    if (!sef_cbs.lu_state_isvalid(state)) {
        respond(EINVAL, state, id);
        return 1;
    }
    lu_id = id;
    lu_grant = GRANT_INVALID;
    set_state(state);
    if (sef_cbs.lu_state_dump != NULL) {
        sef_cbs.lu_state_dump(state);
    }
    return 1;
}

void sef_lu_checkin(void)
{
    int state = lu_state;
    int r;

    if (state == SEF_LU_STATE_NULL || lu_busy) {
        return;
    }
    lu_busy = 1;
    if (sef_cbs.lu_prepare != NULL) {
        r = sef_cbs.lu_prepare(state);
    } else {
        r = state == SEF_LU_STATE_WORK_FREE ? OK : ENOTREADY;
    }
    if (r == ENOTREADY || lu_state != state) {
        lu_busy = 0;          /* not yet (or the callback itself changed the state) */
        return;
    }
    if (r == OK && sef_cbs.lu_state_save != NULL) {
        r = sef_cbs.lu_state_save(state);
    }
    /* Ready (r == OK): blocks until RS answers, which it does only if the update did not
       happen. Not ready for good (an error): RS answers at once. */
    respond(r, state, lu_id);
    lu_grant = GRANT_INVALID;
    set_state(SEF_LU_STATE_NULL);
    lu_busy = 0;
}

/* Predefined callbacks. */
int sef_cb_lu_prepare_always_ready(int state)
{
    (void) state;
    return OK;
}

int sef_cb_lu_prepare_never_ready(int state)
{
    (void) state;
    return ENOTREADY;
}

int sef_cb_lu_state_isvalid_standard(int state)
{
    return state >= SEF_LU_STATE_WORK_FREE && state <= SEF_LU_STATE_PROTOCOL_FREE;
}

int sef_cb_lu_state_isvalid_workfree(int state)
{
    return state == SEF_LU_STATE_WORK_FREE;
}

void sef_cb_lu_state_dump_print(int state)
{
    static const char *const names[] = { "none", "work free", "request free", "protocol free" };

    if (state >= 0 && state < SEF_LU_STATE_CUSTOM_BASE) {
        printf("live update: preparing state %d (%s)\n", state, names[state]);
    } else {
        printf("live update: preparing state %d (custom)\n", state);
    }
}
