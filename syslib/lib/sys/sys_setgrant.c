#include <minix/syslib.h>
#include <string.h>

int sys_setgrant(void *table, int entries)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_p1 = table;
    m.m2_i2 = entries;
    return _kernel_call(SYS_SETGRANT, &m);
}
