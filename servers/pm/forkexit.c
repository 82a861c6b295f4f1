/*
 * forkexit.c -- FORK, EXIT, WAIT and WAITPID, and the end of every process (exit_proc).
 *
 * Fork: PM picks the child's slot and pid, VM_FORK has VM clone the slot in the kernel and
 * build the child's copy-on-write memory, then PM answers 0 to the child and the pid to the
 * parent. Exit: SYS_CLEAR frees the kernel slot, VM_EXIT the memory; the process stays a
 * zombie (PM slot and pid held) until its parent waits for it, or goes at once when nobody
 * will (a system parent, SIGCHLD ignored).
 */
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "pm.h"

static int slot_index(const struct mproc *rmp)
{
    return (int)(rmp - mproc);
}

int do_fork(void)
{
    struct mproc *child;
    message m;
    int pid, r, slot;

    if (mp->flags & SYSTEM_PROC)
        return EPERM;          /* system processes are started by the boot image (later RS) */
    child = free_slot();
    if (child == NULL)
        return EAGAIN;
    pid = alloc_pid();
    if (pid < 0)
        return EAGAIN;
    slot = slot_index(child);

    memset(&m, 0, sizeof m);
    m.m1_i1 = mp->endpoint;
    m.m1_i2 = slot;
    r = vm_call(VM_FORK, &m);
    if (r != OK)
        return r == ENOMEM || r == EAGAIN ? EAGAIN : r;

    /* The child inherits ids, process group, signal actions and mask, the trampoline and
       the name; not pending signals, alarm, times or a wait in progress. */
    *child = *mp;
    child->flags = IN_USE;
    child->endpoint = m.m1_i3;
    child->pid = pid;
    child->parent = slot_index(mp);
    child->sig_pending = 0;
    child->saved_mask = 0;
    child->alarm_tick = 0;
    child->alarm_next = -1;
    child->child_utime = 0;
    child->child_stime = 0;
    child->exit_status = 0;
    child->term_signal = 0;
    child->wait_pid = 0;
    child->wait_options = 0;
    procs_in_use++;

    /* VFS copies the descriptors first; both are answered once it has (fork_finish). */
    if (vfs_request(PM_FORK, child, slot_index(mp)) == OK) {
        mp->flags |= VFS_WAIT;
        child->flags |= VFS_WAIT;
        return SUSPEND;
    }
    reply(child, 0, NULL);
    return pid;
}

/* PM_FORK_REPLY: the child runs (0) and the parent hears its pid, if they are still there. */
void fork_finish(struct mproc *parent, struct mproc *child, int child_ep)
{
    if ((child->flags & IN_USE) && child->endpoint == child_ep) {
        child->flags &= ~VFS_WAIT;
        if (!(child->flags & (ZOMBIE | EXITING)))
            reply(child, 0, NULL);
        deliver_pending(child);
    }
    if ((parent->flags & IN_USE) && !(parent->flags & (ZOMBIE | EXITING))
        && (parent->flags & VFS_WAIT)) {
        parent->flags &= ~VFS_WAIT;
        reply(parent, child->pid, NULL);
        deliver_pending(parent);
    }
}

int do_exit(void)
{
    if (mp->flags & SYSTEM_PROC) {
        /* POSIX exit is not how a system process ends: its manager decides (facts 5). */
        sys_kill(mp->endpoint, SIGKILL);
        return NO_REPLY;
    }
    exit_proc(mp, m_in.m1_i1 & 0xFF, 0);
    return NO_REPLY;
}

/* Frees a reaped zombie's slot; its times (and its children's) go to the parent's. */
static void release(struct mproc *rmp)
{
    struct mproc *parent = &mproc[rmp->parent];

    if ((parent->flags & IN_USE) && parent != rmp) {
        parent->child_utime += rmp->child_utime;
        parent->child_stime += rmp->child_stime;
    }
    rmp->flags = 0;
    rmp->endpoint = NONE;
    procs_in_use--;
}

static int wait_matches(const struct mproc *parent, int wpid, const struct mproc *child)
{
    if (wpid > 0)
        return child->pid == wpid;
    if (wpid == -1)
        return 1;
    if (wpid == 0)
        return child->pgrp == parent->pgrp;
    return child->pgrp == -wpid;
}

static int wait_status(const struct mproc *zombie)
{
    return (zombie->exit_status & 0xFF) << 8 | (zombie->term_signal & 0xFF);
}

