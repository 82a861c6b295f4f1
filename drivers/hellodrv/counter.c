/*
 * counter.c -- the open counter, kept across crashes in DS.
 *
 * Every open increments the counter and publishes it (u32 HELLO_COUNTER_KEY, overwriting)
 * before the open is answered, so a crash at any point after an answered open loses
 * nothing. A restarted instance reads it back in its init callback. DS names the owner by
 * label, so the new instance (new endpoint, same label) owns and may overwrite the entry.
 * A fresh start does not talk to DS at all: DS may not have been initialised yet, and there
 * is nothing to read.
 *
 * Live update: the old version's state_save publishes the count once more (counter_save; it
 * is already there after every open, this makes sure), the new version's init_lu reads it
 * back like a restart does. The entry is NOT deleted after the transfer (MINIX's hello
 * deletes it): here it is also the copy a crash of the new version restarts from, and a crash
 * before the next open would otherwise restart the count at 0.
 */
#include <minix/ds.h>
#include <stdio.h>
#include "hello.h"

static uint32_t open_counter;

uint32_t counter_get(void)
{
    return open_counter;
}

int counter_restore(void)
{
    uint32_t saved;
    int r = ds_retrieve_u32(HELLO_COUNTER_KEY, &saved);

    if (r == ESRCH) {
        /* The previous instance died before its first open: nothing was saved. */
        open_counter = 0;
        return OK;
    }
    if (r != OK)
        return r;
    open_counter = saved;
    return OK;
}

int counter_increment(void)
{
    int r = ds_publish_u32(HELLO_COUNTER_KEY, open_counter + 1, DSF_OVERWRITE);

    if (r != OK) {
        /* Not counted: the count in memory and in DS stay equal. */
        printf("cannot save the open counter in DS: %d\n", r);
        return r;
    }
    open_counter++;
    return OK;
}

int counter_save(void)
{
    int r = ds_publish_u32(HELLO_COUNTER_KEY, open_counter, DSF_OVERWRITE);

    if (r != OK)
        printf("cannot save the open counter for the new version: %d\n", r);
    return r;
}
