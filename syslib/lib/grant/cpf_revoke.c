#include "table.h"

int cpf_revoke(cp_grant_id_t gid)
{
    if (gid < 0 || gid >= __syslib_grant_entries || __syslib_grant_table[gid].flags == 0)
        return EINVAL;
    __syslib_grant_table[gid].flags = 0;
    return OK;
}
