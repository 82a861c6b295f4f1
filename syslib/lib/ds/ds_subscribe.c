/* ds_subscribe.c -- DS_SUBSCRIBE and DS_CHECK (see <minix/ds.h>). */
#include <string.h>
#include <minix/safecopies.h>
#include "ds_call.h"

int ds_subscribe(const char *pattern, int flags)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i2 = flags;
    return __ds_key_call(DS_SUBSCRIBE, pattern, &m);
}

int ds_check(char *key, size_t len, int *type, int *owner)
{
    message m;
    int r;

    if (key == NULL || len == 0)
        return EINVAL;
    memset(&m, 0, sizeof m);
    r = __ds_call(DS_CHECK, key, len, CPF_WRITE, &m);
    if (r != OK)
        return r;
    key[len - 1] = '\0';
    if (type != NULL)
        *type = m.m2_i2;
    if (owner != NULL)
        *owner = m.m2_i3;
    return OK;
}
