/* unistd.h -- the subset of POSIX that syslib provides so far. */
#ifndef _UNISTD_H
#define _UNISTD_H

/* Ends the calling process with the given status. Never returns. */
_Noreturn void _exit(int status);

#endif /* _UNISTD_H */
