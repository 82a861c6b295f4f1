#include <minix/syslib.h>
#include <string.h>

int sys_abort(int how, int status)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = how;
    m.m1_i2 = status;
    return _kernel_call(SYS_ABORT, &m);
}
