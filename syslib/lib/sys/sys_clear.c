#include <minix/syslib.h>
#include <string.h>

int sys_clear(int ep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = ep;
    return _kernel_call(SYS_CLEAR, &m);
}
