#include <minix/syslib.h>
#include <string.h>

int sys_endksig(int ep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i1 = ep;
    return _kernel_call(SYS_ENDKSIG, &m);
}
