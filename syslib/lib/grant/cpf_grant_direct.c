#include <stdint.h>
#include "table.h"

cp_grant_id_t cpf_grant_direct(int who, const void *addr, size_t bytes, int access)
{
    cp_grant_id_t gid;
    cp_direct *g;

    if (!__syslib_grant_access_ok(access))
        return GRANT_INVALID;
    gid = __syslib_grant_slot();
    if (gid == GRANT_INVALID)
        return GRANT_INVALID;
    g = &__syslib_grant_table[gid].direct;
    g->endpt = who;
    g->start = (uint32_t)(uintptr_t)addr;
    g->len = (uint32_t)bytes;
    /* Last: the entry counts as a grant only once it is complete. */
    g->flags = CPF_USED | CPF_VALID | CPF_DIRECT | (uint32_t)access;
    return gid;
}
