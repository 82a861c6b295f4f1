#include <minix/syslib.h>
#include <string.h>

int sys_privctl(int ep, int request, void *arg)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i1 = ep;
    m.m2_i2 = request;
    m.m2_p1 = arg;
    return _kernel_call(SYS_PRIVCTL, &m);
}
