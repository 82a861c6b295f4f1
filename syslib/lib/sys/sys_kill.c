#include <minix/syslib.h>
#include <string.h>

int sys_kill(int ep, int sig)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i1 = ep;
    m.m2_i2 = sig;
    return _kernel_call(SYS_KILL, &m);
}
