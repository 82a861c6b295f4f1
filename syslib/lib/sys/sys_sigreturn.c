#include <minix/syslib.h>
#include <string.h>

int sys_sigreturn(int ep, sigcontext *ctx)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i1 = ep;
    m.m2_p1 = ctx;
    return _kernel_call(SYS_SIGRETURN, &m);
}
