#include <minix/syslib.h>
#include <string.h>

int sys_irqctl(int request, int irq, int policy, int *hook_id)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m5_s1 = (int16_t)request;
    m.m5_s2 = (int16_t)irq;
    m.m5_i1 = policy;
    m.m5_l3 = *hook_id;
    r = _kernel_call(SYS_IRQCTL, &m);
    /* Only SETPOLICY hands out a hook id; the others echo nothing we need. */
    if (r == OK && request == IRQ_SETPOLICY)
        *hook_id = m.m5_l3;
    return r;
}

int sys_irqsetpolicy(int irq, int policy, int *hook_id)
{
    return sys_irqctl(IRQ_SETPOLICY, irq, policy, hook_id);
}

int sys_irqrmpolicy(int *hook_id)
{
    return sys_irqctl(IRQ_RMPOLICY, 0, 0, hook_id);
}

int sys_irqenable(int *hook_id)
{
    return sys_irqctl(IRQ_ENABLE, 0, 0, hook_id);
}

int sys_irqdisable(int *hook_id)
{
    return sys_irqctl(IRQ_DISABLE, 0, 0, hook_id);
}
