/* sef_signal.c -- kernel signals (SYSTEM notifications) and SIGS_SIGNAL_RECEIVED messages. */
#include "sef.h"
#include <minix/ipc.h>
#include <minix/syslib.h>

/* SIGKSIG: this service manages others; take each signalled process and decide. */
static void manage_signals(void)
{
    for (;;) {
        int target;
        uint32_t set;
        if (sys_getksig(&target, &set) != OK || target == NONE) {
            return;
        }
        int gone = 0;
        for (int s = 1; s < NSIG && !gone; s++) {
            if ((set & (1u << s)) == 0) {
                continue;
            }
            int r = sef_cbs.signal_manager != NULL ? sef_cbs.signal_manager(target, s) : OK;
            gone = r == EDEADEPT;
        }
        if (!gone) {
            sys_endksig(target);
        }
    }
}

int sef_intercept_signal(const message *m, int status)
{
    (void) status;
    if (m->m_type == NOTIFY_MESSAGE && m->m_source == SYSTEM) {
        uint32_t set = (uint32_t) m->m2_l1;
        if (set & (1u << SIGKSIG)) {
            manage_signals();
        }
        if (set & (1u << SIGKSIGSM)) {
            /* Signals the kernel holds for a service that manages itself: POSIX ones only. */
            for (int s = 1; s < SIGSNDELAY; s++) {
                if (set & (1u << s)) {
                    sef_cbs.signal_handler(s);
                }
            }
        }
        for (int s = SIGSNDELAY; s < NSIG; s++) {
            if (s != SIGKSIG && s != SIGKSIGSM && (set & (1u << s))) {
                sef_cbs.signal_handler(s);
            }
        }
        return 1;
    }
    if (m->m_type == SIGS_SIGNAL_RECEIVED && m->m_source >= 0 && m->m_source < INIT_PROC_NR) {
        int s = m->m2_i1;
        if (s > 0 && s < NSIG) {
            sef_cbs.signal_handler(s);
        }
        return 1;
    }
    return 0;
}
