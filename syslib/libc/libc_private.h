/*
 * libc_private.h -- private: how libc's wrappers talk to PM, VFS and VM.
 *
 * Include it FIRST: it brings <minix/abi.h> (the message, the call numbers and the
 * system's negative error numbers). A wrapper fills a message, sends it with SENDREC and
 * turns the reply into the POSIX convention: the result, or -1 with errno = -result.
 * Files that include this header never include <errno.h> (positive error numbers).
 */
#ifndef _LIBC_PRIVATE_H
#define _LIBC_PRIVATE_H

#include <string.h>
#include <minix/abi.h>

extern int errno;

/* Sets errno from a negative system error and returns -1. */
static inline int __libc_fail(int negative_error)
{
    errno = -negative_error;
    return -1;
}

/* SENDREC *m (type and fields already set) to who. Returns the reply's m_type when it
   is >= 0, else -1 with errno set (from the reply, or from the IPC failure itself). */
int __libc_call(int who, message *m);

/* A message to PM with only its type set. */
static inline int __libc_pm(int type, message *m)
{
    memset(m, 0, sizeof *m);
    m->m_type = type;
    return __libc_call(PM_PROC_NR, m);
}

/* A message to VFS with only its type set (the descriptor calls). */
static inline int __libc_vfs(int type, message *m)
{
    memset(m, 0, sizeof *m);
    m->m_type = type;
    return __libc_call(VFS_PROC_NR, m);
}

/* Runs the atexit handlers and flushes stdio (exit() and abort's last resort). */
void __libc_cleanup(void);

/* The break as libc believes it to be (sbrk/brk); 0 until the first use. */
extern char *__libc_curbrk;

/* The assembly trampoline every handler returns into (sigreturn.S). */
void __sigreturn(void);

/* Builds the EXEC frame (exec_frame.c); see there. */
long __libc_exec_frame(char *buf, size_t cap, char *const argv[], char *const envp[]);
long __libc_exec_frame_size(char *const argv[], char *const envp[]);

#endif /* _LIBC_PRIVATE_H */
