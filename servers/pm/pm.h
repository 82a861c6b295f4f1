/*
 * pm.h -- the process manager's shared state and the functions its files give each other.
 *
 * PM owns the POSIX side of every process: pid, parent, process group, user and group ids,
 * signal actions, mask and pending set, alarm, exit status. The kernel owns the slot (registers,
 * IPC state) and VM the memory; PM asks them by kernel call and by VM_* message.
 *
 * The table is indexed by kernel slot (endpoint = generation * ENDPOINT_GENERATION_SIZE + slot),
 * so a message's m_source finds its entry at once and PM hands VM the same slot for a child.
 */
#ifndef PM_H
#define PM_H

#include <stdint.h>
#include <stddef.h>
#include <minix/abi.h>
#include <minix/sef.h>
#include <minix/bootfs.h>

/* POSIX signals are 1..25; 26..30 are the kernel's own and never reach a user. */
#define PM_NSIG SIGSNDELAY
#define SIGBIT(s) (1u << (s))
/* Neither SIGKILL nor SIGSTOP can be caught, ignored or blocked. */
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
/* Every valid POSIX signal. */
#define ALL_SIGNALS (((1u << PM_NSIG) - 1) & ~1u)

#define INIT_PID 1
#define MAX_PID 30000
#define ROOT_UID 0

/* mproc.flags */
#define IN_USE       0x001  /* the slot holds a process (live or zombie) */
#define ZOMBIE       0x002  /* exited; waits for its parent's wait */
#define WAITING      0x004  /* blocked in WAIT/WAITPID (wait_pid, wait_options say for whom) */
#define PAUSED       0x008  /* blocked in PAUSE */
#define SIGSUSPENDED 0x010  /* blocked in SIGSUSPEND (saved_mask holds the mask to restore) */
#define SYSTEM_PROC  0x020  /* a system process: signals go through the kernel to its manager */
#define PM_MANAGED   0x040  /* a system process PM is the signal manager of (boot.cfg sigmgr pm) */
#define EXITING      0x080  /* exit in progress (no new signals, no second exit) */
#define SRV_NEW      0x100  /* made by SRV_FORK, not yet given a program by SRV_EXEC */
#define VFS_WAIT     0x200  /* its call (fork, exec, setsid) waits for VFS's answer (vfs.c) */
#define UNPAUSING    0x400  /* PM_UNPAUSE asked for it; not again until it calls PM */

/* Blocked in a call PM answers later, which a caught signal interrupts with EINTR. */
#define SUSPENDED (WAITING | PAUSED | SIGSUSPENDED)

struct mproc {
    int flags;
    int endpoint;
    int pid;
    int parent;            /* slot of the parent (init's and PM's own: themselves) */
    int pgrp;              /* process group id */
    int ruid, euid, rgid, egid;

    int exit_status;       /* for a zombie: exit code */
    int term_signal;       /* for a zombie: the signal that killed it, or 0 */

    int wait_pid;          /* WAITING: the waitpid pid argument */
    int wait_options;

    uint32_t sig_mask;     /* blocked signals */
    uint32_t saved_mask;   /* SIGSUSPENDED: the mask to give back after the handler */
    uint32_t sig_pending;  /* raised but not yet delivered */
    sigaction_desc action[PM_NSIG];
    uint32_t sigreturn;    /* libc's sigreturn trampoline (from SIGACTION m1_p3) */

    uint32_t alarm_tick;   /* uptime in ticks when SIGALRM is due; 0: no alarm */
    int alarm_next;        /* next slot on the alarm list, -1 at its end */

    uint32_t child_utime;  /* ticks of reaped children (and theirs), for TIMES */
    uint32_t child_stime;

    char name[16];         /* the program's name (GETPROCNR, console lines) */

    uint32_t exec_sp;      /* exec waiting for VFS (PM_EXEC): where the new program starts */
    uint32_t exec_pc;
};

extern struct mproc mproc[NR_PROCS];
extern int pm_hz;          /* clock ticks per second */
extern int procs_in_use;   /* slots in use, zombies included */

