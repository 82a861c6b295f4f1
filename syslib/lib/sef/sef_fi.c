/*
 * sef_fi.c -- fault injection: a service crashes on purpose when RS tells it to.
 *
 * `service fi LABEL KIND` (RS_FI from a root user) makes RS either kill the service itself
 * (RS_FI_SIGKILL) or send it RS_FI_INJECT with m1_i1 = the kind. SEF's receive loop hands
 * that message here (only when it comes from RS_PROC_NR: the kernel stamps m_source, so no
 * one else can make a service crash) and the service fails the way a real bug would:
 *
 *   RS_FI_NULLDEREF  a write through a NULL pointer: page 0 is never mapped, so VM finds no
 *                    region, raises SIGSEGV, and RS (the signal manager) sees a crash.
 *   RS_FI_PANIC      panic(): the service ends itself (SYS_EXIT), which RS sees as a death
 *                    it did not ask for.
 *   RS_FI_HANG       an endless loop that never receives again: the service stops
 *                    answering RS's pings and RS's heartbeat must catch it (2 x period).
 *   RS_FI_BADMSG     "a corrupted message": the service sends RS one message whose type and
 *                    every field are garbage, then acts as a service that finds the message
 *                    it is handling corrupted: an assertion fails, which panics. RS sees a
 *                    death like PANIC (with an "assertion ... failed" line on the console
 *                    first), and must also survive the garbage: refuse it, and never answer
 *                    it with a blocking send (the sender is a frozen corpse by then). The
 *                    send blocks until RS takes it (RS is busy right after sending us the
 *                    injection, so a non-blocking send would nearly always be dropped); a
 *                    deadlock with RS (ELOCKED) or any other failure just skips it.
 *
 * Any other kind (RS_FI_SIGKILL included: RS does that one itself) is ignored, so a bad
 * request cannot crash a service by accident. Nothing is answered: the crash is the answer.
 * RS should send RS_FI_INJECT without blocking (SENDA or SENDNB), since the service may be
 * busy, and after HANG it never receives again.
 */
#include "sef.h"
#include <assert.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>

/* What BADMSG puts in the message it sends RS: a type outside every request range, and a
   byte pattern in every field (pointers and lengths included). */
#define FI_GARBAGE_TYPE 0x0BADBAD0
#define FI_GARBAGE_BYTE 0xA5

/* volatile: the compiler must not see that it is NULL, or it would replace the store by a
   trap of its own (undefined behaviour) and the fault would not be a real page fault. */
static int *volatile fi_null_pointer = NULL;
static volatile unsigned long fi_spins;

static void fi_null_dereference(void)
{
    *fi_null_pointer = 0xDEAD;
    panic("fault injection: the NULL write did not fault");
}

static void fi_hang(void)
{
    for (;;) {
        fi_spins++;
    }
}

static void fi_corrupted_message(void)
{
    message m;

    memset(&m, FI_GARBAGE_BYTE, sizeof m);
    m.m_type = FI_GARBAGE_TYPE;
    ipc_send(RS_PROC_NR, &m);
    assert(m.m_type != FI_GARBAGE_TYPE); /* "the message is corrupted": fails, by design */
    panic("fault injection: the assertion held");
}

int sef_intercept_fi(const message *m)
{
    int kind = m->m1_i1;

    switch (kind) {
    case RS_FI_NULLDEREF:
        printf("fault injection: NULL dereference\n");
        fi_null_dereference();
        break;
    case RS_FI_PANIC:
        panic("fault injection: panic");
    case RS_FI_HANG:
        printf("fault injection: hang\n");
        fflush(NULL);
        fi_hang();
        break;
    case RS_FI_BADMSG:
        printf("fault injection: corrupted message\n");
        fi_corrupted_message();
        break;
    default:
        break;
    }
    return 1;
}
