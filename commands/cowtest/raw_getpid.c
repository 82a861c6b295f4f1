/*
 * raw_getpid.c -- GETPID sent from a message buffer the caller chooses.
 *
 * cowtest needs the reply to land in a page that is still shared copy-on-write: the
 * kernel must then ask VM for a private copy before it delivers (no user-mode write may
 * come first). The buffers are set up BEFORE fork, each alone in its page, and used
 * once afterwards by the process they belong to.
 *
 * This file talks to PM directly, so it includes <minix/ipc.h> (the system's view of
 * the ABI) and not <errno.h>.
 */
#include <minix/ipc.h>
#include "raw_getpid.h"

static message child_msg __attribute__((aligned(PAGE_SIZE))) = { .m_type = GETPID };
static char gap1[PAGE_SIZE] __attribute__((used)) = { 1 };
static message parent_msg __attribute__((aligned(PAGE_SIZE))) = { .m_type = GETPID };
static char gap2[PAGE_SIZE] __attribute__((used)) = { 1 };

void raw_getpid_prepare(void)
{
    child_msg.m_type = GETPID;
    parent_msg.m_type = GETPID;
}

int raw_getpid(int in_child, int *ppid)
{
    message *m = in_child ? &child_msg : &parent_msg;
    int r = ipc_sendrec(PM_PROC_NR, m);

    if (r != OK)
        return r;
    *ppid = m->m2_i1;
    return m->m_type;
}
