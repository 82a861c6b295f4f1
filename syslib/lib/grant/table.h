/*
 * table.h -- private: the caller's grant table (table.c), shared by the cpf_* functions.
 */
#ifndef _SYSLIB_GRANT_TABLE_H
#define _SYSLIB_GRANT_TABLE_H

#include <minix/safecopies.h>

/* The registered table and its number of entries (NULL and 0 until the first grant). */
extern cp_grant *__syslib_grant_table;
extern int __syslib_grant_entries;

/* Returns the id of the lowest free entry, growing (or creating) the table when none is
   free, or GRANT_INVALID if that fails. The entry is zero; the caller fills it in. */
cp_grant_id_t __syslib_grant_slot(void);

/* Non-zero if access is CPF_READ, CPF_WRITE or both. */
static inline int __syslib_grant_access_ok(int access)
{
    return access != 0 && (access & ~(CPF_READ | CPF_WRITE)) == 0;
}

#endif
