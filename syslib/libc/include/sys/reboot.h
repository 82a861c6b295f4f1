/* sys/reboot.h -- reboot(): halt, reboot or power off the machine (root only). */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

#include <sys/_abi.h>       /* RBT_HALT, RBT_REBOOT, RBT_PANIC, RBT_POWEROFF */

/* status: the machine's exit status (the emulator's), for RBT_HALT, RBT_PANIC and
   RBT_POWEROFF. Returns only on failure (-1, errno set). */
int reboot(int how, int status);

#endif /* _SYS_REBOOT_H */
