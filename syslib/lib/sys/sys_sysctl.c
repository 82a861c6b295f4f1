#include <minix/syslib.h>
#include <string.h>

/* SYS_SYSCTL, SYSCTL_CODE_DIAG: the kernel prints len bytes at text. */
int sys_diag(const char *text, size_t len)
{
    message m;
    int r;

    while (len > 0) {
        size_t n = len < DIAG_MAX_LENGTH ? len : DIAG_MAX_LENGTH;

        memset(&m, 0, sizeof m);
        m.m1_i1 = SYSCTL_CODE_DIAG;
        m.m1_p1 = (void *)text;
        m.m1_i2 = (int32_t)n;
        r = _kernel_call(SYS_SYSCTL, &m);
        if (r != OK)
            return r;
        text += n;
        len -= n;
    }
    return OK;
}
