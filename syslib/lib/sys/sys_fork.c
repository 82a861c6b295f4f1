#include <minix/syslib.h>
#include <string.h>

int sys_fork(int parent, int child_slot, int flags, int *child_ep)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m1_i1 = parent;
    m.m1_i2 = child_slot;
    m.m1_i3 = flags;
    r = _kernel_call(SYS_FORK, &m);
    if (r == OK && child_ep != NULL)
        *child_ep = m.m1_i1;
    return r;
}
