/*
 * requests.c -- PUBLISH, RETRIEVE, DELETE and RETRIEVE_LABEL (fields: the ABI's section
 * "DS (ours)"; rules: <minix/ds.h>). Every handler checks the whole request before it changes
 * anything, and returns the reply's m_type; numbers for the reply go into *reply.
 */
#include <stdlib.h>
#include <string.h>
#include <minix/syslib.h>
#include "ds.h"

/* The key (or pattern) the caller granted: i1 grant, s1 length with the NUL, 2 to
   DS_MAX_KEYLEN, NUL only at the end. Into key[DS_MAX_KEYLEN]. */
int get_key(const message *m, char *key)
{
    int len = m->m2_s1;
    int r;

    if (len < 2 || len > DS_MAX_KEYLEN)
        return EINVAL;
    r = sys_safecopyfrom(m->m_source, m->m2_i1, 0, key, (size_t)len);
    if (r != OK)
        return r;
    if (key[len - 1] != '\0' || strlen(key) != (size_t)len - 1)
        return EINVAL;
    return OK;
}

/* The one value type named in flags, or 0 if flags name none or several. */
static uint32_t one_type(uint32_t flags)
{
    uint32_t t = flags & DSF_MASK_TYPE;

    if (t == DSF_TYPE_U32 || t == DSF_TYPE_STR || t == DSF_TYPE_MEM || t == DSF_TYPE_LABEL)
        return t;
    return 0;
}

/* Whether c may overwrite e, which someone else owns. A user's entry never blocks a system
   process (a user must not be able to squat a service's key). */
static int may_overwrite(const struct caller *c, const struct entry *e)
{
    if (strcmp(c->owner, e->owner) == 0)
        return 1;
    if (c->is_user)
        return 0;
    if (owner_user_endpoint(e->owner) != NONE)
        return 1;
    return !(e->flags & DSF_PRIV_OVERWRITE);
}

/* PUBLISH: i1 key grant, s1 key length, i2 type | flags, l1 number / endpoint / data grant,
   l2 data length. */
int do_publish(message *m, message *reply)
{
    struct caller c;
    char key[DS_MAX_KEYLEN];
    uint32_t flags = (uint32_t)m->m2_i2;
    uint32_t type = one_type(flags);
    struct entry *e;
    char *data = NULL;
    size_t len = 0;
    int r;

    (void)reply;
    if (caller_identify(m->m_source, &c) != OK)
        return EPERM;
    if ((r = get_key(m, key)) != OK)
        return r;
    if (type == 0 || (flags & ~(uint32_t)(DSF_MASK_TYPE | DS_PRIV_FLAGS | DSF_OVERWRITE)) != 0)
        return EINVAL;
    if (type == DSF_TYPE_LABEL && !c.is_rs)
        return EPERM;
    if (type == DSF_TYPE_STR || type == DSF_TYPE_MEM) {
        if (m->m2_l2 < (type == DSF_TYPE_STR ? 1 : 0) || m->m2_l2 > DS_MAX_DATA)
            return EINVAL;
        len = (size_t)m->m2_l2;
        if (len > 0) {
            data = malloc(len);
            if (data == NULL)
                return ENOMEM;
            r = sys_safecopyfrom(m->m_source, m->m2_l1, 0, data, len);
            if (r != OK) {
                free(data);
                return r;
            }
            if (type == DSF_TYPE_STR)
                data[len - 1] = '\0';   /* strings always end; the facts' forced NUL */
        }
    }
    sweep_dead_users();
    e = entry_find(key, type);
    if (e != NULL) {
        if (!(flags & DSF_OVERWRITE) || !may_overwrite(&c, e)) {
            free(data);
            return !(flags & DSF_OVERWRITE) ? EEXIST : EPERM;
        }
        if (!c.is_user && owner_user_endpoint(e->owner) != NONE)
            strlcpy(e->owner, c.owner, sizeof e->owner);   /* taken over from a user */
        free(e->data);
    } else {
        e = entry_slot_for(key, type);
        if (e == NULL) {
            free(data);
            return ENOSPC;
        }
        strlcpy(e->owner, c.owner, sizeof e->owner);
    }
    e->flags = DSF_IN_USE | type | (flags & DS_PRIV_FLAGS);
    e->publisher = c.endpoint;
    e->value = (type == DSF_TYPE_U32 || type == DSF_TYPE_LABEL) ? (uint32_t)m->m2_l1 : 0;
    e->data = data;
    e->len = len;
    sub_changed(e);
    if (type == DSF_TYPE_LABEL)
        sub_label_moved(key);
    return OK;
}

