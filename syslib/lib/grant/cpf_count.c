#include "table.h"

int cpf_count(void)
{
    return __syslib_grant_entries;
}
