/*
 * signal.c -- POSIX signals: KILL, SIGACTION, SIGPROCMASK, SIGPENDING, SIGSUSPEND, PAUSE,
 * SIGRETURN, delivery to user handlers, and PM's part as a signal manager (SEF callbacks).
 *
 * PM is the signal manager of every user process: a fault or a SYS_KILL on a user process
 * reaches PM as SIGKSIG, and SEF calls sef_cb_signal_manager_pm() once per signal. Signals PM
 * raises itself (kill, alarm, SIGCHLD) take the same road from sig_proc() on.
 *
 * Delivery to a handler: sys_sigsend pushes a frame (return address = libc's trampoline from
 * SIGACTION m1_p3, the signal, a struct sigcontext with the registers and the mask to give
 * back) and the process continues in the handler; the trampoline sends SIGRETURN, and PM
 * restores the mask and calls sys_sigreturn, which ends that SENDREC.
 *
 * When a signal can be pushed: a process blocked in a call PM answers later (WAITPID, PAUSE,
 * SIGSUSPEND) is first answered EINTR, so the registers saved in the frame carry a finished
 * call. A process PM is answering right now (its own kill, a mask that unblocked one) gets it
 * right after the reply. A process blocked in IPC with someone else (VM, for mmap) keeps it
 * pending until it next talks to PM: pushing a frame under a SENDREC in flight would lose
 * the answer.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "pm.h"

/* The process whose call PM is handling now (main.c sets it). */
struct mproc *in_call;

/* Signals whose default action is to do nothing. Job control does not exist yet, so the
   stop signals are ignored too (SIGSTOP cannot be caught or ignored by a process, but it
   stops nobody either). */
#define DEFAULT_IGNORED (SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGWINCH) | SIGBIT(SIGSTOP) \
                         | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

/* Signals a fault raises: the process would meet the fault again if it went on, so blocking
   or ignoring them does not save it. Also the ones a system process managed by PM dies of. */
#define LETHAL (SIGBIT(SIGKILL) | SIGBIT(SIGILL) | SIGBIT(SIGBUS) | SIGBIT(SIGFPE) \
                | SIGBIT(SIGSEGV) | SIGBIT(SIGABRT) | SIGBIT(SIGTRAP))
#define FAULTS (SIGBIT(SIGILL) | SIGBIT(SIGBUS) | SIGBIT(SIGFPE) | SIGBIT(SIGSEGV) | SIGBIT(SIGTRAP))

static int alive(const struct mproc *rmp)
{
    return (rmp->flags & IN_USE) && !(rmp->flags & (ZOMBIE | EXITING));
}

static int is_caught(const struct mproc *rmp, int sig)
{
    uint32_t h = rmp->action[sig].handler;
    return h != SIG_DFL && h != SIG_IGN;
}

/* Whether sig would have no effect on rmp at all (so it need not stay pending). */
static int is_ignored(const struct mproc *rmp, int sig)
{
    uint32_t h = rmp->action[sig].handler;
    if (sig == SIGKILL)
        return 0;
    return h == SIG_IGN || (h == SIG_DFL && (DEFAULT_IGNORED & SIGBIT(sig)));
}

/* Non-zero if the kernel has rmp blocked in IPC (sending, or waiting to receive). */
static int blocked_in_ipc(const struct mproc *rmp)
{
    proc_info info;

    if (sys_getproc((int)(rmp - mproc), &info) != OK || info.endpoint != rmp->endpoint)
        return 0;
    return (info.state & (PROC_SENDING | PROC_RECEIVING)) != 0;
}

/* Ends a call PM holds open (WAITPID, PAUSE, SIGSUSPEND) with EINTR. Returns the mask the
   handler's sigreturn must restore. */
static uint32_t interrupt_call(struct mproc *rmp)
{
    uint32_t restore = rmp->sig_mask;

    if (rmp->flags & SIGSUSPENDED)
        restore = rmp->saved_mask;
    if (rmp->flags & SUSPENDED) {
        rmp->flags &= ~SUSPENDED;
        reply(rmp, EINTR, NULL);
    }
    return restore;
}

/* Pushes the handler frame for sig. */
static void push_handler(struct mproc *rmp, int sig)
{
    sigaction_desc *act = &rmp->action[sig];
    sigmsg sm;
    int r;

    memset(&sm, 0, sizeof sm);
    sm.signo = sig;
    sm.mask = interrupt_call(rmp);
    sm.handler = act->handler;
    sm.sigreturn = rmp->sigreturn;
    sm.stkptr = 0;
    r = sys_sigsend(rmp->endpoint, &sm);
    rmp->sig_pending &= ~SIGBIT(sig);
    if (r != OK) {
        /* No room for the frame (a stack run out): the process cannot go on. */
        exit_proc(rmp, 0, SIGSEGV);
        return;
    }
    rmp->sig_mask = (sm.mask | act->mask | ((act->flags & SA_NODEFER) ? 0 : SIGBIT(sig)))
                    & ALL_SIGNALS & ~UNBLOCKABLE;
    if (act->flags & SA_RESETHAND) {
        act->handler = SIG_DFL;
        act->flags &= ~SA_RESETHAND;
    }
}

