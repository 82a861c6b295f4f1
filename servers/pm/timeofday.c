/*
 * timeofday.c -- TIME: the time of day, from the boot time the kernel reads once from the
 * CMOS clock (SYS_TIMES m4_l3, seconds since 1970) plus the uptime in ticks.
 * Reply m2_l1 seconds, m2_l2 microseconds. libsys's sys_times does not return the boot time,
 * so the kernel is asked directly here.
 */
#include <minix/syslib.h>
#include <string.h>
#include "pm.h"

int do_time(void)
{
    message m;
    uint32_t boot, up;
    int hz = pm_hz > 0 ? pm_hz : 60, r;

    memset(&m, 0, sizeof m);
    m.m4_l1 = SELF;
    r = _kernel_call(SYS_TIMES, &m);
    if (r != OK)
        return r;
    boot = (uint32_t)m.m4_l3;
    up = (uint32_t)m.m4_l5;
    m_out.m2_l1 = (int32_t)(boot + up / (uint32_t)hz);
    m_out.m2_l2 = (int32_t)((up % (uint32_t)hz) * 1000000u / (uint32_t)hz);
    return OK;
}
