/*
 * dswatch.c -- testsvc's part in dstest's "subscriber that is itself restarted" check.
 *
 * The first instance subscribes to the u32 key "dstest.ping"; on each notification from DS
 * every marked key is taken (ds_check) and the ping's value is published back as
 * "testsvc.seen". A restarted instance does NOT subscribe again: DS keeps the subscription
 * under the label "testsvc" and notifies the new endpoint -- which is what dstest checks.
 */
#include <minix/ds.h>
#include <minix/sef.h>
#include <stdio.h>
#include <string.h>
#include "dswatch.h"

void dswatch_init(int type)
{
    int r;

    if (type != SEF_INIT_FRESH)
        return;
    r = ds_subscribe("dstest\\.ping", DSF_TYPE_U32 | DSF_OVERWRITE);
    if (r != OK)
        printf("cannot subscribe to dstest.ping: %d\n", r);
}

void dswatch_notified(void)
{
    char key[DS_MAX_KEYLEN];
    uint32_t v;

    while (ds_check(key, sizeof key, NULL, NULL) == OK) {
        if (strcmp(key, "dstest.ping") == 0 && ds_retrieve_u32(key, &v) == OK)
            ds_publish_u32("testsvc.seen", v, DSF_OVERWRITE);
    }
}
