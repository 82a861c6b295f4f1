/*
 * procinfo.c -- PROCINFO (ours): the process table for ps.
 *
 * One proc_entry per kernel task (pid 0, PSF_TASK) and per slot of PM's table in use
 * (zombies too), in slot order. PM adds what only it knows (pid, parent, uid, its waiting
 * states) to the kernel's view of the slot (GET_PROC: state bits, scheduling queue, name),
 * and copies as many entries as fit into the caller's buffer. Anyone may ask: the same facts
 * are visible to every user in MINIX's /proc. Memory per process is VM's to tell (ps asks
 * VM_INFO for each process): mem_kib is -1.
 */
#include <minix/syslib.h>
#include <string.h>
#include "pm.h"

/* Entries are built in a small batch and copied out a batch at a time. */
#define BATCH 16

static uint32_t pm_state_of(const struct mproc *rmp)
{
    uint32_t s = 0;

    if (rmp->flags & SYSTEM_PROC)
        s |= PSF_SYSTEM;
    if (rmp->flags & ZOMBIE)
        s |= PSF_ZOMBIE;
    if (rmp->flags & WAITING)
        s |= PSF_WAITING;
    if (rmp->flags & PAUSED)
        s |= PSF_PAUSED;
    if (rmp->flags & SIGSUSPENDED)
        s |= PSF_SIGSUSPENDED;
    if (rmp->flags & EXITING)
        s |= PSF_EXITING;
    return s;
}

/* Fills *e for kernel slot s (a task when s < 0); 0 when there is nothing to show. */
static int fill_entry(int s, proc_entry *e)
{
    proc_info ki;

    memset(e, 0, sizeof *e);
    if (s >= 0 && !(mproc[s].flags & IN_USE))
        return 0;
    if (sys_getproc(s, &ki) != OK) {
        memset(&ki, 0, sizeof ki);
        ki.send_to = ki.get_from = NONE;
    }
    if (s < 0) {
        if (ki.state & PROC_FREE)
            return 0;
        e->endpoint = ki.endpoint;
        e->pm_state = PSF_TASK;
        memcpy(e->name, ki.name, sizeof e->name);
    } else {
        const struct mproc *rmp = &mproc[s];

        e->pid = rmp->pid;
        e->endpoint = rmp->endpoint;
        e->ppid = mproc[rmp->parent].pid;
        e->uid = rmp->euid;
        e->pm_state = pm_state_of(rmp);
        memcpy(e->name, rmp->name, sizeof e->name);
        if (e->name[0] == '\0')
            memcpy(e->name, ki.name, sizeof e->name);
    }
    e->name[sizeof e->name - 1] = '\0';
    /* a zombie's kernel slot is already cleared: its state bits mean nothing */
    e->k_state = (e->pm_state & PSF_ZOMBIE) ? 0 : ki.state;
    e->priority = ki.priority;
    e->send_to = (e->pm_state & PSF_ZOMBIE) ? NONE : ki.send_to;
    e->get_from = (e->pm_state & PSF_ZOMBIE) ? NONE : ki.get_from;
    e->mem_kib = -1;            /* VM's to tell: ps asks it (vm_info_proc) */
    return 1;
}

int do_procinfo(void)
{
    proc_entry batch[BATCH];
    uint32_t addr = (uint32_t)(uintptr_t)m_in.m1_p1;
    int size = m_in.m1_i1;
    int room, written = 0, total = 0, n = 0;

    if (size < (int)sizeof(proc_entry))
        return EINVAL;
    room = size / (int)sizeof(proc_entry);
    for (int s = -NR_TASKS; s < NR_PROCS; s++) {
        if (!fill_entry(s, &batch[n]))
            continue;
        total++;
        if (written + n >= room)
            continue;               /* no room: only counted */
        if (++n == BATCH) {
            if (sys_vircopy(SELF, (uint32_t)(uintptr_t)batch, mp->endpoint,
                            addr + (uint32_t)written * sizeof(proc_entry),
                            n * sizeof(proc_entry)) != OK)
                return EFAULT;
            written += n;
            n = 0;
        }
    }
    if (n > 0) {
        if (sys_vircopy(SELF, (uint32_t)(uintptr_t)batch, mp->endpoint,
                        addr + (uint32_t)written * sizeof(proc_entry),
                        n * sizeof(proc_entry)) != OK)
            return EFAULT;
        written += n;
    }
    m_out.m2_i1 = total;
    return written;
}
