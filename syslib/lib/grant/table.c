/*
 * table.c -- the grant table's storage: finding a free entry, growing the table.
 */
#include <limits.h>
#include <minix/syslib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "table.h"

cp_grant *__syslib_grant_table;
int __syslib_grant_entries;

/* Replaces the table by a copy with (n + 1) * 2 entries, the new ones free. The new table
   is registered before the old one is freed, so the kernel never reads freed memory. On
   failure the old table stays registered and unchanged. Returns 0 or -1. */
static int grow(void)
{
    int n = __syslib_grant_entries;
    int size;
    cp_grant *table;

    if (n > INT_MAX / 2 - 1)
        return -1;
    size = (n + 1) * 2;
    if ((size_t)size > SIZE_MAX / sizeof *table)
        return -1;
    table = malloc((size_t)size * sizeof *table);
    if (table == NULL)
        return -1;
    if (n > 0)
        memcpy(table, __syslib_grant_table, (size_t)n * sizeof *table);
    memset(table + n, 0, (size_t)(size - n) * sizeof *table);
    if (sys_setgrant(table, size) != OK) {
        free(table);
        return -1;
    }
    if (__syslib_grant_table != NULL)
        free(__syslib_grant_table);
    __syslib_grant_table = table;
    __syslib_grant_entries = size;
    return 0;
}

cp_grant_id_t __syslib_grant_slot(void)
{
    int i, n = __syslib_grant_entries;

    for (i = 0; i < n; i++) {
        if (__syslib_grant_table[i].flags == 0) {
            /* A revoked entry keeps its old fields; clear them (flags stays 0 throughout). */
            memset(&__syslib_grant_table[i], 0, sizeof __syslib_grant_table[i]);
            return i;
        }
    }
    /* Full (or no table yet): the first new entry is free. */
    if (grow() != 0)
        return GRANT_INVALID;
    return n;
}
