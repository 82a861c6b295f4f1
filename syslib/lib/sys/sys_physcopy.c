#include <minix/syslib.h>
#include <string.h>

/* A side named by NONE is physical memory; any other endpoint names a virtual address. */
static int16_t segment(int ep)
{
    return ep == NONE ? PHYS_SEG : VIR_ADDR;
}

int sys_physcopy(int src_ep, uint32_t src, int dst_ep, uint32_t dst, size_t bytes)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m5_s1 = segment(src_ep);
    m.m5_i1 = src_ep;
    m.m5_l1 = (int32_t)src;
    m.m5_s2 = segment(dst_ep);
    m.m5_i2 = dst_ep;
    m.m5_l2 = (int32_t)dst;
    m.m5_l3 = (int32_t)bytes;
    return _kernel_call(SYS_PHYSCOPY, &m);
}
