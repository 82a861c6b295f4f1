/* ds_delete.c -- DS_DELETE of each type (see <minix/ds.h>). */
#include <string.h>
#include "ds_call.h"

static int delete_key(const char *key, int type)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m2_i2 = type;
    return __ds_key_call(DS_DELETE, key, &m);
}

int ds_delete_u32(const char *key)
{
    return delete_key(key, DSF_TYPE_U32);
}

int ds_delete_str(const char *key)
{
    return delete_key(key, DSF_TYPE_STR);
}

int ds_delete_mem(const char *key)
{
    return delete_key(key, DSF_TYPE_MEM);
}

int ds_delete_label(const char *label)
{
    return delete_key(label, DSF_TYPE_LABEL);
}
