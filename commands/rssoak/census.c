/*
 * census.c -- the resources a crash must not leak, counted from a user program.
 *
 *   processes, free pages   VM_INFO (vm_info): a dead instance whose slot or memory was
 *                           not given back shows here.
 *   DS entries              DS has no count request, so we subscribe (as our own user owner)
 *                           to every key, ".*" with DSF_INITIAL, which marks each entry there
 *                           is, and take the marks one by one with ds_check until ENOENT.
 *                           DSF_OVERWRITE replaces the subscription of an earlier census.
 *   our grant table         cpf_count(): the soak revokes every grant it makes, so the table
 *                           must not have grown (its size is set by the most grants ever in
 *                           use at once).
 * The kernel's grant and slot tables of the services are not visible to a user program;
 * VM's process count stands for the slots.
 */
#include "rssoak.h"
#include <minix/vm.h>

static int count_ds_entries(int *count)
{
    char key[DS_MAX_KEYLEN];
    int r, n = 0;

    r = ds_subscribe(".*", DSF_INITIAL | DSF_OVERWRITE);
    if (r != OK)
        return r;
    while ((r = ds_check(key, sizeof key, NULL, NULL)) == OK)
        n++;
    if (r != ENOENT)
        return r;
    *count = n;
    return OK;
}

int census_take(struct census *c)
{
    vm_stats st;
    int r;

    if (vm_info(&st) != 0)
        return EGENERIC;
    c->processes = st.processes;
    c->free_pages = st.free_pages;
    r = count_ds_entries(&c->ds_entries);
    if (r != OK)
        return r;
    c->grant_slots = cpf_count();
    return OK;
}
