#include "trap.h"

/* A notification carries nothing: EBX (the message address) is not used. */
int ipc_notify(int dst)
{
    return ipc_trap(NOTIFY, dst, NULL, NULL);
}
