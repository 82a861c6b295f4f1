/* time.c -- TIMES: the caller's user and system ticks (m4_l1, m4_l2), those of its reaped
   children (m4_l3, m4_l4, collected at each wait) and the uptime in ticks (m4_l5). */
#include <minix/syslib.h>
#include "pm.h"

int do_times(void)
{
    uint32_t user = 0, sys = 0, up = 0;
    int r = sys_times(mp->endpoint, &user, &sys, &up);

    if (r != OK)
        return r;
    m_out.m4_l1 = (int32_t)user;
    m_out.m4_l2 = (int32_t)sys;
    m_out.m4_l3 = (int32_t)mp->child_utime;
    m_out.m4_l4 = (int32_t)mp->child_stime;
    m_out.m4_l5 = (int32_t)up;
    return OK;
}
