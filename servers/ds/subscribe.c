/*
 * subscribe.c -- subscriptions: marking changed entries, notifying subscribers, and the
 * SUBSCRIBE and CHECK requests.
 *
 * A subscriber is told by a notification (no data); it then CHECKs until ENOENT. It is found
 * at notify time through its owner's label entry, so a service that RS restarted (new
 * endpoint, same label) is notified at its new endpoint, and the marks it had not taken yet
 * are waiting for it. When RS publishes a label's new endpoint, a subscription of that label
 * with marks pending is notified again: the notification sent to the dead instance is lost.
 * User processes are never notified: they cannot RECEIVE, so they poll with CHECK.
 */
#include <string.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include "ds.h"
#include "regex.h"

struct sub subs[DS_NR_SUBS];

static int is_marked(const struct sub *s, int idx)
{
    return (s->marks[idx / 32] >> (idx % 32)) & 1;
}

static void set_mark(struct sub *s, int idx)
{
    s->marks[idx / 32] |= 1u << (idx % 32);
}

static void clear_mark(struct sub *s, int idx)
{
    s->marks[idx / 32] &= ~(1u << (idx % 32));
}

/* The lowest marked entry, or -1. */
static int first_mark(const struct sub *s)
{
    int i;

    for (i = 0; i < DS_NR_KEYS; i++)
        if (is_marked(s, i))
            return i;
    return -1;
}

static void notify(const struct sub *s)
{
    int ep;

    if (owner_user_endpoint(s->owner) != NONE)
        return;
    ep = owner_endpoint(s->owner, s->endpoint);
    /* A failure (the subscriber died and is not back yet) loses nothing: the marks stay, and
       the new instance is notified when RS publishes its label. */
    if (ep != NONE)
        ipc_notify(ep);
}

/* Whether a change of e concerns s. */
static int interested(const struct sub *s, const struct entry *e)
{
    if (s->types != 0 && !(s->types & e->flags & DSF_MASK_TYPE))
        return 0;
    if ((e->flags & DSF_PRIV_SUBSCRIBE) && strcmp(s->owner, e->owner) != 0)
        return 0;
    return regex_match(s->pattern, e->key) == 1;
}

void sub_changed(struct entry *e)
{
    int i, idx = entry_index(e);

    for (i = 0; i < DS_NR_SUBS; i++) {
        if (subs[i].in_use && interested(&subs[i], e)) {
            set_mark(&subs[i], idx);
            notify(&subs[i]);
        }
    }
}

int sub_marked_anywhere(int idx)
{
    int i;

    for (i = 0; i < DS_NR_SUBS; i++)
        if (subs[i].in_use && is_marked(&subs[i], idx))
            return 1;
    return 0;
}

void sub_unmark_all(int idx)
{
    int i;

    for (i = 0; i < DS_NR_SUBS; i++)
        clear_mark(&subs[i], idx);
}

/* Forgets s's marks; tombstones only s still held become free. */
static void sub_clear_marks(struct sub *s)
{
    int i;

    for (i = 0; i < DS_NR_KEYS; i++) {
        if (is_marked(s, i)) {
            clear_mark(s, i);
            entry_settle(&entries[i]);
        }
    }
}

void sub_drop(struct sub *s)
{
    s->in_use = 0;
    sub_clear_marks(s);
    memset(s, 0, sizeof *s);
}

struct sub *sub_find(const char *owner)
{
    int i;

    for (i = 0; i < DS_NR_SUBS; i++)
        if (subs[i].in_use && strcmp(subs[i].owner, owner) == 0)
            return &subs[i];
    return NULL;
}

void sub_label_moved(const char *label)
{
    struct sub *s = sub_find(label);

    if (s != NULL && first_mark(s) >= 0)
        notify(s);
}

/* SUBSCRIBE: i1 pattern grant, s1 its length, i2 type filter | DSF_INITIAL | DSF_OVERWRITE. */
int do_subscribe(message *m, message *reply)
{
    struct caller c;
    char pattern[DS_MAX_KEYLEN];
    uint32_t flags = (uint32_t)m->m2_i2;
    uint32_t types = flags & DSF_MASK_TYPE;
    struct sub *s;
    int i, r, marked = 0;

    (void)reply;
    if (caller_identify(m->m_source, &c) != OK)
        return EPERM;
    if ((r = get_key(m, pattern)) != OK)
        return r;
    if ((types & ~(uint32_t)DS_TYPES) != 0
        || (flags & ~(uint32_t)(DSF_MASK_TYPE | DSF_INITIAL | DSF_OVERWRITE)) != 0)
        return EINVAL;
    if (!regex_valid(pattern))
        return EINVAL;
    sweep_dead_users();
    s = sub_find(c.owner);
    if (s != NULL) {
        if (!(flags & DSF_OVERWRITE))
            return EEXIST;
        sub_drop(s);
    }
    for (i = 0; i < DS_NR_SUBS && s == NULL; i++)
        if (!subs[i].in_use)
            s = &subs[i];
    if (s == NULL)
        return ENOSPC;
    memset(s, 0, sizeof *s);
    s->in_use = 1;
    strlcpy(s->owner, c.owner, sizeof s->owner);
    s->endpoint = c.endpoint;
    s->types = types;
    strlcpy(s->pattern, pattern, sizeof s->pattern);
    if (flags & DSF_INITIAL) {
        for (i = 0; i < DS_NR_KEYS; i++) {
            if ((entries[i].flags & DSF_IN_USE) && interested(s, &entries[i])) {
                set_mark(s, i);
                marked = 1;
            }
        }
        if (marked)
            notify(s);
    }
    return OK;
}

/* CHECK: i1 a write grant for the key, s1 its size. Reply: i2 type, i3 owner's endpoint. */
int do_check(message *m, message *reply)
{
    struct caller c;
    struct sub *s;
    struct entry *e;
    size_t klen;
    int idx, r;

    if (caller_identify(m->m_source, &c) != OK)
        return EPERM;
    s = sub_find(c.owner);
    if (s == NULL)
        return ESRCH;
    idx = first_mark(s);
    if (idx < 0)
        return ENOENT;
    e = &entries[idx];
    klen = strlen(e->key) + 1;
    if (m->m2_s1 < 0 || (size_t)m->m2_s1 < klen)
        return EINVAL;
    r = sys_safecopyto(m->m_source, m->m2_i1, 0, e->key, klen);
    if (r != OK)
        return r;
    clear_mark(s, idx);
    reply->m2_i2 = (int32_t)(e->flags & DSF_MASK_TYPE);
    reply->m2_i3 = owner_endpoint(e->owner, e->publisher);
    entry_settle(e);
    return OK;
}
