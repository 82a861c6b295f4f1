/*
 * ds_call.h -- private: the one round trip every DS client function makes (ds_call.c).
 */
#ifndef _SYSLIB_DS_CALL_H
#define _SYSLIB_DS_CALL_H

#include <minix/ipc.h>
#include <minix/ds.h>

/* Grants DS access (CPF_READ or CPF_WRITE) to the size bytes at buf as the key (m2_i1, size
   in m2_s1), SENDRECs *m to DS with m_type = type (the caller has set the other fields), and
   revokes the grant. *m then holds the reply. Returns the reply's m_type, the IPC error, or
   ENOMEM when no grant could be made. size is cut to what m2_s1 holds; DS refuses anything
   above DS_MAX_KEYLEN anyway. */
int __ds_call(int type, const void *buf, size_t size, int access, message *m);

/* __ds_call with key as the key: strlen(key) + 1 bytes, read by DS. */
int __ds_key_call(int type, const char *key, message *m);

#endif
