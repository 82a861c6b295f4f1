/* reboot.c -- reboot(): REBOOT with m1_i1 how, m1_i2 the machine's exit status (root only). */
#include "../libc_private.h"
#include <sys/reboot.h>

int reboot(int how, int status)
{
    message m;

    if (how != RBT_HALT && how != RBT_REBOOT && how != RBT_PANIC && how != RBT_POWEROFF)
        return __libc_fail(EINVAL);
    memset(&m, 0, sizeof m);
    m.m_type = REBOOT;
    m.m1_i1 = how;
    m.m1_i2 = status;
    __libc_call(PM_PROC_NR, &m);
    return -1;                      /* a reply means PM refused (EPERM, ...) */
}
