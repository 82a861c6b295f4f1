/* diag_for.c -- SYS_SYSCTL SYSCTL_CODE_DIAG_FOR: the console path of a user program's
   write() on fd 1 and 2 until VFS and tty exist (syslib has only sys_diag, for the caller's
   own text). The kernel prints the text under the label of the process in m1_i3 and accepts
   it only from that process's signal manager, PM. */
#include <minix/syslib.h>
#include <string.h>
#include "pm.h"

int sys_diag_for(int endpoint, const char *text, size_t len)
{
    message m;

    if (len > DIAG_MAX_LENGTH)
        return EINVAL;
    memset(&m, 0, sizeof m);
    m.m1_i1 = SYSCTL_CODE_DIAG_FOR;
    m.m1_p1 = (void *)text;
    m.m1_i2 = (int32_t)len;
    m.m1_i3 = endpoint;
    return _kernel_call(SYS_SYSCTL, &m);
}
