/* ds_retrieve.c -- DS_RETRIEVE of each type, and DS_RETRIEVE_LABEL (see <minix/ds.h>). */
#include <string.h>
#include <minix/safecopies.h>
#include "ds_call.h"

/* U32 or LABEL: the value comes back in m2_l1. */
static int retrieve_value(const char *key, int type, uint32_t *value)
{
    message m;
    int r;

    memset(&m, 0, sizeof m);
    m.m2_i2 = type;
    r = __ds_key_call(DS_RETRIEVE, key, &m);
    if (r == OK && value != NULL)
        *value = (uint32_t)m.m2_l1;
    return r;
}

/* STR or MEM: DS writes into buf through a grant; *len in: its size, out: bytes copied. */
static int retrieve_data(const char *key, int type, void *buf, size_t *len)
{
    message m;
    cp_grant_id_t gid;
    int r;

    if (len == NULL || (buf == NULL && *len > 0))
        return EINVAL;
    gid = cpf_grant_direct(DS_PROC_NR, buf, *len, CPF_WRITE);
    if (gid == GRANT_INVALID)
        return ENOMEM;
    memset(&m, 0, sizeof m);
    m.m2_i2 = type;
    m.m2_l1 = gid;
    m.m2_l2 = (int32_t)*len;
    r = __ds_key_call(DS_RETRIEVE, key, &m);
    cpf_revoke(gid);
    if (r == OK)
        *len = (size_t)m.m2_l2;
    return r;
}

int ds_retrieve_u32(const char *key, uint32_t *value)
{
    return retrieve_value(key, DSF_TYPE_U32, value);
}

int ds_retrieve_label(const char *label, int *endpoint)
{
    uint32_t v;
    int r = retrieve_value(label, DSF_TYPE_LABEL, &v);

    if (r == OK && endpoint != NULL)
        *endpoint = (int)v;
    return r;
}

int ds_retrieve_str(const char *key, char *value, size_t len)
{
    size_t n = len;
    int r;

    if (value == NULL || len == 0)
        return EINVAL;
    r = retrieve_data(key, DSF_TYPE_STR, value, &n);
    /* DS ends what it copies with a NUL; make sure of it whatever happened. */
    if (r == OK)
        value[n > 0 ? n - 1 : 0] = '\0';
    return r;
}

int ds_retrieve_mem(const char *key, void *data, size_t *len)
{
    return retrieve_data(key, DSF_TYPE_MEM, data, len);
}

int ds_retrieve_label_name(int endpoint, char *label, size_t len)
{
    message m;
    int r;

    if (label == NULL || len == 0)
        return EINVAL;
    memset(&m, 0, sizeof m);
    m.m2_l1 = endpoint;
    r = __ds_call(DS_RETRIEVE_LABEL, label, len, CPF_WRITE, &m);
    if (r == OK)
        label[len - 1] = '\0';
    return r;
}
