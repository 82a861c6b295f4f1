/* sef_startup.c -- how a service starts: learn who it is, then init as RS asks (or fresh). */
#include "sef.h"
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <string.h>

sef_init_info_t sef_me;

endpoint_t sef_self(void)
{
    return sef_me.endpoint;
}

const char *sef_self_name(void)
{
    return sef_me.name;
}

/* Whether RS is running (and is not us): then it, and only it, starts us. PM and VM start
   themselves even then: RS needs both (SRV_FORK, memory) before it can start anyone, so it
   never sends them RS_INIT (common12.md). */
static int rs_is_up(void)
{
    proc_info info;
    if (sef_me.endpoint == RS_PROC_NR || sef_me.endpoint == PM_PROC_NR
            || sef_me.endpoint == VM_PROC_NR) {
        return 0;
    }
    if (sys_getproc(RS_PROC_NR, &info) != OK) {
        return 0;
    }
    return (info.state & PROC_FREE) == 0;
}

static int run_init(int type)
{
    sef_me.type = type;
    switch (type) {
    case SEF_INIT_RESTART:
        return sef_cbs.init_restart(type, &sef_me);
    case SEF_INIT_LU:
        return sef_cbs.init_lu(type, &sef_me);
    default:
        return sef_cbs.init_fresh(SEF_INIT_FRESH, &sef_me);
    }
}

void sef_startup(void)
{
    int flags;
    sef_me.old_endpoint = NONE;
    sef_me.lu_grant = GRANT_INVALID;
    if (sys_whoami(&sef_me.endpoint, sef_me.name, sizeof sef_me.name, &flags) != OK) {
        panic("sef: cannot learn who I am");
    }
    if (!rs_is_up()) {
        int r = run_init(SEF_INIT_FRESH);
        if (r != OK) {
            panic("sef: fresh init failed: %d", r);
        }
        return;
    }
    /* RS starts us: wait for its RS_INIT, dropping what a previous instance was sent. */
    for (;;) {
        message m;
        int status;
        if (ipc_receive(RS_PROC_NR, &m, &status) != OK || m.m_type != RS_INIT) {
            continue;
        }
        sef_me.old_endpoint = m.m7_i4;
        sef_me.lu_grant = m.m7_i2 == SEF_INIT_LU ? m.m7_i5 : GRANT_INVALID;
        int r = run_init(m.m7_i2);
        memset(&m, 0, sizeof m);
        m.m_type = RS_INIT;
        m.m7_i1 = r;
        int sr = ipc_sendrec(RS_PROC_NR, &m);
        if (r != OK) {
            panic("sef: init type %d failed: %d", sef_me.type, r);
        }
        if (sr != OK || m.m_type != OK) {
            panic("sef: RS refused my init: %d", sr != OK ? sr : m.m_type);
        }
        return;
    }
}
