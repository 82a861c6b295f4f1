#include <minix/syslib.h>
#include <string.h>

int sys_exec(int ep, uint32_t sp, const char *name, uint32_t pc)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = ep;
    m.m1_p1 = (void *)sp;       /* addresses in ep's memory, not the caller's */
    m.m1_p2 = (void *)name;     /* the kernel only reads it */
    m.m1_p3 = (void *)pc;
    return _kernel_call(SYS_EXEC, &m);
}
