#include <minix/syslib.h>
#include <string.h>

int sys_vmctl(int ep, int request, uint32_t value)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = ep;
    m.m1_i2 = request;
    m.m1_i3 = (int32_t)value;
    return _kernel_call(SYS_VMCTL, &m);
}
