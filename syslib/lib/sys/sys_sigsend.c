#include <minix/syslib.h>
#include <string.h>

int sys_sigsend(int ep, sigmsg *msg)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i1 = ep;
    m.m2_p1 = msg;
    return _kernel_call(SYS_SIGSEND, &m);
}
