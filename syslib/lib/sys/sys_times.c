#include <minix/syslib.h>
#include <string.h>

int sys_times(int ep, uint32_t *user, uint32_t *sys, uint32_t *uptime)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m4_l1 = ep;
    r = _kernel_call(SYS_TIMES, &m);
    if (r != OK)
        return r;
    if (user != NULL)
        *user = (uint32_t)m.m4_l1;
    if (sys != NULL)
        *sys = (uint32_t)m.m4_l2;
    if (uptime != NULL)
        *uptime = (uint32_t)m.m4_l5;
    return OK;
}
