#include <minix/syslib.h>
#include <string.h>

int sys_getproc(int slot, proc_info *info)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m7_i3 = GET_PROC;
    m.m7_i4 = slot;
    m.m7_p1 = info;
    m.m7_i1 = (int32_t)sizeof *info;
    return _kernel_call(SYS_GETINFO, &m);
}
