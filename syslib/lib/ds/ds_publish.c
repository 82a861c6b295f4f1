/* ds_publish.c -- DS_PUBLISH of each type (see <minix/ds.h>). */
#include <string.h>
#include <minix/safecopies.h>
#include "ds_call.h"

/* A number-like value: U32 or LABEL, carried in m2_l1. */
static int publish_value(const char *key, int type, uint32_t value, int flags)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i2 = type | flags;
    m.m2_l1 = (int32_t)value;
    return __ds_key_call(DS_PUBLISH, key, &m);
}

/* A data value: STR or MEM, granted to DS for reading for the length of the call. */
static int publish_data(const char *key, int type, const void *data, size_t len, int flags)
{
    message m;
    cp_grant_id_t gid;
    int r;

    if (data == NULL && len > 0)
        return EINVAL;
    gid = cpf_grant_direct(DS_PROC_NR, data, len, CPF_READ);
    if (gid == GRANT_INVALID)
        return ENOMEM;
    memset(&m, 0, sizeof m);
    m.m2_i2 = type | flags;
    m.m2_l1 = gid;
    m.m2_l2 = (int32_t)len;
    r = __ds_key_call(DS_PUBLISH, key, &m);
    cpf_revoke(gid);
    return r;
}

int ds_publish_u32(const char *key, uint32_t value, int flags)
{
    return publish_value(key, DSF_TYPE_U32, value, flags);
}

int ds_publish_label(const char *label, int endpoint, int flags)
{
    return publish_value(label, DSF_TYPE_LABEL, (uint32_t)endpoint, flags);
}

int ds_publish_str(const char *key, const char *value, int flags)
{
    if (value == NULL)
        return EINVAL;
    return publish_data(key, DSF_TYPE_STR, value, strlen(value) + 1, flags);
}

int ds_publish_mem(const char *key, const void *data, size_t len, int flags)
{
    return publish_data(key, DSF_TYPE_MEM, data, len, flags);
}
