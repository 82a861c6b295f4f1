/*
 * lu.c -- lusvc's SEF callbacks: init (fresh, restart, live update) and the live-update ones.
 *
 * State transfer, old version -> new version, through a memory grant:
 *   1. RS_LU_PREPARE(state) reaches the old version. state_isvalid accepts WORK_FREE,
 *      REQUEST_FREE, PROTOCOL_FREE and the custom LUSVC_STATE_NEVER.
 *   2. At each check-in SEF asks prepare: WORK_FREE is ready at once (the service is between
 *      requests); REQUEST_FREE and PROTOCOL_FREE only when no BEGIN waits for its COMMIT (a
 *      request half done); LUSVC_STATE_NEVER never (lurollback's prepare timeout).
 *   3. state_save: the whole struct lusvc_state (counters, open transaction, table) gets a
 *      checksum and a read grant to the service's OWN endpoint -- after the swap the new
 *      version runs at that endpoint, and the old program (with its grant table) at the spare
 *      endpoint RS names in RS_INIT -- and SEF passes the grant on (sef_lu_set_state_grant;
 *      RS hands it to the new version with RS_INIT).
 *   4. The new version's init_lu copies the struct from the old program
 *      (sys_safecopyfrom(info->old_endpoint, info->lu_grant)), checks magic, size, checksum
 *      and that the table adds up, and adopts it. Any failure fails the init: RS rolls back
 *      and the old version goes on with its table.
 *   5. If the update does not happen (cancelled: EINTR; rolled back: ERESTART), the old
 *      version's state goes back to NULL: state_changed revokes the grant.
 * No DS: the whole state is in the grant (hello shows the DS way).
 * With -DFAIL_INIT (lusvcbad) step 4 copies and checks the state, then fails on purpose.
 *
 * The new version's init first waits LUSVC_LU_DELAY_TICKS (a slow state transfer): the
 * system is idle then, so user processes run, and a client's request sent now queues up at
 * the service's endpoint, which the new version must answer (or, after a rollback, the old
 * one). Without the wait every update would run from the old version's check-in to the new
 * version's first receive at system priority, and no client request could ever be waiting at
 * the endpoint while the slots change hands.
 */
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "lusvc.h"

static cp_grant_id_t saved_grant = GRANT_INVALID;
static struct lusvc_state incoming;     /* the old version's state, checked before adoption */

