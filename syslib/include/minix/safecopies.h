/*
 * minix/safecopies.h -- the caller's grant table: handing out access to its own memory.
 *
 * A grant lets another process (the grantee) copy from and/or to a part of the granter's
 * memory with sys_safecopyfrom/to, sys_vsafecopy or sys_safe_sdevio, naming the granter's
 * endpoint and the grant id (shared/reference/minix3-facts.md section 6). The table is an
 * array of entries in the granter's own memory and a grant id is an index into it; the
 * kernel reads an entry from there each time a grant is used, so creating or revoking a
 * grant is a plain store, and only a new table needs a kernel call (sys_setgrant).
 *
 * The table is created on the first grant with 2 entries (from malloc). When every entry
 * is in use it grows to (n + 1) * 2 entries: a new array is allocated, the old entries are
 * copied, the new array is registered with sys_setgrant, and only then is the old one
 * freed, so the kernel never holds a table that is gone. Grant ids stay valid across
 * growth. A revoked entry (flags 0) is free; new grants take the lowest free entry.
 * The cpf_grant_* functions return GRANT_INVALID when the table cannot grow (no memory,
 * or sys_setgrant refused the new table; the old table then stays as it was).
 *
 * A process that uses grants should not call sys_setgrant itself.
 */
#ifndef _MINIX_SAFECOPIES_H
#define _MINIX_SAFECOPIES_H

#include <stddef.h>
#include <stdint.h>
#include <minix/abi.h>

/* An index into the caller's grant table; GRANT_INVALID for none. */
typedef int cp_grant_id_t;

/* One table entry: the three kinds share the flags word (CPF_*); flags 0 = free. */
typedef union {
    uint32_t flags;
    cp_direct direct;
    cp_indirect indirect;
    cp_magic magic;
} cp_grant;

_Static_assert(sizeof(cp_grant) == CP_DIRECT_SIZE, "cp_grant size");
_Static_assert(sizeof(cp_direct) == CP_INDIRECT_SIZE && sizeof(cp_direct) == CP_MAGIC_SIZE,
               "grant kinds differ in size");

/* Lets who (an endpoint, or ANY) access bytes at addr in the caller's memory. access is
   CPF_READ, CPF_WRITE or both; anything else gives GRANT_INVALID.
   Entry: flags CPF_USED | CPF_VALID | CPF_DIRECT | access, endpt who, start addr,
   len bytes. */
cp_grant_id_t cpf_grant_direct(int who, const void *addr, size_t bytes, int access);

/* Passes on to who (or ANY) the grant gid that granter made to the caller; the access and
   the memory are those of granter's grant.
   Entry: flags CPF_USED | CPF_VALID | CPF_INDIRECT, endpt who, from granter, gid. */
cp_grant_id_t cpf_grant_indirect(int who, int granter, cp_grant_id_t gid);

/* Lets who access bytes at addr in process from's memory. The kernel honours magic grants
   only in the table of the process labelled "vfs"; this library does not check that.
   access as for cpf_grant_direct.
   Entry: flags CPF_USED | CPF_VALID | CPF_MAGIC | access, from, to who, start addr,
   len bytes. */
cp_grant_id_t cpf_grant_magic(int who, int from, const void *addr, size_t bytes, int access);

/* Ends grant gid: its entry's flags become 0 and the entry free for reuse. OK, or EINVAL
   if gid is not a grant in use. */
int cpf_revoke(cp_grant_id_t gid);

/* The number of entries in the table, in use or free (0 before the first grant). */
int cpf_count(void);

#endif /* _MINIX_SAFECOPIES_H */
