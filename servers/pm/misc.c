/*
 * misc.c -- REBOOT and GETPROCNR.
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
static int reboot_how, reboot_status, reboot_result;

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
    reboot_how = rbt[how];
    reboot_status = status;
    /* VFS closes every file first (drivers see the closes), then the machine stops. */
    if (vfs_request(PM_REBOOT, mp, 0) == OK)
        return SUSPEND;
    reboot_finish();
    r = reboot_result;
    return r;
}

void reboot_finish(void)
{
    reboot_result = sys_abort(reboot_how, reboot_status);
    printf("the kernel refused to stop the machine: %d\n", reboot_result);
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
