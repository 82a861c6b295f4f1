#include <minix/syslib.h>
#include <string.h>

int sys_sdevio(int kind, int port, void *addr, int count)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i3 = kind;
    m.m2_l1 = port;
    m.m2_p1 = addr;
    m.m2_l2 = count;
    return _kernel_call(SYS_SDEVIO, &m);
}
