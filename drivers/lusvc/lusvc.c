/*
 * lusvc -- the stateful test service of live update (issue 13; commands/lusoak, lurollback).
 *
 * It keeps a table of LUSVC_NR_ENTRIES entries (key -> value, the sequence number of the set
 * that wrote it, how many sets wrote it) and answers the requests of the ABI section
 * "Live-update test service": SET, GET, BEGIN + COMMIT (a write in two requests: between
 * them a request is half done) and COUNT. Every reply carries the answering version, so a
 * client sees which program served each request, and the count of requests served, which
 * moves with the table: a request answered twice or lost across an update shows in it.
 *
 * Live update (lu.c): prepare is ready at once for WORK_FREE, only when no transaction is open
 * for REQUEST_FREE and PROTOCOL_FREE, and never for the custom state LUSVC_STATE_NEVER; the
 * old version grants its whole state to its own endpoint (which the new version takes over)
 * and SEF passes the grant on through RS; the new version copies it, checks it, and goes on. A restart
 * (crash) starts with an empty table: the state lives in memory only.
 */
#include <minix/ipc.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <string.h>
#include "lusvc.h"

struct lusvc_state st;

static int valid_key(int32_t key)
{
    return key >= 0 && key < LUSVC_NR_ENTRIES;
}

static void entry_reply(int32_t key, message *rep)
{
    const struct lusvc_entry *e = &st.table[key];

    rep->m7_i2 = e->value;
    rep->m7_i3 = e->seq;
    rep->m7_i4 = (int)e->writes;
}

static void apply_set(int32_t key, int32_t value, int32_t seq)
{
    struct lusvc_entry *e = &st.table[key];

    e->value = value;
    e->seq = seq;
    e->writes++;
    st.sets++;
}

static int count_used(void)
{
    int n = 0;

    for (int k = 0; k < LUSVC_NR_ENTRIES; k++)
        if (st.table[k].writes != 0)
            n++;
    return n;
}

/* One request; returns the reply's m_type, fills the rest of rep. */
static int handle(const message *m, message *rep)
{
    int32_t key = m->m7_i1, value = m->m7_i2, seq = m->m7_i3;

    switch (m->m_type) {
    case LUSVC_SET:
        if (!valid_key(key))
            return EINVAL;
        apply_set(key, value, seq);
        entry_reply(key, rep);
        return OK;
    case LUSVC_GET:
        if (!valid_key(key))
            return EINVAL;
        entry_reply(key, rep);
        return OK;
    case LUSVC_BEGIN:
        if (!valid_key(key))
            return EINVAL;
        if (st.txn.open)
            return EBUSY;
        st.txn.open = 1;
        st.txn.key = key;
        st.txn.seq = seq;
        st.txn.version = LUSVC_VERSION;
        entry_reply(key, rep);
        return OK;
    case LUSVC_COMMIT:
        if (!st.txn.open || st.txn.seq != seq)
            return EINVAL;
        st.txn.open = 0;
        apply_set(st.txn.key, value, seq);
        entry_reply(st.txn.key, rep);
        rep->m7_p1 = (void *)(intptr_t)st.txn.version;
        return OK;
    case LUSVC_COUNT:
        rep->m7_i2 = count_used();
        rep->m7_i3 = (int)st.updates;
        rep->m7_i4 = (int)st.open_at_lu_workfree;
        rep->m7_p1 = (void *)(intptr_t)st.open_at_lu_other;
        rep->m7_p2 = (void *)(intptr_t)st.sets;
        return OK;
    default:
        return EBADREQUEST;
    }
}

int main(void)
{
    message m, rep;

    lu_register();
    sef_startup();

    for (;;) {
        if (sef_receive(ANY, &m) != OK)
            continue;
        /* A request reached us after a state_save: the update did not happen (a program that
           is replaced never runs again). SEF's state_changed normally cleaned up already. */
        if (lu_saved_pending())
            lu_forget_saved();
        if (is_notify(m.m_type))
            continue;
        memset(&rep, 0, sizeof rep);
        rep.m_type = handle(&m, &rep);
        st.served++;
        rep.m7_i1 = LUSVC_VERSION;
        rep.m7_i5 = (int)st.served;
        /* Non-blocking: a caller that is gone (or not waiting for us) must not stop us. */
        ipc_sendnb(m.m_source, &rep);
    }
}
