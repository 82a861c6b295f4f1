/*
 * minix/ipc.h -- the IPC primitives: one trap (int IPC_VECTOR) each.
 *
 * Register contract with the kernel (DESIGN.md section 4): EAX = peer endpoint (SENDA: the
 * entry count), EBX = message address (SENDA: the table address), ECX = call number.
 * The result comes back in EAX: OK or a negative error number from <minix/abi.h>. After
 * RECEIVE and SENDREC, EBX holds the IPC status word. The kernel preserves every other
 * register. The stubs are inline asm in C (lib/ipc/trap.h), so the compiler saves EBX, which
 * is callee-saved in the i386 System V ABI, around the trap.
 */
#ifndef _MINIX_IPC_H
#define _MINIX_IPC_H

#include <stddef.h>
#include <minix/abi.h>

/* Sends *m to dst and blocks until dst receives it. */
int ipc_send(int dst, message *m);

/* Receives from src (an endpoint or ANY) into *m. If status_ptr is not NULL, the IPC status
   word is stored there (see ipc_status_call() and ipc_status_from_kernel()). */
int ipc_receive(int src, message *m, int *status_ptr);

/* Sends *m to peer and waits for peer's reply, which overwrites *m. */
int ipc_sendrec(int peer, message *m);

/* Notifies dst; never blocks and carries no data. */
int ipc_notify(int dst);

/* Like ipc_send(), but returns ENOTREADY instead of blocking when dst is not receiving. */
int ipc_sendnb(int dst, message *m);

/* Registers a table of count asynchronous messages (AMF_* flags in each entry). The kernel
   writes each entry's result and AMF_DONE back into the table. */
int ipc_senda(asynmsg *table, size_t count);

/* The primitive that delivered a received message (SEND, SENDREC, NOTIFY, SENDA, ...). */
static inline int ipc_status_call(int status)
{
    return status & IPC_STATUS_CALL_MASK;
}

/* Non-zero if the kernel generated the message on the named source's behalf. */
static inline int ipc_status_from_kernel(int status)
{
    return (status & IPC_FLG_MSG_FROM_KERNEL) != 0;
}

/* Non-zero if the received message is a notification. */
static inline int ipc_is_notify(int status)
{
    return ipc_status_call(status) == NOTIFY;
}

#endif /* _MINIX_IPC_H */
