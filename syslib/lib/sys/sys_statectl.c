#include <minix/syslib.h>
#include <string.h>

int sys_statectl(int request)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i2 = request;
    return _kernel_call(SYS_STATECTL, &m);
}
