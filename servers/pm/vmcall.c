/* vmcall.c -- PM's requests to VM (VM_FORK, VM_EXIT, VM_BRK, VM_EXEC_NEWMEM): one SENDREC. */
#include <minix/ipc.h>
#include "pm.h"

/* Sends *m as request `type` to VM and returns VM's answer (its m_type), or the IPC error
   if VM could not be reached. VM's reply fields are left in *m. */
int vm_call(int type, message *m)
{
    int r;

    m->m_type = type;
    r = ipc_sendrec(VM_PROC_NR, m);
    if (r != OK)
        return r;
    return m->m_type;
}
