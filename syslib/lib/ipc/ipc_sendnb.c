#include "trap.h"

int ipc_sendnb(int dst, message *m)
{
    return ipc_trap(SENDNB, dst, m, NULL);
}
