#include <minix/syslib.h>
#include <string.h>

/* One port access. kind = DIO_INPUT or DIO_OUTPUT | DIO_BYTE, DIO_WORD or DIO_LONG. */
static int devio(int kind, int port, uint32_t *value)
{
    uint32_t mask = (kind & DIO_TYPE_MASK) == DIO_BYTE ? 0xFFu
                  : (kind & DIO_TYPE_MASK) == DIO_WORD ? 0xFFFFu
                  : 0xFFFFFFFFu;
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m2_i3 = kind;
    m.m2_l1 = port;
    if ((kind & DIO_DIRECTION_MASK) == DIO_OUTPUT)
        m.m2_l2 = (int32_t)(*value & mask);
    r = _kernel_call(SYS_DEVIO, &m);
    if (r == OK && (kind & DIO_DIRECTION_MASK) == DIO_INPUT)
        *value = (uint32_t)m.m2_l2 & mask;
    return r;
}

int sys_inb(int port, uint32_t *value)
{
    return devio(DIO_INPUT | DIO_BYTE, port, value);
}

int sys_inw(int port, uint32_t *value)
{
    return devio(DIO_INPUT | DIO_WORD, port, value);
}

int sys_inl(int port, uint32_t *value)
{
    return devio(DIO_INPUT | DIO_LONG, port, value);
}

int sys_outb(int port, uint32_t value)
{
    return devio(DIO_OUTPUT | DIO_BYTE, port, &value);
}

int sys_outw(int port, uint32_t value)
{
    return devio(DIO_OUTPUT | DIO_WORD, port, &value);
}

int sys_outl(int port, uint32_t value)
{
    return devio(DIO_OUTPUT | DIO_LONG, port, &value);
}
