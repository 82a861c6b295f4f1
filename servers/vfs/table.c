/*
 * table.c -- the process table (one entry per kernel slot), descriptors and filps.
 *
 * Entries for the boot processes are made at start-up from the kernel's table; PM_FORK and
 * PM_SRV_FORK make the others, PM_EXIT clears them. A caller VFS has no entry for (a service
 * RS started before VFS heard of it) gets a fresh, empty one.
 */
#include <minix/syslib.h>
#include <string.h>
#include "vfs.h"

struct fproc fproc[NR_PROCS];
struct filp filps[NR_FILPS];

int slot_of(int endpoint)
{
    int32_t e = (int32_t)endpoint + MAX_NR_TASKS;
    int32_t s;

    if (e < 0)
        return -1;
    s = e % ENDPOINT_GENERATION_SIZE - MAX_NR_TASKS;
    return s >= 0 && s < NR_PROCS ? (int)s : -1;
}

struct fproc *proc_of(int endpoint)
{
    int s = slot_of(endpoint);

    if (s < 0 || !fproc[s].in_use || fproc[s].endpoint != endpoint)
        return NULL;
    return &fproc[s];
}

struct fproc *proc_new(int endpoint)
{
    int s = slot_of(endpoint);
    struct fproc *rfp;

    if (s < 0)
        return NULL;
    rfp = &fproc[s];
    if (rfp->in_use)
        proc_close_all(rfp);
    memset(rfp, 0, sizeof *rfp);
    rfp->in_use = 1;
    rfp->endpoint = endpoint;
    strcpy(rfp->cwd, "/");
    return rfp;
}

struct filp *filp_get(struct fproc *rfp, int fd)
{
    if (fd < 0 || fd >= OPEN_MAX)
        return NULL;
    return rfp->fd[fd];
}

struct filp *filp_alloc(void)
{
    for (int i = 0; i < NR_FILPS; i++)
        if (filps[i].count == 0) {
            memset(&filps[i], 0, sizeof filps[i]);
            filps[i].count = 1;
            return &filps[i];
        }
    return NULL;
}

int fd_alloc(struct fproc *rfp, int from)
{
    if (from < 0)
        return EINVAL;
    for (int fd = from; fd < OPEN_MAX; fd++)
        if (rfp->fd[fd] == NULL)
            return fd;
    return EMFILE;
}

void filp_release(struct filp *f)
{
    if (f == NULL || f->count <= 0)
        return;
    if (--f->count > 0)
        return;
    switch (f->type) {
    case VN_PIPE:
        pipe_ref(f->pipe, (f->flags & O_ACCMODE) != O_RDONLY, -1);
        break;
    case VN_DEV: {
        const struct dmap *dm = dmap_of(DEV_MAJOR(f->dev));

        if (dm != NULL && dm->style->close != NULL)
            dm->style->close(f, f->dev);
        break;
    }
    default:
        break;
    }
    f->type = VN_FREE;
}

void fd_close(struct fproc *rfp, int fd)
{
    struct filp *f = filp_get(rfp, fd);

    if (f == NULL)
        return;
    rfp->fd[fd] = NULL;
    rfp->cloexec &= ~(1u << fd);
    filp_release(f);
}

void proc_close_all(struct fproc *rfp)
{
    for (int fd = 0; fd < OPEN_MAX; fd++)
        fd_close(rfp, fd);
}

/* Every process the kernel booted (the user ones are session leaders: init is one). */
void table_init(void)
{
    memset(fproc, 0, sizeof fproc);
    memset(filps, 0, sizeof filps);
    for (int s = 0; s < NR_PROCS; s++) {
        proc_info info;

        if (sys_getproc(s, &info) != OK || (info.state & PROC_FREE))
            continue;
        proc_new(info.endpoint)->session_leader = 1;
    }
}
