/*
 * minix/ds.h -- the data store's client: publish, retrieve, delete and watch named values.
 *
 * DS (servers/ds, slot DS_PROC_NR) keeps up to DS_NR_KEYS entries. An entry is a key (1 to
 * DS_MAX_KEYLEN - 1 characters), a type and a value:
 *   DSF_TYPE_U32    a 32-bit number
 *   DSF_TYPE_STR    a string (at most DS_MAX_DATA bytes with its NUL)
 *   DSF_TYPE_MEM    a range of bytes (at most DS_MAX_DATA)
 *   DSF_TYPE_LABEL  a service's label and its current endpoint; only RS publishes these
 * The same key may exist once per type. Every function makes the grants it needs for the key
 * and the data (cpf_grant_direct, to DS only) and revokes them before it returns; the caller
 * passes plain pointers. (minix3-facts.md section 10; the request fields are in the ABI,
 * section "DS (ours)".)
 *
 * Owners. An entry belongs to whoever published it, named as follows (the first that applies):
 *   - RS (the process in slot RS_PROC_NR) is "rs";
 *   - a process that has a LABEL entry (RS publishes one for every service it starts, before
 *     it sends RS_INIT) is that label -- so a restarted service, with its new endpoint, still
 *     owns what its previous instance published, and keeps its subscription;
 *   - another system process is its kernel name (a boot process before RS has run);
 *   - a user process is "user:<endpoint>" (user processes have no label; the facts' "no label
 *     => EPERM" would leave them nothing but retrieval). Its entries and its subscription are
 *     dropped once that endpoint is dead (DS checks on each PUBLISH, SUBSCRIBE and DELETE).
 *     A user process is never notified (it cannot RECEIVE): it polls ds_check().
 * Only the owner deletes an entry or retrieves a DSF_PRIV_RETRIEVE one. Overwriting needs
 * DSF_OVERWRITE (else EEXIST); another owner's entry may be overwritten only if it is not
 * DSF_PRIV_OVERWRITE and the caller is a system process; a system process may always take
 * over a user's entry (so a user cannot squat a service's key). Deleting a LABEL (RS) also
 * deletes that label's subscription and every entry it owns.
 *
 * Subscriptions. One per owner: a pattern, an anchored extended regular expression that the
 * whole key must match (^ $ . * + ? [...] [^...] with ranges, | and ( ), and \ before any
 * character to take it literally), and optionally the types of interest. Each publish or
 * delete of a matching entry marks it for the subscriber and notifies the subscriber (at its
 * label's current endpoint); ds_check() hands out the marked keys one by one.
 *
 * Results. Every function returns OK (0) or a NEGATIVE error -- the same numbers in system
 * processes and in user programs:
 *   in system processes (libsys, <minix/abi.h>)  compare with ESRCH, EPERM, ...
 *   in user programs (libc, <errno.h>)           compare with -ESRCH, -EPERM, ...
 * errno is never set. The errors:
 *   EINVAL   key shorter than 1 or longer than DS_MAX_KEYLEN - 1 characters, bad type or
 *            flags, data too long, a bad pattern
 *   ESRCH    no such key of that type (retrieve, delete), no label for that endpoint,
 *            ds_check() without a subscription
 *   EEXIST   the key exists (publish) or the caller has a subscription (subscribe), and
 *            DSF_OVERWRITE was not given
 *   EPERM    not the owner (delete, private retrieve, protected overwrite), a LABEL from
 *            anyone but RS, a caller DS cannot name
 *   ENOENT   ds_check(): nothing is marked
 *   ENOSPC   DS_NR_KEYS entries or DS_NR_SUBS subscriptions are in use
 *   ENOMEM   no grant could be made (client side), or DS has no memory for the data
 * and any IPC error (e.g. EDEADSRCDST) when DS cannot be reached.
 */
#ifndef _MINIX_DS_H
#define _MINIX_DS_H

#include <stddef.h>
#include <stdint.h>

/* The DSF_* and DS_* numbers: system processes have them from <minix/abi.h>; user programs
   from <sys/_abi.h>, the user's view of the ABI (libc/abi-user.awk), which keeps <minix/abi.h>
   and its negative error numbers out of files that use <errno.h>. */
#if defined(_MINIX_ABI_H) || !__has_include(<sys/_abi.h>)
#include <minix/abi.h>
#else
#include <sys/_abi.h>
#endif

/* flags for publish: DSF_OVERWRITE, and any of DSF_PRIV_RETRIEVE (only the owner retrieves),
   DSF_PRIV_OVERWRITE (only the owner overwrites), DSF_PRIV_SUBSCRIBE (only the owner's
   subscription sees changes). */
int ds_publish_u32(const char *key, uint32_t value, int flags);
/* Stores strlen(value) + 1 bytes; DS forces the last one to NUL. */
int ds_publish_str(const char *key, const char *value, int flags);
int ds_publish_mem(const char *key, const void *data, size_t len, int flags);
/* RS only: label -> endpoint. */
int ds_publish_label(const char *label, int endpoint, int flags);

int ds_retrieve_u32(const char *key, uint32_t *value);
/* Copies at most len bytes into value, always NUL-terminated (cut if the buffer is short). */
int ds_retrieve_str(const char *key, char *value, size_t len);
/* *len: in, the buffer's size; out, the bytes copied (the shorter of the value and the buffer). */
int ds_retrieve_mem(const char *key, void *data, size_t *len);
/* The endpoint of the service labelled label. */
int ds_retrieve_label(const char *label, int *endpoint);
/* The label of the service at endpoint, into label[len] (NUL-terminated); EINVAL if it does
   not fit. */
int ds_retrieve_label_name(int endpoint, char *label, size_t len);

int ds_delete_u32(const char *key);
int ds_delete_str(const char *key);
int ds_delete_mem(const char *key);
/* RS only (the owner of every label); also drops the label's subscription and entries. */
int ds_delete_label(const char *label);

/* Subscribes the caller's owner to every key matching pattern. flags: the types of interest
   (DSF_TYPE_*, 0 = all), DSF_INITIAL to mark the entries that match already, DSF_OVERWRITE to
   replace the caller's existing subscription (else EEXIST). */
int ds_subscribe(const char *pattern, int flags);

/* Takes one marked key: copies it into key[len] (len >= DS_MAX_KEYLEN is always enough), its
   type into *type and its owner's current endpoint into *owner; either
   pointer may be NULL. The entry may have been deleted since: retrieving it then gives ESRCH.
   ENOENT when nothing is marked. */
int ds_check(char *key, size_t len, int *type, int *owner);

#endif /* _MINIX_DS_H */