void deliver_pending(struct mproc *rmp)
{
    while (alive(rmp) && !(rmp->flags & SYSTEM_PROC)) {
        uint32_t ready = rmp->sig_pending & (~rmp->sig_mask | UNBLOCKABLE);
        int sig = 0;

        if (ready == 0)
            return;
        while (!(ready & SIGBIT(sig)))
            sig++;
        if (sig == SIGKILL || (!is_caught(rmp, sig) && !is_ignored(rmp, sig))) {
            exit_proc(rmp, 0, sig);       /* the default action: terminate (core = terminate) */
            return;
        }
        if (is_ignored(rmp, sig)) {
            rmp->sig_pending &= ~SIGBIT(sig);
            continue;
        }
        /* Caught: only when the process can take a frame now (see the top of this file). */
        if (rmp == in_call)
            return;
        if (!(rmp->flags & SUSPENDED) && blocked_in_ipc(rmp)) {
            /* Blocked in IPC with someone else: maybe a VFS call (a pipe, a tty read). VFS
               ends it with EINTR and answers PM_UNPAUSE, then the handler goes on (vfs.c).
               Not while PM itself waits for VFS on its behalf (fork, exec, setsid). */
            if (!(rmp->flags & (UNPAUSING | VFS_WAIT))
                && vfs_request(PM_UNPAUSE, rmp, 0) == OK)
                rmp->flags |= UNPAUSING;
            return;
        }
        push_handler(rmp, sig);
    }
}

void sig_proc(struct mproc *rmp, int sig)
{
    if (!alive(rmp) || sig <= 0 || sig >= PM_NSIG)
        return;
    if (rmp->flags & SYSTEM_PROC) {
        /* Its own manager decides (or PM's callback, when that is PM). */
        sys_kill(rmp->endpoint, sig);
        return;
    }
    if (is_ignored(rmp, sig))
        return;
    rmp->sig_pending |= SIGBIT(sig);
    deliver_pending(rmp);
}

/* May the caller signal rmp? Root may signal anyone; others their own user's processes. */
static int may_signal(const struct mproc *from, const struct mproc *to)
{
    if (from->euid == ROOT_UID)
        return 1;
    if (to->flags & SYSTEM_PROC)
        return 0;
    return from->ruid == to->ruid || from->euid == to->ruid
        || from->ruid == to->euid || from->euid == to->euid;
}

int do_kill(void)
{
    int pid = m_in.m1_i1, sig = m_in.m1_i2;
    int found = 0, sent = 0;

    if (sig < 0 || sig >= PM_NSIG)
        return EINVAL;
    if (pid > MAX_PID || pid < -MAX_PID)
        return ESRCH;
    for (int s = 0; s < NR_PROCS; s++) {
        struct mproc *rmp = &mproc[s];

        if (!alive(rmp))
            continue;
        if (pid > 0) {
            if (rmp->pid != pid)
                continue;
        } else if (pid == -1) {
            if (rmp->pid == INIT_PID || (rmp->flags & SYSTEM_PROC))
                continue;
        } else {
            int group = pid == 0 ? mp->pgrp : -pid;
            if (rmp->pgrp != group || (rmp->flags & SYSTEM_PROC))
                continue;
        }
        found++;
        if (!may_signal(mp, rmp))
            continue;
        if (rmp->endpoint == sef_self() && sig != 0)
            continue;          /* nobody stops the process manager with a user call */
        sent++;
        if (sig != 0)
            sig_proc(rmp, sig);
    }
    if (sent > 0)
        return OK;
    return found > 0 ? EPERM : ESRCH;
}

int do_sigaction(void)
{
    int sig = m_in.m1_i2;
    sigaction_desc old, new;
    struct mproc *rmp = mp;

    if (sig < 1 || sig >= PM_NSIG)
        return EINVAL;
    old = rmp->action[sig];
    if (m_in.m1_p1 != NULL) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return EINVAL;
        if (sys_vircopy(rmp->endpoint, (uint32_t)(uintptr_t)m_in.m1_p1, SELF,
                        (uint32_t)(uintptr_t)&new, sizeof new) != OK)
            return EFAULT;
    }
    if (m_in.m1_p2 != NULL
        && sys_vircopy(SELF, (uint32_t)(uintptr_t)&old, rmp->endpoint,
                       (uint32_t)(uintptr_t)m_in.m1_p2, sizeof old) != OK)
        return EFAULT;
    if (m_in.m1_p1 == NULL)
        return OK;
    new.mask &= ALL_SIGNALS & ~UNBLOCKABLE;
    rmp->action[sig] = new;
    rmp->sigreturn = (uint32_t)(uintptr_t)m_in.m1_p3;
    if (is_ignored(rmp, sig))
        rmp->sig_pending &= ~SIGBIT(sig);
    return OK;
}

