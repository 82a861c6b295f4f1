#include <minix/syslib.h>
#include <string.h>

int sys_vsafecopy(vscp_vec *vec, int count)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_p1 = vec;
    m.m2_l2 = count;
    return _kernel_call(SYS_VSAFECOPY, &m);
}
