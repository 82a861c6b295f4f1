#include <minix/syslib.h>
#include <string.h>

int sys_schedule(int ep, int priority, int quantum)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m9_l1 = ep;
    m.m9_l2 = quantum;
    m.m9_s1 = (int16_t)priority;
    return _kernel_call(SYS_SCHEDULE, &m);
}
