/* ds_call.c -- grant the key, SENDREC to DS, revoke. */
#include <string.h>
#include <minix/safecopies.h>
#include "ds_call.h"

int __ds_call(int type, const void *buf, size_t size, int access, message *m)
{
    cp_grant_id_t gid;
    int r;

    /* m2_s1 is 16 bits; a key that long is refused by DS whatever its exact size. */
    if (size > DS_MAX_KEYLEN + 1)
        size = DS_MAX_KEYLEN + 1;
    gid = cpf_grant_direct(DS_PROC_NR, buf, size, access);
    if (gid == GRANT_INVALID)
        return ENOMEM;
    m->m_type = type;
    m->m2_i1 = gid;
    m->m2_s1 = (int16_t)size;
    r = ipc_sendrec(DS_PROC_NR, m);
    cpf_revoke(gid);
    return r != OK ? r : m->m_type;
}

int __ds_key_call(int type, const char *key, message *m)
{
    if (key == NULL)
        return EINVAL;
    return __ds_call(type, key, strlen(key) + 1, CPF_READ, m);
}