/* RETRIEVE: i1 key grant, s1, i2 type; STR/MEM: l1 write grant, l2 its size.
   Reply: l1 number / endpoint; STR/MEM: l2 bytes copied, i3 the stored length. */
int do_retrieve(message *m, message *reply)
{
    struct caller c;
    char key[DS_MAX_KEYLEN];
    uint32_t type = one_type((uint32_t)m->m2_i2);
    struct entry *e;
    size_t n;
    int r;

    if (caller_identify(m->m_source, &c) != OK)
        c.owner[0] = '\0';   /* may still read what is public */
    if ((r = get_key(m, key)) != OK)
        return r;
    if (type == 0)
        return EINVAL;
    e = entry_find(key, type);
    if (e == NULL)
        return ESRCH;
    if ((e->flags & DSF_PRIV_RETRIEVE) && strcmp(c.owner, e->owner) != 0)
        return EPERM;
    if (type == DSF_TYPE_U32 || type == DSF_TYPE_LABEL) {
        reply->m2_l1 = (int32_t)e->value;
        return OK;
    }
    if (m->m2_l2 < 0)
        return EINVAL;
    n = e->len < (size_t)m->m2_l2 ? e->len : (size_t)m->m2_l2;
    if (type == DSF_TYPE_STR && n < e->len) {
        /* Cut short: the caller still gets a string, its last byte the NUL. */
        static const char nul = '\0';
        if (n == 0)
            return EINVAL;
        r = n > 1 ? sys_safecopyto(m->m_source, m->m2_l1, 0, e->data, n - 1) : OK;
        if (r == OK)
            r = sys_safecopyto(m->m_source, m->m2_l1, n - 1, &nul, 1);
    } else {
        r = n > 0 ? sys_safecopyto(m->m_source, m->m2_l1, 0, e->data, n) : OK;
    }
    if (r != OK)
        return r;
    reply->m2_l2 = (int32_t)n;
    reply->m2_i3 = (int32_t)e->len;
    return OK;
}

/* DELETE: i1 key grant, s1, i2 type. Owner only. */
int do_delete(message *m, message *reply)
{
    struct caller c;
    char key[DS_MAX_KEYLEN];
    uint32_t type = one_type((uint32_t)m->m2_i2);
    struct entry *e;
    int r;

    (void)reply;
    if (caller_identify(m->m_source, &c) != OK)
        return EPERM;
    if ((r = get_key(m, key)) != OK)
        return r;
    if (type == 0)
        return EINVAL;
    sweep_dead_users();
    e = entry_find(key, type);
    if (e == NULL)
        return ESRCH;
    if (strcmp(c.owner, e->owner) != 0)
        return EPERM;
    if (type == DSF_TYPE_LABEL)
        delete_label_owner(key);
    if (e->flags & DSF_IN_USE)   /* (label "rs" owns itself: already gone then) */
        entry_remove(e);
    return OK;
}

/* RETRIEVE_LABEL: l1 an endpoint, i1 a write grant for its label, s1 the grant's size. */
int do_retrieve_label(message *m, message *reply)
{
    const char *label = label_of(m->m2_l1);
    size_t len;

    (void)reply;
    if (label == NULL)
        return ESRCH;
    len = strlen(label) + 1;
    if (m->m2_s1 < 0 || (size_t)m->m2_s1 < len)
        return EINVAL;
    return sys_safecopyto(m->m_source, m->m2_i1, 0, label, len);
}
