#include <minix/syslib.h>
#include <string.h>

int sys_getpriv(int ep, priv_spec *out)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m7_i3 = GET_PRIV;
    m.m7_i4 = ep;
    m.m7_p1 = out;
    m.m7_i1 = (int32_t)sizeof *out;
    return _kernel_call(SYS_GETINFO, &m);
}
