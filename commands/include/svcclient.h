/*
 * svcclient.h -- user programs talking to RS, the hello driver and the test service (header
 * only, like gtest.h: a folder without .c files is not a program). Used by hello, hellotest
 * and rssoak.
 *
 * These talk to servers directly, so they include <minix/ipc.h> -- the system's view of the
 * ABI, with NEGATIVE error numbers (EDEADSRCDST, ESRCH, ...) -- and never <errno.h>. Every
 * function returns OK or a negative error: the server's answer, or the IPC error when the
 * server could not be reached (EDEADSRCDST: the endpoint is dead -- the service crashed and
 * will come back under a new one).
 *
 * Include it FIRST, before any libc header: <minix/abi.h> must come before <sys/_abi.h>
 * (which libc's headers pull in), or the typedefs both define clash.
 */
#ifndef SVCCLIENT_H
#define SVCCLIENT_H

#include <minix/ipc.h>     /* first: <minix/abi.h> before anything includes <sys/_abi.h> */
#include <minix/ds.h>
#include <minix/safecopies.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* --- RS ----------------------------------------------------------------------------------- */

/* RS_FI: asks RS to crash the service labelled label in the way kind (RS_FI_*) says.
   Only root may. The label goes with its NUL (m1_i1 = strlen + 1). */
static inline int svc_fault(const char *label, int kind)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = RS_FI;
    m.m1_p1 = (void *)label;
    m.m1_i1 = (int)strlen(label) + 1;
    m.m1_i2 = kind;
    r = ipc_sendrec(RS_PROC_NR, &m);
    return r != OK ? r : m.m_type;
}

/* RS_LIST: RS's entry for label into *info; ESRCH when RS lists no such service. */
static inline int svc_info(const char *label, rs_service_info *info)
{
    static rs_service_info table[RS_NR_SYS_PROCS];
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = RS_LIST;
    m.m1_p1 = table;
    m.m1_i1 = (int)sizeof table;
    r = ipc_sendrec(RS_PROC_NR, &m);
    if (r != OK)
        return r;
    if (m.m_type < 0)
        return m.m_type;
    for (int i = 0; i < m.m1_i1 && i < RS_NR_SYS_PROCS; i++)
        if (strncmp(table[i].label, label, sizeof table[i].label) == 0) {
            *info = table[i];
            return OK;
        }
    return ESRCH;
}

/* --- DS ----------------------------------------------------------------------------------- */

/* The current endpoint of the service labelled label (RS publishes it after every start). */
static inline int svc_endpoint(const char *label, int *endpoint)
{
    return ds_retrieve_label(label, endpoint);
}

/* --- the character-device protocol (hello) ------------------------------------------------ */

/* One request to the character driver at ep, answered by TASK_REPLY. USER_ENDPT carries
   our pid: a user program has no call that tells it its own endpoint, and the driver only
   echoes the field. grant is GRANT_INVALID when the request moves no data. Returns
   REP_STATUS (bytes, OK or an error), an IPC error, or EGENERIC if the reply breaks the
   protocol (wrong type, or REP_ENDPT is not our USER_ENDPT). */
static inline int dev_call(int ep, int type, int count, uint32_t pos, int grant)
{
    message m;
    int me = (int)getpid();
    int r;

    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m2_i1 = 0;                    /* minor */
    m.m2_i2 = me;                   /* USER_ENDPT */
    m.m2_i3 = count;                /* count, ioctl code or open mode */
    m.m2_l1 = (int)pos;
    m.m2_l2 = 0;
    m.m2_p1 = (void *)(intptr_t)grant;
    r = ipc_sendrec(ep, &m);
    if (r != OK)
        return r;
    if (m.m_type != TASK_REPLY || m.m2_i1 != me)
        return EGENERIC;
    return m.m2_i2;
}

static inline int hello_open(int ep)
{
    return dev_call(ep, DEV_OPEN, R_BIT, 0, GRANT_INVALID);
}

static inline int hello_close(int ep)
{
    return dev_call(ep, DEV_CLOSE, 0, 0, GRANT_INVALID);
}

/* Reads up to len bytes from position pos into buf (granted to ep for this call only).
   Returns the bytes read or an error. */
static inline int hello_read(int ep, char *buf, size_t len, uint32_t pos)
{
    cp_grant_id_t g = cpf_grant_direct(ep, buf, len, CPF_WRITE);
    int r;

    if (g == GRANT_INVALID)
        return ENOMEM;
    r = dev_call(ep, DEV_READ_S, (int)len, pos, g);
    cpf_revoke(g);
    return r;
}

/* HELLO_GETCOUNT: the driver's open count into *count. */
static inline int hello_count(int ep, uint32_t *count)
{
    cp_grant_id_t g = cpf_grant_direct(ep, count, sizeof *count, CPF_WRITE);
    int r;

    if (g == GRANT_INVALID)
        return ENOMEM;
    r = dev_call(ep, DEV_IOCTL_S, HELLO_GETCOUNT, 0, g);
    cpf_revoke(g);
    return r;
}

/* --- the test service ---------------------------------------------------------------------- */

/* What the test service answered to one TESTSVC_REQ. */
struct testsvc_answer {
    int32_t seq;        /* the sequence number the reply carries */
    int32_t copied;     /* what the service wrote into our buffer (the same number) */
    uint32_t served;    /* requests the answering instance has answered */
    int endpoint;       /* the answering instance */
};

/* One TESTSVC_REQ with sequence number seq to ep, with a 4-byte buffer granted for the
   service to write seq into. Returns OK (and *a), the service's error, or the IPC error. */
static inline int testsvc_call(int ep, int32_t seq, struct testsvc_answer *a)
{
    int32_t buf = ~seq;
    cp_grant_id_t g = cpf_grant_direct(ep, &buf, sizeof buf, CPF_WRITE);
    message m;
    int r;

    if (g == GRANT_INVALID)
        return ENOMEM;
    memset(&m, 0, sizeof m);
    m.m_type = TESTSVC_REQ;
    m.m1_i1 = seq;
    m.m1_i2 = g;
    m.m1_i3 = (int)sizeof buf;
    r = ipc_sendrec(ep, &m);
    cpf_revoke(g);
    if (r != OK)
        return r;
    if (m.m_type != OK)
        return m.m_type;
    a->seq = m.m1_i1;
    a->copied = buf;
    a->served = (uint32_t)m.m1_i2;
    a->endpoint = m.m1_i3;
    return OK;
}

#endif
