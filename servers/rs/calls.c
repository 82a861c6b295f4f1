/*
 * calls.c -- RS's requests to PM and VM, and asynchronous sends.
 *
 * PM and VM are trusted and never wait for RS, so SENDREC to them cannot deadlock. Messages to
 * services go asynchronously (SENDA): a service may be busy, hung or frozen by a signal that RS
 * itself has to handle, and RS must never block on one.
 */
#include <string.h>
#include <stdio.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include "rs.h"

static int call(int who, int type, message *m)
{
    m->m_type = type;
    int r = ipc_sendrec(who, m);
    return r != OK ? r : m->m_type;
}

/* SRV_FORK: a copy of RS that cannot run (no privileges). Returns the child's pid. */
int pm_srv_fork(int *child_ep)
{
    message m;
    memset(&m, 0, sizeof m);
    int r = call(PM_PROC_NR, SRV_FORK, &m);
    if (r >= 0)
        *child_ep = m.m2_i1;
    return r;
}

/* SRV_EXEC: the child runs prog (from RS's memory) with the frame, under name. */
int pm_srv_exec(int child, const struct program *prog, const void *frame, size_t frame_len,
                const char *name)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m1_i1 = child;
    m.m1_p1 = prog->image;
    m.m1_i2 = (int32_t) prog->size;
    m.m1_p2 = (void *) frame;
    m.m1_i3 = (int32_t) frame_len;
    m.m1_p3 = (void *) name;
    return call(PM_PROC_NR, SRV_EXEC, &m);
}

/* SRV_KILL by endpoint: slot, memory and PM entry go at once. */
int pm_srv_kill(int endpoint)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m1_i1 = endpoint;
    m.m1_i2 = SIGKILL;
    m.m1_i3 = 1;
    return call(PM_PROC_NR, SRV_KILL, &m);
}

/* GETEPINFO: the effective uid of endpoint (who is asking RS). */
int pm_getepinfo(int endpoint, int *euid)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m1_i1 = endpoint;
    int r = call(PM_PROC_NR, GETEPINFO, &m);
    if (r >= 0)
        *euid = m.m2_i2;
    return r;
}

/* VM_RS_UPDATE: VM swaps its records of the two processes and has the kernel swap their slots
   (SYS_UPDATE): each endpoint then runs the other's program. */
int vm_rs_update(int source, int destination)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m1_i1 = source;
    m.m1_i2 = destination;
    return call(VM_PROC_NR, VM_RS_UPDATE, &m);
}

/* Anonymous memory from VM (libsys's malloc arena is far too small for programs). */
void *vm_mmap(size_t bytes)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m5_l1 = 0;
    m.m5_l2 = (int32_t) bytes;
    m.m5_s1 = PROT_READ | PROT_WRITE;
    m.m5_s2 = MAP_ANON | MAP_PRIVATE;
    m.m5_i1 = -1;
    m.m5_i2 = 0;
    if (call(VM_PROC_NR, VM_MMAP, &m) != OK)
        return NULL;
    return (void *) (uintptr_t) (uint32_t) m.m5_l1;
}

int vm_munmap(void *addr, size_t bytes)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m1_p1 = addr;
    m.m1_i1 = (int32_t) bytes;
    return call(VM_PROC_NR, VM_MUNMAP, &m);
}

/*
 * SENDA: one table in RS's memory, registered again after every change. An entry is free when
 * it is empty or done (delivered or failed); a pending one stays until its target receives
 * (or dies: then the kernel marks it done with EDEADSRCDST when the table is next registered).
 */
#define NR_ASYN 64
static asynmsg asyn_table[NR_ASYN];
static int asyn_used;     /* the table's length as registered: past its last entry in use */

int asynsend(int dst, const message *m)
{
    int slot = -1;

    for (int i = 0; i < NR_ASYN; i++) {
        if (asyn_table[i].flags & AMF_DONE)
            asyn_table[i].flags = AMF_EMPTY;
        if (slot < 0 && asyn_table[i].flags == AMF_EMPTY)
            slot = i;
    }
    if (slot < 0) {
        printf("asynchronous send table full; message to %d dropped\n", dst);
        return ENOSPC;
    }
    asyn_table[slot].dst = dst;
    asyn_table[slot].result = 0;
    asyn_table[slot].msg = *m;
    asyn_table[slot].flags = AMF_VALID | AMF_NOREPLY;
    asyn_used = 0;
    for (int i = 0; i < NR_ASYN; i++)
        if (asyn_table[i].flags != AMF_EMPTY)
            asyn_used = i + 1;
    return ipc_senda(asyn_table, (size_t) asyn_used);
}
