#include <minix/syslib.h>
#include <string.h>

int sys_safecopyto(int granter, int grant, uint32_t offset, const void *addr, size_t bytes)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i1 = granter;
    m.m2_i2 = VIR_ADDR;
    m.m2_i3 = grant;
    m.m2_l1 = (int32_t)offset;
    m.m2_p1 = (void *)addr;     /* the kernel only reads it */
    m.m2_l2 = (int32_t)bytes;
    return _kernel_call(SYS_SAFECOPYTO, &m);
}
