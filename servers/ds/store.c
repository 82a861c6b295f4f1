/*
 * store.c -- the entry table: finding entries, making room, removing them, and the label
 * entries DS uses to name and find services.
 */
#include <stdlib.h>
#include <string.h>
#include "ds.h"

struct entry entries[DS_NR_KEYS];

int entry_index(const struct entry *e)
{
    return (int)(e - entries);
}

static int type_of(const struct entry *e)
{
    return (int)(e->flags & DSF_MASK_TYPE);
}

struct entry *entry_find(const char *key, uint32_t type)
{
    int i;

    for (i = 0; i < DS_NR_KEYS; i++)
        if ((entries[i].flags & DSF_IN_USE) && (uint32_t)type_of(&entries[i]) == type
            && strcmp(entries[i].key, key) == 0)
            return &entries[i];
    return NULL;
}

/* Makes a slot free: no value, no marks (the caller has cleared them). */
static void entry_clear(struct entry *e)
{
    free(e->data);
    memset(e, 0, sizeof *e);
}

/* The slot a new entry (key, type) goes into: the tombstone of the same key and type if
   there is one (its marks stay: the subscribers still have to hear of it), else a free
   slot, else the oldest-indexed tombstone, reclaimed (its marks are dropped). NULL if every
   slot holds a live entry. The slot comes back with its flags 0 and its key set. */
struct entry *entry_slot_for(const char *key, uint32_t type)
{
    struct entry *e = NULL;
    int i;

    for (i = 0; i < DS_NR_KEYS && e == NULL; i++)
        if (entries[i].flags == type && strcmp(entries[i].key, key) == 0)
            e = &entries[i];
    for (i = 0; i < DS_NR_KEYS && e == NULL; i++)
        if (entries[i].flags == 0)
            e = &entries[i];
    for (i = 0; i < DS_NR_KEYS && e == NULL; i++)
        if (!(entries[i].flags & DSF_IN_USE)) {
            sub_unmark_all(i);
            e = &entries[i];
        }
    if (e == NULL)
        return NULL;
    if (strcmp(e->key, key) != 0 || e->flags != type) {
        entry_clear(e);
        strlcpy(e->key, key, sizeof e->key);
    }
    e->flags = 0;
    return e;
}

/* A tombstone nobody has marked any more becomes a free slot. */
void entry_settle(struct entry *e)
{
    if (e->flags != 0 && !(e->flags & DSF_IN_USE) && !sub_marked_anywhere(entry_index(e)))
        entry_clear(e);
}

/* Deletes a live entry: its value goes, the subscribers that match it are marked and told,
   and it stays a tombstone until they have all seen it. */
void entry_remove(struct entry *e)
{
    free(e->data);
    e->data = NULL;
    e->len = 0;
    e->value = 0;
    e->flags &= DSF_MASK_TYPE;
    sub_changed(e);
    entry_settle(e);
}

int label_endpoint(const char *label)
{
    struct entry *e = entry_find(label, DSF_TYPE_LABEL);

    return e != NULL ? (int)e->value : NONE;
}

const char *label_of(int ep)
{
    int i;

    if (ep == NONE)
        return NULL;
    for (i = 0; i < DS_NR_KEYS; i++)
        if ((entries[i].flags & DSF_IN_USE) && type_of(&entries[i]) == DSF_TYPE_LABEL
            && (int)entries[i].value == ep)
            return entries[i].key;
    return NULL;
}

/* A label is going away (RS deleted it): its subscription and every entry it owns go too
   (facts section 10). The label entry itself is RS's, deleted by the caller. */
void delete_label_owner(const char *label)
{
    struct sub *s = sub_find(label);
    int i;

    if (s != NULL)
        sub_drop(s);
    for (i = 0; i < DS_NR_KEYS; i++)
        if ((entries[i].flags & DSF_IN_USE) && strcmp(entries[i].owner, label) == 0)
            entry_remove(&entries[i]);
}

/* User processes cannot tell DS they are gone: what a dead one owned is dropped here. Each
   user-owned entry or subscription costs one kernel call. */
void sweep_dead_users(void)
{
    int i, ep;

    for (i = 0; i < DS_NR_SUBS; i++) {
        if (!subs[i].in_use)
            continue;
        ep = owner_user_endpoint(subs[i].owner);
        if (ep != NONE && !endpoint_alive(ep))
            sub_drop(&subs[i]);
    }
    for (i = 0; i < DS_NR_KEYS; i++) {
        if (!(entries[i].flags & DSF_IN_USE))
            continue;
        ep = owner_user_endpoint(entries[i].owner);
        if (ep != NONE && !endpoint_alive(ep))
            entry_remove(&entries[i]);
    }
}
