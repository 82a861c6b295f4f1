/* minix/pm.h -- MINIX-specific PM calls of user programs. */
#ifndef _MINIX_PM_H
#define _MINIX_PM_H

#include <sys/types.h>

/* The pid of the process named name (a boot process's label or a program's name), and
   its endpoint in *endpoint if that is not NULL. -1 with ESRCH if there is none, EINVAL
   if the name is empty or too long for the message (43 bytes). */
pid_t getprocnr(const char *name, int *endpoint);

#endif /* _MINIX_PM_H */
