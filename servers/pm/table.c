/*
 * table.c -- the process table: lookups by endpoint and pid, free slots and pids, and the
 * picture of the boot processes PM starts with.
 */
#include <minix/syslib.h>
#include <string.h>
#include "pm.h"

struct mproc mproc[NR_PROCS];
int procs_in_use;

static int last_pid = INIT_PID;

/* The kernel's endpoint arithmetic (generation * ENDPOINT_GENERATION_SIZE + slot). */
int slot_of(int endpoint)
{
    int32_t e = (int32_t)endpoint + MAX_NR_TASKS;
    int32_t s;

    if (e < 0)
        return -1;
    s = e % ENDPOINT_GENERATION_SIZE - MAX_NR_TASKS;
    return s >= 0 && s < NR_PROCS ? (int)s : -1;
}

/* The entry of a live or zombie process with exactly this endpoint (an old generation of
   the slot does not match). */
struct mproc *proc_by_endpoint(int endpoint)
{
    int s = slot_of(endpoint);

    if (s < 0 || !(mproc[s].flags & IN_USE) || mproc[s].endpoint != endpoint)
        return NULL;
    return &mproc[s];
}

struct mproc *proc_by_pid(int pid)
{
    if (pid <= 0)
        return NULL;
    for (int s = 0; s < NR_PROCS; s++)
        if ((mproc[s].flags & IN_USE) && mproc[s].pid == pid)
            return &mproc[s];
    return NULL;
}

/* A slot for a child. The fixed boot slots (below NR_BOOT_PROCS) stay for the boot
   services of later images, so children never take them. */
struct mproc *free_slot(void)
{
    for (int s = NR_BOOT_PROCS; s < NR_PROCS; s++)
        if (!(mproc[s].flags & IN_USE))
            return &mproc[s];
    return NULL;
}

static int pid_taken(int pid)
{
    for (int s = 0; s < NR_PROCS; s++)
        if ((mproc[s].flags & IN_USE) && (mproc[s].pid == pid || mproc[s].pgrp == pid))
            return 1;
    return 0;
}

/* The next pid after the last one given, skipping those in use as a pid or a process group
   (zombies included), wrapping at MAX_PID. There are far fewer slots than pids, so one
   turn always finds one. */
int alloc_pid(void)
{
    for (int tries = 0; tries < MAX_PID; tries++) {
        last_pid = last_pid >= MAX_PID ? INIT_PID + 1 : last_pid + 1;
        if (!pid_taken(last_pid))
            return last_pid;
    }
    return -1;
}

static void fill_defaults(struct mproc *rmp)
{
    memset(rmp, 0, sizeof *rmp);
    rmp->alarm_next = -1;
    for (int s = 0; s < PM_NSIG; s++)
        rmp->action[s].handler = SIG_DFL;
}

/* Learns every process the kernel booted. User processes share one privilege id (init's);
   every system process has its own. init gets pid 1 and is its own parent; the others get
   pids 2, 3, ... in slot order; system processes are children of PM, the other user
   processes of init. Everyone starts as root in a process group of their own. */
void table_init(void)
{
    proc_info info;
    int user_priv = -2;
    int pm_slot = slot_of(sef_self());

    if (pm_slot < 0)
        pm_slot = PM_PROC_NR;
    if (sys_getproc(INIT_PROC_NR, &info) == OK && !(info.state & PROC_FREE))
        user_priv = info.priv_id;

    for (int s = 0; s < NR_PROCS; s++) {
        struct mproc *rmp = &mproc[s];

        fill_defaults(rmp);
        if (sys_getproc(s, &info) != OK || (info.state & PROC_FREE))
            continue;
        rmp->flags = IN_USE;
        rmp->endpoint = info.endpoint;
        memcpy(rmp->name, info.name, sizeof rmp->name);
        rmp->name[sizeof rmp->name - 1] = '\0';
        if (s == INIT_PROC_NR && user_priv != -2) {
            rmp->pid = INIT_PID;
            rmp->parent = s;
        } else {
            rmp->pid = alloc_pid();
            if (info.priv_id == user_priv) {
                rmp->parent = INIT_PROC_NR;
            } else {
                rmp->flags |= SYSTEM_PROC;
                rmp->parent = pm_slot;
            }
        }
        rmp->pgrp = rmp->pid;
        procs_in_use++;
    }
}
