/*
 * reply.c -- how tty answers (design point 3): a request that came by SENDREC has its sender
 * blocked waiting for the answer, so a non-blocking SENDNB reaches it; one that came by SENDA
 * or SEND is answered by SENDA, so a busy VFS never holds tty up. The SENDA table is
 * registered again after every change; an entry is free once the kernel marked it done.
 */
#include <stdio.h>
#include <string.h>
#include <minix/ipc.h>
#include "tty.h"

#define NR_ASYN 32

static asynmsg table[NR_ASYN];

static int asynsend(int dst, const message *m)
{
    int slot = -1, used = 0;

    for (int i = 0; i < NR_ASYN; i++) {
        if (table[i].flags & AMF_DONE)
            table[i].flags = AMF_EMPTY;
        if (slot < 0 && table[i].flags == AMF_EMPTY)
            slot = i;
    }
    if (slot < 0) {
        printf("tty: asynchronous send table full; answer to %d dropped\n", dst);
        return ENOSPC;
    }
    table[slot].dst = dst;
    table[slot].result = 0;
    table[slot].msg = *m;
    table[slot].flags = AMF_VALID | AMF_NOREPLY;
    for (int i = 0; i < NR_ASYN; i++)
        if (table[i].flags != AMF_EMPTY)
            used = i + 1;
    return ipc_senda(table, (size_t)used);
}

void reply_to(int dst, int ipc_status, message *m)
{
    int r;

    if (ipc_status_call(ipc_status) == SENDREC)
        r = ipc_sendnb(dst, m);
    else
        r = asynsend(dst, m);
    if (r != OK && r != EDEADSRCDST)
        printf("tty: cannot answer %d: %d\n", dst, r);
}
