#include <minix/syslib.h>
#include <string.h>

int sys_vircopy(int src_ep, uint32_t src_addr, int dst_ep, uint32_t dst_addr, size_t bytes)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m5_s1 = VIR_ADDR;
    m.m5_i1 = src_ep;
    m.m5_l1 = (int32_t)src_addr;
    m.m5_s2 = VIR_ADDR;
    m.m5_i2 = dst_ep;
    m.m5_l2 = (int32_t)dst_addr;
    m.m5_l3 = (int32_t)bytes;
    return _kernel_call(SYS_VIRCOPY, &m);
}
