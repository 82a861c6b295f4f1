/*
 * signal.h -- signals (numbers from abi/minix.abi through <sys/_abi.h>).
 *
 * A sigset_t holds bit (1 << signo) for each signal, as the kernel and PM do; 1..NSIG-1
 * are valid (26 and up are the kernel's own signals, which PM never delivers to users).
 * Handlers run on the process's stack and return through libc's __sigreturn trampoline.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include <sys/_abi.h>

typedef uint32_t sigset_t;
typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

/* <minix/abi.h> defines these as plain numbers; here they are handlers. */
#undef SIG_DFL
#undef SIG_IGN
#undef SIG_ERR
#define SIG_DFL ((sighandler_t)__ABI_SIG_DFL)
#define SIG_IGN ((sighandler_t)__ABI_SIG_IGN)
#define SIG_ERR ((sighandler_t)__ABI_SIG_ERR)

/* Laid out as the ABI's sigaction_desc, which PM reads (checked in libc). */
struct sigaction {
    sighandler_t sa_handler;
    sigset_t sa_mask;       /* blocked while the handler runs (the signal itself too,
                               unless SA_NODEFER) */
    int sa_flags;           /* SA_RESETHAND, SA_NODEFER, ...; SA_SIGINFO is not supported */
};

/* SIGKILL and SIGSTOP cannot be caught or ignored: EINVAL. */
int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old);
/* sigaction with an empty mask and no flags; SIG_ERR (errno set) on failure. */
sighandler_t signal(int sig, sighandler_t handler);

int kill(pid_t pid, int sig);
int raise(int sig);

/* how: SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK; set NULL only asks for the current mask. */
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old);
int sigpending(sigset_t *set);
/* Waits with the given mask until a caught signal's handler has run: always -1, EINTR. */
int sigsuspend(const sigset_t *mask);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

#endif /* _SIGNAL_H */
