#include <minix/syslib.h>
#include <string.h>

int sys_vdevio(int kind, pv_pair *pairs, int count)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i3 = kind;
    m.m2_p1 = pairs;
    m.m2_l2 = count;
    return _kernel_call(SYS_VDEVIO, &m);
}
