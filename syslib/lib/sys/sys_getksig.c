#include <minix/syslib.h>
#include <string.h>

int sys_getksig(int *ep, uint32_t *sigset)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    r = _kernel_call(SYS_GETKSIG, &m);
    if (r != OK)
        return r;
    if (ep != NULL)
        *ep = m.m2_i1;
    if (sigset != NULL)
        *sigset = (uint32_t)m.m2_l1;
    return OK;
}
