#include "trap.h"

int ipc_send(int dst, message *m)
{
    return ipc_trap(SEND, dst, m, NULL);
}
