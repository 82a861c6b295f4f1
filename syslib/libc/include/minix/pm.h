/* minix/pm.h -- MINIX-specific PM calls of user programs. */
#ifndef _MINIX_PM_H
#define _MINIX_PM_H

#include <sys/types.h>

/* The pid of the process named name (a boot process's label or a program's name), and
   its endpoint in *endpoint if that is not NULL. -1 with ESRCH if there is none, EINVAL
   if the name is empty or too long for the message (43 bytes). */
pid_t getprocnr(const char *name, int *endpoint);

/* PROCINFO (ours): fills buf with up to n entries of the process table (kernel tasks, then
   PM's processes, zombies too); returns the number written and, in *total if not NULL, the
   number there are. -1 with errno on failure. */
#include <sys/_abi.h>       /* proc_entry, PSF_* */
int getprocinfo(proc_entry *buf, int n, int *total);

#endif /* _MINIX_PM_H */