/* The parent of zombie is told: its wait answered, or the zombie released when nobody will
   wait (a system parent, SIGCHLD ignored or SA_NOCLDWAIT), else SIGCHLD. */
static void tell_parent(struct mproc *zombie)
{
    struct mproc *parent = &mproc[zombie->parent];
    sigaction_desc *chld = &parent->action[SIGCHLD];

    if (!(parent->flags & IN_USE) || (parent->flags & (ZOMBIE | EXITING)) || parent == zombie
        || (parent->flags & SYSTEM_PROC)) {
        release(zombie);
        return;
    }
    if ((parent->flags & WAITING) && wait_matches(parent, parent->wait_pid, zombie)) {
        message m;

        memset(&m, 0, sizeof m);
        m.m2_i1 = wait_status(zombie);
        parent->flags &= ~WAITING;
        reply(parent, zombie->pid, &m);
        release(zombie);
        return;
    }
    if (chld->handler == SIG_IGN || (chld->flags & SA_NOCLDWAIT)) {
        release(zombie);
        return;
    }
    sig_proc(parent, SIGCHLD);
}

/* Ends rmp with an exit code, or by a signal (signal != 0). The order: the kernel slot goes
   first (SYS_CLEAR), so the process cannot run or be sent to while VM frees its memory
   (VM_EXIT). */
void exit_proc(struct mproc *rmp, int code, int signal)
{
    uint32_t user = 0, sys = 0;
    int slot = slot_index(rmp);
    int r;

    if (!(rmp->flags & IN_USE) || (rmp->flags & (ZOMBIE | EXITING)))
        return;
    rmp->flags |= EXITING;
    set_alarm(rmp, 0);
    vfs_request(PM_EXIT, rmp, 0);      /* VFS closes its descriptors (no answer awaited) */

    if (sys_times(rmp->endpoint, &user, &sys, NULL) == OK) {
        rmp->child_utime += user;
        rmp->child_stime += sys;
    }
    r = sys_clear(rmp->endpoint);
    if (r != OK)
        printf("clearing %s (endpoint %d) failed: %d\n", rmp->name, rmp->endpoint, r);
    if (rmp->endpoint != VM_PROC_NR) {
        message m;

        memset(&m, 0, sizeof m);
        m.m1_i1 = rmp->endpoint;
        r = vm_call(VM_EXIT, &m);
        if (r != OK)
            printf("VM_EXIT for %s failed: %d\n", rmp->name, r);
    }

    if (rmp->pid == INIT_PID)
        printf("init ended (status %d, signal %d); nobody reaps orphans now\n", code, signal);

    rmp->exit_status = code;
    rmp->term_signal = signal;
    rmp->flags = IN_USE | ZOMBIE | (rmp->flags & SYSTEM_PROC);
    rmp->sig_pending = 0;

    /* Orphans go to init; an orphan that is already a zombie may be init's to reap now. */
    for (int s = 0; s < NR_PROCS; s++) {
        struct mproc *c = &mproc[s];

        if (!(c->flags & IN_USE) || s == slot || c->parent != slot)
            continue;
        c->parent = INIT_PROC_NR;
        if (c->flags & ZOMBIE)
            tell_parent(c);
    }
    tell_parent(rmp);
}

/* WAIT and WAITPID: a zombie child that matches is reaped now; else the caller waits
   (SUSPEND) unless WNOHANG; ECHILD when no child matches at all. */
static int wait_for(int wpid, int options)
{
    int self = slot_index(mp), children = 0;

    if (options & ~(WNOHANG | WUNTRACED))
        return EINVAL;
    if (wpid < -MAX_PID || wpid > MAX_PID)
        return ECHILD;         /* no pid or group that large exists (and -wpid stays defined) */
    for (int s = 0; s < NR_PROCS; s++) {
        struct mproc *c = &mproc[s];

        if (!(c->flags & IN_USE) || s == self || c->parent != self || !wait_matches(mp, wpid, c))
            continue;
        if (c->flags & ZOMBIE) {
            int pid = c->pid;

            m_out.m2_i1 = wait_status(c);
            release(c);
            return pid;
        }
        children++;
    }
    if (children == 0)
        return ECHILD;
    if (options & WNOHANG)
        return 0;
    mp->flags |= WAITING;
    mp->wait_pid = wpid;
    mp->wait_options = options;
    return SUSPEND;
}

int do_wait(void)
{
    return wait_for(-1, 0);
}

int do_waitpid(void)
{
    return wait_for(m_in.m1_i1, m_in.m1_i2);
}
