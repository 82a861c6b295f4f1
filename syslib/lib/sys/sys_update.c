#include <minix/syslib.h>
#include <string.h>

int sys_update(int src, int dst)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = src;
    m.m1_i2 = dst;
    return _kernel_call(SYS_UPDATE, &m);
}
