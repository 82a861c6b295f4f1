/*
 * call.c -- the one path from libc to a server: SENDREC, then the reply's m_type.
 *
 * A negative IPC result (the server died, a bad endpoint) is as much a failure as a
 * negative reply, and is reported the same way.
 */
#include "../libc_private.h"
#include <minix/ipc.h>

int errno;

int __libc_call(int who, message *m)
{
    int r = ipc_sendrec(who, m);

    if (r != OK)
        return __libc_fail(r);
    if (m->m_type < 0)
        return __libc_fail(m->m_type);
    return m->m_type;
}