/* The message being handled and the caller's entry (main.c). */
extern message m_in;
extern message m_out;   /* the reply's fields besides m_type (zeroed before each call) */
extern struct mproc *mp;
extern struct mproc *in_call;  /* mp while its handler runs (signal.c defers frames for it) */

/* A handler's return: the reply's m_type, or SUSPEND (no reply now: the process waits) or
   NO_REPLY (the caller is gone, or the kernel ends its SENDREC itself: EXEC, SIGRETURN). */
#define SUSPEND  (-998)
#define NO_REPLY (-999)

/* main.c */
void reply(struct mproc *rmp, int result, message *m);

/* table.c */
int slot_of(int endpoint);                 /* -1 for endpoints outside the table */
struct mproc *proc_by_endpoint(int endpoint);
struct mproc *proc_by_pid(int pid);
struct mproc *free_slot(void);
int alloc_pid(void);
void table_init(void);

/* forkexit.c */
int do_fork(void);
int do_exit(void);
int do_wait(void);
int do_waitpid(void);
/* Ends rmp: exit code, or the signal that killed it (0 for a normal exit). */
void exit_proc(struct mproc *rmp, int code, int signal);

/* exec.c; the boot archive's lookups are syslib's (<minix/bootfs.h>, shared with RS) */
int do_exec(void);

/* break.c */
int do_brk(void);

/* signal.c */
int do_kill(void);
int do_sigaction(void);
int do_sigprocmask(void);
int do_sigpending(void);
int do_sigsuspend(void);
int do_sigreturn(void);
int do_pause(void);
/* Raises sig on rmp from PM's side (kill, alarm, SIGCHLD); may end rmp. */
void sig_proc(struct mproc *rmp, int sig);
/* Delivers what rmp has pending and unblocked, if rmp is in a state to take it now. */
void deliver_pending(struct mproc *rmp);
/* Resets caught signals to the default action (exec). */
void sig_exec_reset(struct mproc *rmp);
int sef_cb_signal_manager_pm(int target, int signo);
void sef_cb_signal_handler_pm(int signo);

/* alarm.c */
int do_alarm(void);
void alarm_expired(uint32_t now);
/* Sets rmp's alarm: ticks from now (0 cancels); returns the seconds that were left. */
uint32_t set_alarm(struct mproc *rmp, uint32_t ticks);
uint32_t uptime(void);

/* time.c */
int do_times(void);

/* getset.c */
int do_getpid(void);
int do_getuid(void);
int do_getgid(void);
int do_setuid(void);
int do_setgid(void);
int do_setsid(void);
int do_getpgrp(void);

/* misc.c */
int do_reboot(void);
int do_getprocnr(void);
/* The machine stops (after VFS closed every file, or at once without VFS). */
void reboot_finish(void);

/* vfs.c: requests to VFS, one at a time, answered by PM_*_REPLY (ABI section "VFS (ours)") */
int vfs_up(void);                                     /* is there a VFS in this image? */
int vfs_request(int type, struct mproc *rmp, int arg); /* OK, or ENOSYS without VFS */
int is_vfs_reply(const message *m);
void vfs_reply(const message *m);
/* forkexit.c / exec.c: the second halves, once VFS has answered */
void fork_finish(struct mproc *parent, struct mproc *child, int child_ep);
void exec_finish(struct mproc *rmp);

/* srv.c: the calls only RS may make, and GETEPINFO */
int do_srv_fork(void);
int do_srv_exec(void);
int do_srv_kill(void);
int do_getepinfo(void);

/* ttysig.c: SIGINT/SIGQUIT from the terminal go to the target's whole group (1 = done) */
int tty_signal_group(struct mproc *target, int signo);

/* procinfo.c: PROCINFO (ps); timeofday.c: TIME (date) */
int do_procinfo(void);
int do_time(void);

/* vmcall.c: a request to VM and its answer (m_type), in *m. */
int vm_call(int type, message *m);

#endif /* PM_H */
