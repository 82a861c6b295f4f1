/*
 * main.c -- the VM server: start-up through SEF, then one loop that hands each request to the
 * file that serves it and answers the caller.
 *
 * Page faults (VM_PAGEFAULT, only when the kernel made the message) get no reply: VM resumes
 * the process (VMCTL_CLEAR_PAGEFAULT) or has it killed (SIGSEGV). Kernel memory requests
 * arrive as SIGKMEM through SEF's signal handler. Every other request is answered with its
 * result in m_type, by SENDNB: the caller waits in SENDREC, so the reply goes through at once,
 * and a caller that is not waiting loses its reply instead of blocking VM. Unknown requests get
 * ENOSYS.
 */
#include <string.h>
#include <minix/sef.h>
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include "vm.h"

static int init_fresh(int type, const sef_init_info_t *info)
{
    (void) type;
    return vm_boot_init(info->endpoint);
}

static void on_signal(int signo)
{
    if (signo == SIGKMEM) {
        memreq_handle();
        return;
    }
    /* Other signals (SIGTERM from a shutdown, a user's kill) do not stop the memory manager;
       they are noted, so one can see a system process get a signal as a SEF callback. */
    printf("signal %d received, ignored\n", signo);
}

static int dispatch(message *m)
{
    switch (m->m_type) {
    case VM_FORK:        return do_fork(m);
    case VM_EXIT:        return do_exit(m);
    case VM_EXEC_NEWMEM: return do_exec_newmem(m);
    case VM_BRK:         return do_brk(m);
    case VM_MMAP:        return do_mmap(m);
    case VM_MUNMAP:      return do_munmap(m);
    case VM_INFO:        return do_info(m);
    case VM_RS_UPDATE:   return do_rs_update(m);
    default:             return ENOSYS;
    }
}

int main(void)
{
    sef_setcb_init_fresh(init_fresh);
    /* A restarted or updated VM would need the old one's records: not possible yet. */
    sef_setcb_init_restart(sef_cb_init_fail);
    sef_setcb_init_lu(sef_cb_init_fail);
    sef_setcb_signal_handler(on_signal);
    sef_startup();

    for (;;) {
        message m;
        int status = 0;
        if (sef_receive_status(ANY, &m, &status) != OK) {
            continue;
        }
        if (m.m_type == VM_PAGEFAULT) {
            do_pagefault(&m, status);
            continue;
        }
        if (ipc_is_notify(status) || (status & IPC_FLG_MSG_FROM_KERNEL)) {
            continue;                /* nothing VM asked for */
        }
        int caller = m.m_source;
        int r = dispatch(&m);
        if (r == EDONTREPLY) {
            continue;
        }
        m.m_type = r;
        ipc_sendnb(caller, &m);
    }
}
