#include <minix/syslib.h>
#include <string.h>

int sys_runctl(int ep, int action, int flags)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = ep;
    m.m1_i2 = action;
    m.m1_i3 = flags;
    return _kernel_call(SYS_RUNCTL, &m);
}
