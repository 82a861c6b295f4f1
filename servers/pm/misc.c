/*
 * misc.c -- REBOOT, GETPROCNR and the temporary console path WRITE.
 */
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "pm.h"

/* REBOOT's m1_i1 (the POSIX numbering of minix3-facts-2.md section 5). */
#define PM_RB_HALT 0
#define PM_RB_REBOOT 1
#define PM_RB_PANIC 2

#define PM_RB_RESET 4
#define PM_RB_DEFAULT 5

/* REBOOT (m1_i1 how, m1_i2 the machine's exit status; root only): every user process but
   init ends (SIGKILL), then SYS_ABORT stops the machine. Powering off is a halt for this
   machine: the kernel ends the run with the status either way. */
int do_reboot(void)
{
    static const int rbt[] = {
        [PM_RB_HALT] = RBT_HALT, [PM_RB_REBOOT] = RBT_REBOOT, [PM_RB_PANIC] = RBT_PANIC,
        [RBT_POWEROFF] = RBT_HALT, [PM_RB_RESET] = RBT_RESET, [PM_RB_DEFAULT] = RBT_DEFAULT,
    };
    int how = m_in.m1_i1, status = m_in.m1_i2, r;

    if (mp->euid != ROOT_UID)
        return EPERM;
    if (how < PM_RB_HALT || how > PM_RB_DEFAULT)
        return EINVAL;
    for (int s = 0; s < NR_PROCS; s++) {
        struct mproc *rmp = &mproc[s];

        if ((rmp->flags & IN_USE) && !(rmp->flags & (ZOMBIE | EXITING | SYSTEM_PROC))
            && rmp->pid != INIT_PID)
            exit_proc(rmp, 0, SIGKILL);
    }
    r = sys_abort(rbt[how], status);
    printf("the kernel refused to stop the machine: %d\n", r);
    return r;
}

/* GETPROCNR (ours): m3_ca1 a process name (empty: the caller) -> its pid, m2_i1 endpoint. */
int do_getprocnr(void)
{
    char name[sizeof m_in.m3_ca1 + 1];

    memcpy(name, m_in.m3_ca1, sizeof m_in.m3_ca1);
    name[sizeof m_in.m3_ca1] = '\0';
    if (name[0] == '\0') {
        m_out.m2_i1 = mp->endpoint;
        return mp->pid;
    }
    for (int s = 0; s < NR_PROCS; s++) {
        struct mproc *rmp = &mproc[s];

        if ((rmp->flags & IN_USE) && !(rmp->flags & (ZOMBIE | EXITING))
            && strncmp(rmp->name, name, sizeof rmp->name) == 0 && strlen(name) < sizeof rmp->name) {
            m_out.m2_i1 = rmp->endpoint;
            return rmp->pid;
        }
    }
    return ESRCH;
}

/* WRITE (m1_i1 fd, m1_i2 bytes, m1_p1 buffer) on fd 1 and 2 until VFS exists: at most
   DIAG_MAX_LENGTH bytes per call are copied in and printed under the caller's name; the
   reply is the count taken (libc loops for the rest). The tty issue removes this path. */
int do_write(void)
{
    static char buf[DIAG_MAX_LENGTH];
    int fd = m_in.m1_i1, bytes = m_in.m1_i2, r;
    size_t n;

    if (fd != 1 && fd != 2)
        return EBADF;
    if (bytes < 0)
        return EINVAL;
    if (bytes == 0)
        return 0;
    n = bytes < DIAG_MAX_LENGTH ? (size_t)bytes : DIAG_MAX_LENGTH;
    if (sys_vircopy(mp->endpoint, (uint32_t)(uintptr_t)m_in.m1_p1, SELF,
                    (uint32_t)(uintptr_t)buf, n) != OK)
        return EFAULT;
    r = sys_diag_for(mp->endpoint, buf, n);
    return r == OK ? (int)n : r;
}
