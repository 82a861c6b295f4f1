/*
 * trap.h -- private: the one IPC trap that every ipc_* function is built from.
 *
 * int IPC_VECTOR with EAX = peer (SENDA: entry count), EBX = message (SENDA: table),
 * ECX = call number. Back: EAX = result, EBX = IPC status word (after RECEIVE and
 * SENDREC; for the other calls we do not rely on EBX either way). The kernel preserves
 * every other register, so ECX is an input only. EBX is declared as an output, which
 * makes the compiler save and restore it (it is callee-saved in the i386 System V ABI).
 * "memory": the kernel reads and writes the message behind the compiler's back.
 */
#ifndef _SYSLIB_IPC_TRAP_H
#define _SYSLIB_IPC_TRAP_H

#include <stdint.h>
#include <minix/ipc.h>

static inline int ipc_trap(int call, int peer, void *ptr, int *status_ptr)
{
    int eax = peer;
    uintptr_t ebx = (uintptr_t)ptr;

    __asm__ volatile("int %[vec]"
                     : "+a"(eax), "+b"(ebx)
                     : "c"(call), [vec] "i"(IPC_VECTOR)
                     : "memory");
    if (status_ptr != NULL)
        *status_ptr = (int)ebx;
    return eax;
}

#endif
