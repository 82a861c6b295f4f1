/*
 * main.c -- PM's start-up, its receive loop, the call table and the reply.
 *
 * Every POSIX call is a SENDREC from the caller with m_type = the call number (group
 * posix_calls of the ABI); the reply's m_type is the result (>= 0, or a negative error).
 * A handler returns that result, or SUSPEND when the caller waits (WAITPID, PAUSE,
 * SIGSUSPEND: answered later), or NO_REPLY when nobody is to be answered (the caller exited,
 * or the kernel ends its SENDREC itself: EXEC, SIGRETURN).
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "pm.h"

message m_in;
struct mproc *mp;
int pm_hz;

typedef int (*call_handler)(void);

/* Indexed by call number; NULL is ENOSYS. */
static const call_handler calls[NCALLS] = {
    [EXIT] = do_exit,
    [FORK] = do_fork,
    [WAIT] = do_wait,
    [WAITPID] = do_waitpid,
    [BRK] = do_brk,
    [GETPID] = do_getpid,
    [SETUID] = do_setuid,
    [GETUID] = do_getuid,
    [ALARM] = do_alarm,
    [PAUSE] = do_pause,
    [KILL] = do_kill,
    [TIMES] = do_times,
    [SETGID] = do_setgid,
    [GETGID] = do_getgid,
    [EXEC] = do_exec,
    [SETSID] = do_setsid,
    [GETPGRP] = do_getpgrp,
    [SIGACTION] = do_sigaction,
    [SIGSUSPEND] = do_sigsuspend,
    [SIGPENDING] = do_sigpending,
    [SIGPROCMASK] = do_sigprocmask,
    [SIGRETURN] = do_sigreturn,
    [REBOOT] = do_reboot,
    [GETPROCNR] = do_getprocnr,
    [SRV_FORK] = do_srv_fork,
    [SRV_EXEC] = do_srv_exec,
    [SRV_KILL] = do_srv_kill,
    [GETEPINFO] = do_getepinfo,
    [PROCINFO] = do_procinfo,     /* procinfo.c */
    [TIME] = do_time,             /* timeofday.c */
};

/* The reply a handler fills in besides m_type (m2_i1 for GETPID, m4 for TIMES, ...). */
message m_out;

/* Answers rmp: m_type = result, the other fields from *m (NULL: none). Non-blocking: a
   process that is no longer waiting for PM (it was killed meanwhile) must not stop PM. */
void reply(struct mproc *rmp, int result, message *m)
{
    message empty;

    if (m == NULL) {
        memset(&empty, 0, sizeof empty);
        m = &empty;
    }
    m->m_type = result;
    ipc_sendnb(rmp->endpoint, m);
}

static int pm_init(int type, const sef_init_info_t *info)
{
    (void)type;
    (void)info;
    pm_hz = sys_hz();
    if (pm_hz <= 0)
        panic("cannot learn the clock frequency: %d", pm_hz);
    table_init();
    if (bootfs_init() != OK)
        printf("no boot archive: exec will find no program\n");
    printf("%d processes\n", procs_in_use);
    return OK;
}

static void handle_call(void)
{
    int call = m_in.m_type;
    int r;

    mp = proc_by_endpoint(m_in.m_source);
    if (mp == NULL || (mp->flags & ZOMBIE)) {
        /* Not a process PM knows (a kernel task, a stale endpoint): answer, never act. */
        message m;
        memset(&m, 0, sizeof m);
        m.m_type = ESRCH;
        ipc_sendnb(m_in.m_source, &m);
        return;
    }
    memset(&m_out, 0, sizeof m_out);
    mp->flags &= ~UNPAUSING;      /* it is out of VFS: a later signal may ask again */
    in_call = mp;
    if (call < 0 || call >= NCALLS || calls[call] == NULL)
        r = ENOSYS;
    else
        r = calls[call]();
    in_call = NULL;
    /* No answer to a caller that the call ended (exit, a signal to itself, reboot). */
    if (r != SUSPEND && r != NO_REPLY && (mp->flags & IN_USE) && !(mp->flags & (ZOMBIE | EXITING))
        && mp->endpoint == m_in.m_source)
        reply(mp, r, &m_out);
    /* A signal raised while the caller was talking to PM (kill to itself, a mask that
       unblocked one) is delivered now that it runs again. */
    if ((mp->flags & IN_USE) && !(mp->flags & (ZOMBIE | EXITING)) && mp->endpoint == m_in.m_source)
        deliver_pending(mp);
}

int main(void)
{
    int status;

    sef_setcb_init_fresh(pm_init);
    sef_setcb_init_restart(pm_init);
    sef_setcb_signal_manager(sef_cb_signal_manager_pm);
    sef_setcb_signal_handler(sef_cb_signal_handler_pm);
    sef_startup();

    for (;;) {
        if (sef_receive_status(ANY, &m_in, &status) != OK)
            continue;
        if (is_notify(m_in.m_type)) {
            if (m_in.m_source == CLOCK)
                alarm_expired((uint32_t)m_in.m2_l2);
            continue;
        }
        if (is_vfs_reply(&m_in)) {
            vfs_reply(&m_in);     /* vfs.c: the second half of fork, exec, setsid, ... */
            continue;
        }
        handle_call();
    }
}
