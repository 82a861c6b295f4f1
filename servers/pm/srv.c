/*
 * srv.c -- what PM does for RS, the parent of every system service (minix3-facts.md sections
 * 8 and 9), and GETEPINFO, which RS uses to learn who is asking it.
 *
 * A restarted service is a new process: RS forks itself (SRV_FORK), PM has VM clone RS's slot
 * and memory and gives the child a PM entry of its own (a system process, child of RS); the
 * kernel gives a system process's fork child no privileges, so it cannot run. SRV_EXEC then
 * replaces the child's memory with the service's program, which RS keeps in its own memory
 * (VM reads it, and the argument frame, through RS's page tables: VM_EXEC_NEWMEM m1_p3), and
 * sets its registers and name; the child still waits for RS to give it privileges. SRV_KILL
 * ends a service instance RS is done with: the kernel slot, the memory and the PM entry go at
 * once, with no zombie (nobody waits for a system process).
 *
 * Only RS's fixed endpoint may make the SRV_ calls (authority is an endpoint, never a label).
 */
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "pm.h"

/* argc, an empty argv and an empty envp: the smallest frame crt0 can read (as exec.c). */
#define MIN_FRAME 12
/* The largest program RS may hand over: far more than any service, and it bounds VM's copy. */
#define SRV_MAX_IMAGE (4u << 20)

static int from_rs(void)
{
    return m_in.m_source == RS_PROC_NR;
}

/* The entry of a process RS may act on: a live system process that is not PM, VM or RS. */
static struct mproc *rs_target(int endpoint)
{
    struct mproc *rmp = proc_by_endpoint(endpoint);

    if (rmp == NULL || (rmp->flags & (ZOMBIE | EXITING)) || !(rmp->flags & SYSTEM_PROC))
        return NULL;
    if (rmp->endpoint == PM_PROC_NR || rmp->endpoint == VM_PROC_NR || rmp->endpoint == RS_PROC_NR
        || rmp == mp)
        return NULL;
    return rmp;
}

/* SRV_FORK: no fields. Reply: m_type the child's pid, m2_i1 its endpoint. */
int do_srv_fork(void)
{
    struct mproc *child;
    message m;
    int pid, r, slot;

    if (!from_rs())
        return EPERM;
    child = free_slot();
    if (child == NULL)
        return EAGAIN;
    pid = alloc_pid();
    if (pid < 0)
        return EAGAIN;
    slot = (int)(child - mproc);

    memset(&m, 0, sizeof m);
    m.m1_i1 = mp->endpoint;
    m.m1_i2 = slot;
    r = vm_call(VM_FORK, &m);
    if (r != OK)
        return r == ENOMEM ? EAGAIN : r;

    /* A fresh entry, not a copy of RS's: the service gets nothing of RS but its parent. */
    memset(child, 0, sizeof *child);
    child->alarm_next = -1;
    for (int s = 0; s < PM_NSIG; s++)
        child->action[s].handler = SIG_DFL;
    child->flags = IN_USE | SYSTEM_PROC | SRV_NEW;
    child->endpoint = m.m1_i3;
    child->pid = pid;
    child->pgrp = pid;
    child->parent = (int)(mp - mproc);
    memcpy(child->name, "(service)", sizeof "(service)");
    procs_in_use++;
    vfs_request(PM_SRV_FORK, child, (int)(mp - mproc));   /* VFS: an empty descriptor table */

    /* No reply to the child: it waits for PM (RS's SENDREC, cloned) until SRV_EXEC ends that
       wait by giving it a program. */
    m_out.m2_i1 = child->endpoint;
    return pid;
}

/* SRV_EXEC: m1_i1 the child, m1_p1 the ELF image in RS's memory, m1_i2 its bytes, m1_p2 the
   argument frame in RS's memory (as EXEC's), m1_i3 its bytes, m1_p3 the name the kernel gives
   the process (RS passes the service's label: its console lines and WHOAMI carry it), a
   NUL-terminated string of at most 15 characters in RS's memory. Reply: m_type OK or the
   error; the child is left as it was on an error (RS ends it with SRV_KILL). */
int do_srv_exec(void)
{
    char name[sizeof mproc[0].name];
    struct mproc *child;
    uint32_t sp, pc;
    message m;
    int r;

    if (!from_rs())
        return EPERM;
    child = rs_target(m_in.m1_i1);
    if (child == NULL || child->parent != (int)(mp - mproc))
        return ESRCH;
    if (!(child->flags & SRV_NEW))
        return EBUSY;          /* it runs a program already: RS starts services only once */
    if (m_in.m1_i2 <= 0 || (uint32_t)m_in.m1_i2 > SRV_MAX_IMAGE)
        return EINVAL;
    if (m_in.m1_i3 > ARG_MAX)
        return E2BIG;
    if (m_in.m1_i3 < MIN_FRAME)
        return EINVAL;
    memset(name, 0, sizeof name);
    if (sys_vircopy(mp->endpoint, (uint32_t)(uintptr_t)m_in.m1_p3, SELF,
                    (uint32_t)(uintptr_t)name, sizeof name - 1) != OK)
        return EFAULT;
    if (name[0] == '\0')
        return EINVAL;

    memset(&m, 0, sizeof m);
    m.m1_i1 = child->endpoint;
    m.m1_p1 = m_in.m1_p1;
    m.m1_i2 = m_in.m1_i2;
    m.m1_p2 = m_in.m1_p2;
    m.m1_i3 = m_in.m1_i3;
    m.m1_p3 = (void *)(uintptr_t)mp->endpoint;   /* both live in RS's memory */
    r = vm_call(VM_EXEC_NEWMEM, &m);
    if (r != OK)
        return r;
    sp = (uint32_t)(uintptr_t)m.m1_p1;
    pc = (uint32_t)(uintptr_t)m.m1_p2;

    memcpy(child->name, name, sizeof name);
    r = sys_exec(child->endpoint, sp, name, pc);
    if (r != OK) {
        printf("service %s: exec failed after VM built it: %d\n", name, r);
        return r;
    }
    child->flags &= ~SRV_NEW;
    return OK;
}

/* SRV_KILL: m1_i1 an endpoint when m1_i3 = 1, else a pid; m1_i2 the signal it dies of (0:
   SIGKILL), for the record. The process ends at once: slot cleared, memory freed, entry
   released (its parent is a system process, so nobody waits for it). */
int do_srv_kill(void)
{
    struct mproc *rmp;
    int sig = m_in.m1_i2;

    if (!from_rs())
        return EPERM;
    if (m_in.m1_i3 == 1) {
        rmp = rs_target(m_in.m1_i1);
    } else {
        rmp = proc_by_pid(m_in.m1_i1);
        rmp = rmp != NULL ? rs_target(rmp->endpoint) : NULL;
    }
    if (rmp == NULL)
        return ESRCH;
    if (sig <= 0 || sig >= PM_NSIG)
        sig = SIGKILL;
    exit_proc(rmp, 0, sig);
    return OK;
}

/* GETEPINFO: m1_i1 an endpoint. Reply: m_type its pid, m2_i1 its real uid, m2_i2 its
   effective uid; ESRCH for an endpoint PM does not know (or a zombie). Anyone may ask. */
int do_getepinfo(void)
{
    struct mproc *rmp = proc_by_endpoint(m_in.m1_i1);

    if (rmp == NULL || (rmp->flags & (ZOMBIE | EXITING)))
        return ESRCH;
    m_out.m2_i1 = rmp->ruid;
    m_out.m2_i2 = rmp->euid;
    return rmp->pid;
}
