/*
 * getset.c -- the identity calls: GETPID (m_type pid, m2_i1 parent pid), GETUID and GETGID
 * (m_type real id, m2_i1 effective id), SETUID and SETGID, SETSID and GETPGRP.
 */
#include "pm.h"

int do_getpid(void)
{
    m_out.m2_i1 = mproc[mp->parent].pid;
    return mp->pid;
}

int do_getuid(void)
{
    m_out.m2_i1 = mp->euid;
    return mp->ruid;
}

int do_getgid(void)
{
    m_out.m2_i1 = mp->egid;
    return mp->rgid;
}

/* Root may become anyone; others only what they already are (POSIX). Both ids change. */
int do_setuid(void)
{
    int uid = m_in.m1_i1;

    if (uid < 0)
        return EINVAL;
    if (mp->euid != ROOT_UID && uid != mp->ruid)
        return EPERM;
    mp->ruid = mp->euid = uid;
    return OK;
}

int do_setgid(void)
{
    int gid = m_in.m1_i1;

    if (gid < 0)
        return EINVAL;
    if (mp->euid != ROOT_UID && gid != mp->rgid)
        return EPERM;
    mp->rgid = mp->egid = gid;
    return OK;
}

/* A process group leader may not start a session (its group would be split). */
int do_setsid(void)
{
    if (mp->pgrp == mp->pid)
        return EPERM;
    mp->pgrp = mp->pid;
    /* VFS forgets its controlling tty before the caller goes on (answered in vfs.c). */
    if (vfs_request(PM_SETSID, mp, 0) == OK) {
        mp->flags |= VFS_WAIT;
        return SUSPEND;
    }
    return mp->pgrp;
}

int do_getpgrp(void)
{
    return mp->pgrp;
}
