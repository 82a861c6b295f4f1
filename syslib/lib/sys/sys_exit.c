#include <minix/syslib.h>
#include <string.h>

int sys_exit(void)
{
    message m;

    memset(&m, 0, sizeof m);
    return _kernel_call(SYS_EXIT, &m);
}
