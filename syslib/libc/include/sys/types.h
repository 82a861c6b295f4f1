/* sys/types.h -- the POSIX scalar types of user programs (i386: int and long are 32 bits). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int pid_t;
typedef int uid_t;
typedef int gid_t;
typedef int ssize_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef long clock_t;
typedef long time_t;

#endif /* _SYS_TYPES_H */
