#include <minix/syslib.h>
#include <string.h>

int sys_schedctl(int flags, int ep, int priority, int quantum)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m9_l1 = flags;
    m.m9_l2 = ep;
    m.m9_l3 = quantum;
    m.m9_s4 = (int16_t)priority;
    return _kernel_call(SYS_SCHEDCTL, &m);
}
