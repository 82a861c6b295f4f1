#include <minix/syslib.h>
#include <string.h>

/* SYS_SDEVIO with DIO_SAFE: the pointer field carries the grant id, not an address. */
int sys_safe_sdevio(int kind, int port, int granter, int grant, uint32_t offset, int count)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i3 = kind | DIO_SAFE;
    m.m2_l1 = port;
    m.m2_p1 = (void *)grant;
    m.m2_i2 = granter;
    m.m2_i1 = (int32_t)offset;
    m.m2_l2 = count;
    return _kernel_call(SYS_SDEVIO, &m);
}