/* FNV-1a over the struct up to the checksum. */
uint32_t lusvc_checksum(const struct lusvc_state *s)
{
    const uint8_t *p = (const uint8_t *)s;
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < offsetof(struct lusvc_state, checksum); i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

int lu_saved_pending(void)
{
    return saved_grant != GRANT_INVALID;
}

void lu_forget_saved(void)
{
    if (saved_grant != GRANT_INVALID) {
        cpf_revoke(saved_grant);
        saved_grant = GRANT_INVALID;
    }
}

/* --- the old version ---------------------------------------------------------------------- */

static int lu_state_isvalid(int state)
{
    return (state >= SEF_LU_STATE_WORK_FREE && state <= SEF_LU_STATE_PROTOCOL_FREE)
        || state == LUSVC_STATE_NEVER;
}

static int lu_prepare(int state)
{
    switch (state) {
    case SEF_LU_STATE_WORK_FREE:
        return OK;
    case SEF_LU_STATE_REQUEST_FREE:
    case SEF_LU_STATE_PROTOCOL_FREE:
        return st.txn.open ? ENOTREADY : OK;
    default:
        return ENOTREADY;   /* LUSVC_STATE_NEVER */
    }
}

static int lu_state_save(int state)
{
    lu_forget_saved();      /* a save whose update never came */
    st.magic = LUSVC_STATE_MAGIC;
    st.size = sizeof st;
    st.saved_by = LUSVC_VERSION;
    st.saved_in = state;
    st.checksum = lusvc_checksum(&st);
    saved_grant = cpf_grant_direct(sef_self(), &st, sizeof st, CPF_READ);
    if (saved_grant == GRANT_INVALID) {
        printf("lusvc: cannot grant the state for the update\n");
        return ENOMEM;
    }
    sef_lu_set_state_grant(saved_grant);
    return OK;
}

static void lu_state_changed(int old_state, int state)
{
    (void)old_state;
    if (state == SEF_LU_STATE_NULL)
        lu_forget_saved();
}

/* --- the new version ---------------------------------------------------------------------- */

/* The table must add up: every written entry counted, the writes summing to the sets. */
static int state_consistent(const struct lusvc_state *s)
{
    uint64_t writes = 0;

    if (s->txn.open && (s->txn.key < 0 || s->txn.key >= LUSVC_NR_ENTRIES))
        return 0;
    for (int k = 0; k < LUSVC_NR_ENTRIES; k++) {
        writes += s->table[k].writes;
        if (s->table[k].writes == 0 && (s->table[k].value != 0 || s->table[k].seq != 0))
            return 0;
    }
    return writes == s->sets;
}

/* Sleeps ticks clock ticks (blocked: a receive from CLOCK after an alarm). */
static void lu_delay(uint32_t ticks)
{
    message m;
    int status;

    if (sys_setalarm(ticks, 0) != OK)
        return;
    ipc_receive(CLOCK, &m, &status);
}

static int init_lu(const sef_init_info_t *info)
{
    int r;

    lu_delay(LUSVC_LU_DELAY_TICKS);

    if (info->lu_grant == GRANT_INVALID) {
        printf("lusvc %d: the old version granted no state\n", LUSVC_VERSION);
        return EINVAL;
    }
    r = sys_safecopyfrom(info->old_endpoint, info->lu_grant, 0, &incoming, sizeof incoming);
    if (r != OK) {
        printf("lusvc %d: cannot copy the state from %d (grant %d): %d\n", LUSVC_VERSION,
               info->old_endpoint, info->lu_grant, r);
        return r;
    }
    if (incoming.magic != LUSVC_STATE_MAGIC || incoming.size != sizeof incoming
            || incoming.checksum != lusvc_checksum(&incoming) || !state_consistent(&incoming)) {
        printf("lusvc %d: the state from version %u is damaged\n", LUSVC_VERSION,
               (unsigned)incoming.saved_by);
        return EGENERIC;
    }
#ifdef FAIL_INIT
    printf("lusvc %d: state of %u sets checked; failing my init on purpose\n", LUSVC_VERSION,
           (unsigned)incoming.sets);
    return EGENERIC;
#endif
    st = incoming;
    st.updates++;
    if (st.txn.open) {
        if (st.saved_in == SEF_LU_STATE_WORK_FREE)
            st.open_at_lu_workfree++;
        else
            st.open_at_lu_other++;
    }
    /* Quiet under the soak's hundreds of updates: the first two and every 50th speak. */
    if (st.updates <= 2 || st.updates % 50 == 0)
        printf("lusvc: version %d took over from version %u: update %u, %u sets, %u requests\n",
               LUSVC_VERSION, (unsigned)st.saved_by, (unsigned)st.updates, (unsigned)st.sets,
               (unsigned)st.served);
    return OK;
}

static int lusvc_init(int type, const sef_init_info_t *info)
{
    switch (type) {
    case SEF_INIT_LU:
        return init_lu(info);
    case SEF_INIT_RESTART:
        memset(&st, 0, sizeof st);
        printf("lusvc: version %d restarted, the table starts empty\n", LUSVC_VERSION);
        return OK;
    default:
        memset(&st, 0, sizeof st);
        printf("lusvc: version %d up, %d entries\n", LUSVC_VERSION, LUSVC_NR_ENTRIES);
        return OK;
    }
}

void lu_register(void)
{
    sef_setcb_init_fresh(lusvc_init);
    sef_setcb_init_restart(lusvc_init);
    sef_setcb_init_lu(lusvc_init);
    sef_setcb_lu_prepare(lu_prepare);
    sef_setcb_lu_state_isvalid(lu_state_isvalid);
    sef_setcb_lu_state_save(lu_state_save);
    sef_setcb_lu_state_changed(lu_state_changed);
}
