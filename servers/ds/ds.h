/*
 * ds.h -- the data store's state and the functions its files share.
 *
 * The client's view (types, flags, owners, errors) is <minix/ds.h>; the request fields are in
 * the ABI (section "DS (ours)"). In short: entries[] holds up to DS_NR_KEYS key/type/value
 * entries, each owned by a name (a label, "rs", a kernel name, or "user:<endpoint>");
 * subs[] holds up to DS_NR_SUBS subscriptions, one per owner, each with a bit per entry that
 * is set when that entry changes and cleared when the subscriber takes it with CHECK.
 *
 * A deleted entry that some subscription still has marked stays as a TOMBSTONE (its type
 * without DSF_IN_USE, its key and owner kept, its value gone) until the last subscriber has
 * CHECKed it, so that deletions reach subscribers by name; then it is free (flags 0). A new
 * entry takes a free slot first and reclaims a tombstone only when none is left.
 */
#ifndef DS_DS_H
#define DS_DS_H

#include <stddef.h>
#include <stdint.h>
#include <minix/abi.h>

#define OWNER_LEN DS_MAX_OWNER
#define MARK_WORDS ((DS_NR_KEYS + 31) / 32)

/* The value types an entry may have (DSF_TYPE_MAP is not supported). */
#define DS_TYPES (DSF_TYPE_U32 | DSF_TYPE_STR | DSF_TYPE_MEM | DSF_TYPE_LABEL)
/* The flags PUBLISH stores with an entry. */
#define DS_PRIV_FLAGS (DSF_PRIV_RETRIEVE | DSF_PRIV_OVERWRITE | DSF_PRIV_SUBSCRIBE)

struct entry {
    uint32_t flags;             /* 0 free; DSF_IN_USE | type | DS_PRIV_FLAGS live; type alone: tombstone */
    char key[DS_MAX_KEYLEN];
    char owner[OWNER_LEN];
    int publisher;              /* the endpoint that last published it */
    uint32_t value;             /* U32: the number; LABEL: the endpoint */
    char *data;                 /* STR, MEM: malloc'd copy (NULL when len is 0) */
    size_t len;
};

struct sub {
    int in_use;
    char owner[OWNER_LEN];
    int endpoint;               /* who subscribed: notified if the owner has no label */
    uint32_t types;             /* the types of interest; 0 = all */
    char pattern[DS_MAX_KEYLEN];
    uint32_t marks[MARK_WORDS]; /* bit i: entries[i] changed since the last CHECK of it */
};

/* Who sent the request being handled (caller.c). */
struct caller {
    int endpoint;
    char owner[OWNER_LEN];      /* what it publishes belongs to this name */
    int is_user;                /* a user process: owner "user:<endpoint>" */
    int is_rs;                  /* the process in RS's slot: the only one to publish labels */
};

extern struct entry entries[DS_NR_KEYS];
extern struct sub subs[DS_NR_SUBS];

/* caller.c */
int endpoint_slot(int ep);
int endpoint_alive(int ep);
int caller_identify(int ep, struct caller *c);
int owner_user_endpoint(const char *owner);   /* the endpoint of "user:<ep>", else NONE */
int owner_endpoint(const char *owner, int fallback);

/* store.c */
int entry_index(const struct entry *e);
struct entry *entry_find(const char *key, uint32_t type);
struct entry *entry_slot_for(const char *key, uint32_t type);
void entry_remove(struct entry *e);
void entry_settle(struct entry *e);
int label_endpoint(const char *label);
const char *label_of(int ep);
void delete_label_owner(const char *label);
void sweep_dead_users(void);

/* subscribe.c */
void sub_changed(struct entry *e);
int sub_marked_anywhere(int idx);
void sub_unmark_all(int idx);
void sub_drop(struct sub *s);
struct sub *sub_find(const char *owner);
void sub_label_moved(const char *label);
int do_subscribe(message *m, message *reply);
int do_check(message *m, message *reply);

/* dispatch.c: runs the request *m; returns the reply's m_type, other reply fields in *reply. */
int ds_dispatch(message *m, message *reply);

/* requests.c */
int get_key(const message *m, char *key);
int do_publish(message *m, message *reply);
int do_retrieve(message *m, message *reply);
int do_delete(message *m, message *reply);
int do_retrieve_label(message *m, message *reply);

#endif
