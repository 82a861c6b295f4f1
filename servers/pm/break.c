/* break.c -- BRK (m1_p1 the new break): VM moves it (VM_BRK) and owns the limit. The reply is
   0 with m2_p1 = the break now, or ENOMEM with m2_p1 = -1 (the break stays where it was). */
#include <string.h>
#include "pm.h"

int do_brk(void)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m1_i1 = mp->endpoint;
    m.m1_p1 = m_in.m1_p1;
    r = vm_call(VM_BRK, &m);
    if (r != OK) {
        m_out.m2_p1 = (void *)-1;
        return r == EINVAL || r == EFAULT ? r : ENOMEM;
    }
    m_out.m2_p1 = m.m1_p1;
    return OK;
}
