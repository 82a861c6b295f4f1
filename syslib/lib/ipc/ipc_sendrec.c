#include "trap.h"

int ipc_sendrec(int peer, message *m)
{
    return ipc_trap(SENDREC, peer, m, NULL);
}
