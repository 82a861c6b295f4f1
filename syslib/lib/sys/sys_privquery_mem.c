#include <minix/syslib.h>
#include <string.h>

/* SYS_PRIVCTL, SYS_PRIV_QUERY_MEM: the range travels in m2_l1/m2_l2, not through arg. */
int sys_privquery_mem(int ep, uint32_t base, uint32_t size)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i1 = ep;
    m.m2_i2 = SYS_PRIV_QUERY_MEM;
    m.m2_l1 = (int32_t)base;
    m.m2_l2 = (int32_t)size;
    return _kernel_call(SYS_PRIVCTL, &m);
}
