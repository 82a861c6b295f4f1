#include <minix/syslib.h>
#include <string.h>

int sys_setalarm(uint32_t ticks, int absolute)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_l1 = (int32_t)ticks;
    m.m2_i2 = absolute;
    return _kernel_call(SYS_SETALARM, &m);
}
