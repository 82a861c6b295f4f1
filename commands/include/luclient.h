/*
 * luclient.h -- user programs driving live updates: RS_UPDATE, and the live-update test
 * service lusvc (drivers/lusvc; ABI section "Live-update test service"). Header only, like
 * svcclient.h (a folder without .c files is not a program). Used by lusoak and lurollback.
 *
 * Include it FIRST (it includes svcclient.h, which must come before any libc header). Every
 * function returns OK or a NEGATIVE error of the system's numbering (<minix/ipc.h>).
 */
#ifndef LUCLIENT_H
#define LUCLIENT_H

#include "svcclient.h"     /* first: see there */
#include <stdint.h>
#include <string.h>

/* --- RS_UPDATE ------------------------------------------------------------------------------ */

/* Asks RS to update the service labelled label to program (a file of the boot archive, e.g.
   "lusvc2.elf"; NULL or "" = the service's own program), preparing state within maxtime
   ticks. RS answers when the update is over: OK, or why it was refused or rolled back (EINVAL,
   ENOENT, ESRCH, EBUSY, EINTR prepare timed out, ERESTART the new version failed, ENOSYS). */
static inline int lu_update(const char *label, const char *program, int state, uint32_t maxtime)
{
    static rs_update u;
    message m;
    int r;

    memset(&u, 0, sizeof u);
    if (strlen(label) >= sizeof u.label || (program != NULL && strlen(program) >= sizeof u.program))
        return EINVAL;
    strcpy(u.label, label);
    if (program != NULL)
        strcpy(u.program, program);
    u.state = state;
    u.maxtime = maxtime;
    memset(&m, 0, sizeof m);
    m.m_type = RS_UPDATE;
    m.m1_p1 = &u;
    m.m1_i1 = (int)sizeof u;
    r = ipc_sendrec(RS_PROC_NR, &m);
    return r != OK ? r : m.m_type;
}

/* A word for an update's result. */
static inline const char *lu_strerror(int r)
{
    switch (r) {
    case OK:        return "done";
    case EINVAL:    return "invalid state or time";
    case ENOENT:    return "no such program";
    case ESRCH:     return "no such service";
    case EBUSY:     return "another update runs";
    case EINTR:     return "prepare timed out (cancelled)";
    case ERESTART:  return "the new version failed its init (rolled back)";
    case ENOSYS:    return "the service cannot be updated";
    case EPERM:     return "not allowed";
    default:        return "error";
    }
}

/* --- lusvc ---------------------------------------------------------------------------------- */

/* One reply of lusvc (m7). For COUNT: value = entries ever written, seq = updates,
   writes = updates that found a transaction open in WORK_FREE, p1 = the same in another
   state, p2 = sets applied. For COMMIT: p1 = the version that answered the BEGIN. */
struct lusvc_reply {
    int version;
    int32_t value;
    int32_t seq;
    uint32_t writes;
    uint32_t served;
    int32_t p1, p2;
};

static inline int lusvc_call(int ep, int type, int32_t key, int32_t value, int32_t seq,
                             struct lusvc_reply *rep)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m7_i1 = key;
    m.m7_i2 = value;
    m.m7_i3 = seq;
    r = ipc_sendrec(ep, &m);
    if (r != OK)
        return r;
    rep->version = m.m7_i1;
    rep->value = m.m7_i2;
    rep->seq = m.m7_i3;
    rep->writes = (uint32_t)m.m7_i4;
    rep->served = (uint32_t)m.m7_i5;
    rep->p1 = (int32_t)(intptr_t)m.m7_p1;
    rep->p2 = (int32_t)(intptr_t)m.m7_p2;
    return m.m_type;
}

/* The value lusoak and lurollback write with sequence number seq into key: a function of
   both, so a value in the wrong entry or from the wrong set shows. */
static inline int32_t lusvc_value(int32_t key, int32_t seq)
{
    uint32_t x = (uint32_t)seq * 2654435761u ^ (uint32_t)key * 40503u;
    return (int32_t)(x ^ (x >> 15));
}

#endif
