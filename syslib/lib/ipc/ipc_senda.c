#include "trap.h"

/* The count goes in EAX, where the other calls have the peer; the kernel rejects counts
   above SENDA_MAX_ENTRIES (EDOM), so the wrapper passes any count on. */
int ipc_senda(asynmsg *table, size_t count)
{
    return ipc_trap(SENDA, (int)count, table, NULL);
}
