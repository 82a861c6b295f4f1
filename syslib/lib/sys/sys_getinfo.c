#include <minix/syslib.h>
#include <string.h>

static int getinfo(message *m, int request, void *buf, size_t len)
{
    memset(m, 0, sizeof *m);
    m->m7_i3 = request;
    m->m7_p1 = buf;
    m->m7_i1 = (int32_t)len;
    return _kernel_call(SYS_GETINFO, m);
}

int sys_getinfo(int request, void *buf, size_t len)
{
    message m;

    return getinfo(&m, request, buf, len);
}

int sys_whoami(int *ep, char *name, size_t len, int *privflags)
{
    message m;
    int r;

    r = getinfo(&m, GET_WHOAMI, NULL, 0);
    if (r != OK)
        return r;
    if (ep != NULL)
        *ep = m.m3_i1;
    if (privflags != NULL)
        *privflags = m.m3_i2;
    if (name != NULL && len > 0) {
        /* Do not trust the terminator: stop at the end of the field either way. */
        size_t n = strnlen(m.m3_ca1, sizeof m.m3_ca1);

        if (n > len - 1)
            n = len - 1;
        memcpy(name, m.m3_ca1, n);
        name[n] = '\0';
    }
    return OK;
}

int sys_hz(void)
{
    message m;
    int r;

    r = getinfo(&m, GET_HZ, NULL, 0);
    if (r != OK)
        return r;
    return m.m7_i1 > 0 ? m.m7_i1 : EGENERIC;
}
