/*
 * pipe.c -- pipes: a PIPE_BUF-byte ring in VFS's memory per pipe, and the processes waiting
 * on one.
 *
 * A read takes what is there (at most the count); an empty pipe suspends the reader while a
 * writer exists (O_NONBLOCK: EAGAIN), and is end of file (0) once no writer is left. A write
 * of at most PIPE_BUF bytes goes in whole or waits until it fits (POSIX atomicity); a larger
 * one goes in parts, the writer suspended in between. With no reader left the writer gets
 * EPIPE and SIGPIPE (sys_kill: PM, the signal manager, decides what it does). Every change of
 * a pipe (bytes in, bytes out, an end closed) retries the processes suspended on pipes.
 */
#include <minix/syslib.h>
#include <string.h>
#include "vfs.h"

struct pipe {
    int in_use;
    int readers, writers;   /* filps open on each end */
    uint32_t head, len;     /* ring: first byte, bytes in it */
    char buf[PIPE_BUF];
};
static struct pipe pipes[NR_PIPES];

int pipe_create(int *pipe_no)
{
    for (int i = 0; i < NR_PIPES; i++)
        if (!pipes[i].in_use) {
            memset(&pipes[i], 0, sizeof pipes[i]);
            pipes[i].in_use = 1;
            *pipe_no = i;
            return OK;
        }
    return ENFILE;
}

void pipe_ref(int pipe_no, int writer, int delta)
{
    struct pipe *p = &pipes[pipe_no];

    if (writer)
        p->writers += delta;
    else
        p->readers += delta;
    if (p->readers <= 0 && p->writers <= 0) {
        p->in_use = 0;
        return;
    }
    if (delta < 0)
        pipe_revive_all();       /* EOF for readers, EPIPE for writers */
}

uint32_t pipe_bytes(int pipe_no)
{
    return pipes[pipe_no].len;
}

/* Moves n bytes between the ring and the process (in both parts of the ring). */
static int ring_copy(struct pipe *p, struct fproc *rfp, int writing, uint32_t addr, uint32_t n)
{
    uint32_t at = writing ? (p->head + p->len) % PIPE_BUF : p->head;
    uint32_t first = PIPE_BUF - at < n ? PIPE_BUF - at : n;
    int r;

    if (writing) {
        r = sys_vircopy(rfp->endpoint, addr, SELF, (uint32_t)(uintptr_t)(p->buf + at), first);
        if (r == OK && n > first)
            r = sys_vircopy(rfp->endpoint, addr + first, SELF, (uint32_t)(uintptr_t)p->buf,
                            n - first);
        if (r != OK)
            return EFAULT;
        p->len += n;
    } else {
        r = sys_vircopy(SELF, (uint32_t)(uintptr_t)(p->buf + at), rfp->endpoint, addr, first);
        if (r == OK && n > first)
            r = sys_vircopy(SELF, (uint32_t)(uintptr_t)p->buf, rfp->endpoint, addr + first,
                            n - first);
        if (r != OK)
            return EFAULT;
        p->head = (p->head + n) % PIPE_BUF;
        p->len -= n;
    }
    return OK;
}

/* One attempt at rfp's pipe call (rfp->buf, count, done, blk_filp): the result, or
   VFS_SUSPEND. *moved says whether bytes moved (others may go on now). */
static int pipe_step(struct fproc *rfp, int writing, int *moved, int *sigpipe)
{
    struct filp *f = rfp->blk_filp;
    struct pipe *p = &pipes[f->pipe];
    int nonblock = (f->flags & O_NONBLOCK) != 0;
    uint32_t want = (uint32_t)(rfp->count - rfp->done), n;

    if (!writing) {
        if (p->len == 0) {
            if (p->writers <= 0)
                return 0;
            return nonblock ? EAGAIN : VFS_SUSPEND;
        }
        n = p->len < want ? p->len : want;
        if (ring_copy(p, rfp, 0, rfp->buf, n) != OK)
            return EFAULT;
        *moved = 1;
        return (int)n;
    }
    for (;;) {
        uint32_t room;

        if (p->readers <= 0) {
            *sigpipe = 1;
            return rfp->done > 0 ? rfp->done : EPIPE;
        }
        want = (uint32_t)(rfp->count - rfp->done);
        if (want == 0)
            return rfp->done;
        room = PIPE_BUF - p->len;
        if (room == 0 || (rfp->count <= PIPE_BUF && room < want)) {
            if (nonblock)
                return rfp->done > 0 ? rfp->done : EAGAIN;
            return VFS_SUSPEND;
        }
        n = room < want ? room : want;
        if (ring_copy(p, rfp, 1, rfp->buf + (uint32_t)rfp->done, n) != OK)
            return rfp->done > 0 ? rfp->done : EFAULT;
        rfp->done += (int)n;
        *moved = 1;
        if (nonblock)
            return rfp->done;
    }
}

/* Finishes rfp's call with result r (replies, and raises SIGPIPE after the reply). */
static void finish(struct fproc *rfp, int r, int sigpipe)
{
    rfp->blocked = BLK_NONE;
    rfp->blk_filp = NULL;
    reply_to(rfp, r, NULL);
    if (sigpipe)
        sys_kill(rfp->endpoint, SIGPIPE);
}

int pipe_io(struct fproc *rfp, struct filp *f, int writing, uint32_t buf, int count)
{
    int moved = 0, sigpipe = 0, r;

    rfp->buf = buf;
    rfp->count = count;
    rfp->done = 0;
    rfp->blk_filp = f;
    r = pipe_step(rfp, writing, &moved, &sigpipe);
    if (r == VFS_SUSPEND) {
        rfp->blocked = writing ? BLK_PIPE_WRITE : BLK_PIPE_READ;
        rfp->call = writing ? WRITE : READ;
    } else {
        rfp->blk_filp = NULL;
    }
    if (moved)
        pipe_revive_all();
    if (sigpipe) {
        /* Answer first, so that the signal finds the process out of VFS. */
        finish(rfp, r, 1);
        return VFS_SUSPEND;     /* already answered */
    }
    return r;
}

void pipe_revive_all(void)
{
    static int running;
    int progress = 1, rounds = 0;

    if (running)
        return;                 /* the outer loop sees the change */
    running = 1;
    while (progress && rounds++ < 64) {
        progress = 0;
        for (int s = 0; s < NR_PROCS; s++) {
            struct fproc *rfp = &fproc[s];
            int moved = 0, sigpipe = 0, writing, r;

            if (!rfp->in_use || (rfp->blocked != BLK_PIPE_READ && rfp->blocked != BLK_PIPE_WRITE))
                continue;
            writing = rfp->blocked == BLK_PIPE_WRITE;
            r = pipe_step(rfp, writing, &moved, &sigpipe);
            if (moved)
                progress = 1;
            if (r != VFS_SUSPEND) {
                finish(rfp, r, sigpipe);
                progress = 1;
            }
        }
    }
    running = 0;
}