int do_sigprocmask(void)
{
    uint32_t set = (uint32_t)m_in.m2_l1;

    m_out.m2_l1 = (int32_t)mp->sig_mask;
    switch (m_in.m2_i1) {
    case SIG_BLOCK:   mp->sig_mask |= set; break;
    case SIG_UNBLOCK: mp->sig_mask &= ~set; break;
    case SIG_SETMASK: mp->sig_mask = set; break;
    case SIG_INQUIRE: break;
    default:          return EINVAL;
    }
    mp->sig_mask &= ALL_SIGNALS & ~UNBLOCKABLE;
    return OK;              /* newly unblocked signals go out after the reply (main.c) */
}

int do_sigpending(void)
{
    m_out.m2_l1 = (int32_t)mp->sig_pending;
    return OK;
}

int do_sigsuspend(void)
{
    mp->saved_mask = mp->sig_mask;
    mp->sig_mask = (uint32_t)m_in.m2_l1 & ALL_SIGNALS & ~UNBLOCKABLE;
    mp->flags |= SIGSUSPENDED;
    return SUSPEND;
}

int do_pause(void)
{
    mp->flags |= PAUSED;
    return SUSPEND;
}

int do_sigreturn(void)
{
    int r;

    mp->sig_mask = (uint32_t)m_in.m2_l1 & ALL_SIGNALS & ~UNBLOCKABLE;
    r = sys_sigreturn(mp->endpoint, (sigcontext *)m_in.m2_p1);
    if (r != OK)
        return r;           /* a bad context: the caller hears of it and stays as it was */
    return NO_REPLY;        /* the kernel ended the SENDREC with the restored registers */
}

void sig_exec_reset(struct mproc *rmp)
{
    for (int s = 1; s < PM_NSIG; s++)
        if (is_caught(rmp, s)) {
            rmp->action[s].handler = SIG_DFL;
            rmp->action[s].flags = 0;
            rmp->action[s].mask = 0;
        }
    rmp->sigreturn = 0;
}

/* SEF: a signal the kernel holds for a process PM manages (SIGKSIG). */
int sef_cb_signal_manager_pm(int target, int signo)
{
    struct mproc *rmp = proc_by_endpoint(target);

    if (rmp == NULL || !alive(rmp))
        return OK;              /* not ours to decide; let the kernel release it */
    if (signo <= 0 || signo >= PM_NSIG)
        return OK;              /* a kernel signal (26..30) is not a POSIX event */
    if (rmp->flags & SYSTEM_PROC) {
        /* PM manages this system process (boot.cfg sigmgr pm): a lethal signal ends it, any
           other becomes a message its SEF hands to its signal handler. */
        if (LETHAL & SIGBIT(signo)) {
            printf("system process %s ended by signal %d\n", rmp->name, signo);
            exit_proc(rmp, 0, signo);
            return EDEADEPT;
        }
        message m;
        memset(&m, 0, sizeof m);
        m.m_type = SIGS_SIGNAL_RECEIVED;
        m.m2_i1 = signo;
        ipc_sendnb(rmp->endpoint, &m);
        return OK;
    }
    /* The terminal's ^C / ^\ (tty's SYS_KILL): the whole process group (ttysig.c). */
    if (tty_signal_group(rmp, signo))
        return alive(rmp) ? OK : EDEADEPT;
    /* A fault the process blocks or ignores would only come back: it ends the process. */
    if ((FAULTS & SIGBIT(signo)) && !is_caught(rmp, signo))
        exit_proc(rmp, 0, signo);
    else if ((FAULTS & SIGBIT(signo)) && (rmp->sig_mask & SIGBIT(signo)))
        exit_proc(rmp, 0, signo);
    else
        sig_proc(rmp, signo);
    return alive(rmp) ? OK : EDEADEPT;
}

/* SEF: a POSIX signal for PM itself (PM manages itself: SIGKSIGSM). Lethal ones never get
   here (the kernel cannot let PM survive them); the rest PM has no use for. */
void sef_cb_signal_handler_pm(int signo)
{
    printf("ignoring signal %d sent to PM\n", signo);
}
