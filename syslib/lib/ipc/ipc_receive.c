#include "trap.h"

int ipc_receive(int src, message *m, int *status_ptr)
{
    return ipc_trap(RECEIVE, src, m, status_ptr);
}
