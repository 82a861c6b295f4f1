#include "table.h"

cp_grant_id_t cpf_grant_indirect(int who, int granter, cp_grant_id_t gid)
{
    cp_grant_id_t id;
    cp_indirect *g;

    id = __syslib_grant_slot();
    if (id == GRANT_INVALID)
        return GRANT_INVALID;
    g = &__syslib_grant_table[id].indirect;
    g->endpt = who;
    g->from = granter;
    g->gid = gid;
    /* Last: the entry counts as a grant only once it is complete. */
    g->flags = CPF_USED | CPF_VALID | CPF_INDIRECT;
    return id;
}
