/*
 * vfs.h -- the virtual file system server's shared state and the functions its files give
 * each other (servers/vfs/README.md has the picture).
 *
 * VFS owns every process's file descriptors. Until a file system exists its name space is
 * fixed: "/" holds "bin" (the boot archive's programs, read-only) and "dev" (a fixed table of
 * device files, devtable.c). A descriptor points at a filp (an open file: flags, position and
 * what it is -- a device, a pipe end, a directory or an archive program).
 *
 * VFS never blocks on a driver or on PM: requests to drivers go out with asynsend (SENDA) and
 * the answers come back as messages in the main loop (device.c); a user process whose call
 * cannot finish now is "suspended" (no reply yet; fproc.blocked says on what) and answered
 * later. VFS does block on DS (short SENDRECs to a server that never waits for VFS).
 */
#ifndef VFS_H
#define VFS_H

#include <stdint.h>
#include <stddef.h>
#include <minix/abi.h>
#include <minix/sef.h>

#define NR_FILPS   256      /* open files, all processes together */
#define NR_PIPES   32
#define NR_DREQS   128      /* device requests in flight or suspended */
#define NR_MAJORS  32
#define NR_DRIVERS 16
#define CWD_MAX    64

/* A call handler's return instead of a result: the caller is suspended (answered later). */
#define VFS_SUSPEND (-998)

/* What a filp is. */
enum vnode { VN_FREE, VN_DEV, VN_PIPE, VN_DIR, VN_PROG };

struct filp {
    int count;              /* descriptors pointing here (0: free) */
    int flags;              /* O_ACCMODE bits | O_APPEND | O_NONBLOCK | O_NOCTTY */
    uint32_t pos;
    enum vnode type;
    int dev;                /* VN_DEV: major << 8 | minor; VN_DIR: the directory's inode */
    int pipe;               /* VN_PIPE: the pipe's index */
    int ino;                /* VN_PROG: the program's inode; VN_DIR: the directory's */
    uint32_t size;          /* VN_PROG: its size */
    uint32_t phys;          /* VN_PROG: where its bytes are (physical) */
};

/* What a suspended process waits for. */
enum blocked { BLK_NONE, BLK_PIPE_READ, BLK_PIPE_WRITE, BLK_DEV };

struct fproc {
    int in_use;
    int endpoint;
    struct filp *fd[OPEN_MAX];
    uint32_t cloexec;       /* bit per fd: FD_CLOEXEC */
    char cwd[CWD_MAX];      /* "/", "/bin" or "/dev" */
    int session_leader;
    int ctty;               /* the controlling tty's device (major << 8 | minor), 0: none */

    enum blocked blocked;
    int call;               /* the suspended call (READ, WRITE, OPEN, IOCTL) */
    int fd_no;              /* its descriptor (pipe and device I/O) */
    struct filp *blk_filp;  /* BLK_PIPE_*: the pipe end it uses */
    uint32_t buf;           /* its buffer in the process */
    int count;              /* bytes asked */
    int done;               /* bytes already moved (a pipe write in parts) */
    struct dreq *dreq;      /* BLK_DEV: the request */
    int unpause_reply;      /* PM_UNPAUSE is answered when this process is (pm.c) */
};

extern struct fproc fproc[NR_PROCS];
extern struct filp filps[NR_FILPS];

/* The message being handled and its caller (main.c). */
extern message m_in;
extern message m_out;       /* reply fields besides m_type */
extern struct fproc *fp;

/* main.c */
void reply_to(struct fproc *rfp, int result, message *m);   /* m: fields, or NULL */

/* table.c: processes, descriptors and filps */
int slot_of(int endpoint);
struct fproc *proc_of(int endpoint);            /* the entry of a live endpoint, or NULL */
struct fproc *proc_new(int endpoint);           /* (re)initialises endpoint's entry */
struct filp *filp_get(struct fproc *rfp, int fd);   /* NULL if fd is not open */
struct filp *filp_alloc(void);                  /* count 1, or NULL (ENFILE) */
int fd_alloc(struct fproc *rfp, int from);      /* lowest free fd >= from, or EMFILE */
void filp_release(struct filp *f);              /* one reference less; the last closes it */
void fd_close(struct fproc *rfp, int fd);
void proc_close_all(struct fproc *rfp);
void table_init(void);

/* path.c: the fixed name space */
struct lookup {
    enum vnode type;        /* VN_DIR, VN_DEV, VN_PROG, or VN_FREE: not found */
    int ino;
    int dev;                /* VN_DEV */
    int is_block;           /* VN_DEV: a block device */
    uint32_t phys, size;    /* VN_PROG */
    char path[CWD_MAX];     /* VN_DIR: the canonical path */
};
int copy_path(struct fproc *rfp, uint32_t addr, int len, char *out, size_t cap);
int lookup(struct fproc *rfp, const char *path, struct lookup *res);
int stat_fill(const struct filp *f, const struct lookup *l, vfs_stat *st);

/* calls.c, io.c, misc.c: the user calls (each returns the result, or VFS_SUSPEND) */
int do_open(void);
int do_close(void);
int do_read(void);
int do_write(void);
int do_lseek(void);
int do_dup(void);
int do_pipe(void);
int do_fcntl(void);
int do_ioctl(void);
int do_stat(void);
int do_fstat(void);
int do_chdir(void);
int do_getcwd(void);

/* pipe.c */
int pipe_create(int *pipe_no);
void pipe_ref(int pipe_no, int writer, int delta);     /* a read/write end opened or closed */
int pipe_io(struct fproc *rfp, struct filp *f, int writing, uint32_t buf, int count);
uint32_t pipe_bytes(int pipe_no);
/* Retries the suspended pipe calls that may go on now. */
void pipe_revive_all(void);

/* device.c: majors, drivers, requests */
struct dreq;
typedef void (*dreq_done_t)(struct dreq *d, int status);
struct dreq {
    int in_use;
    int drv;                /* index into the driver table */
    int type;               /* DEV_OPEN, DEV_CLOSE, DEV_READ_S, DEV_WRITE_S, DEV_IOCTL_S, CANCEL */
    int minor;
    int count;              /* bytes, ioctl code or access bits */
    uint32_t pos;
    int user_ep;            /* the process whose memory is involved (NONE: none) */
    uint32_t addr;          /* its buffer (I/O, ioctl) */
    uint32_t size;          /* the grant's size */
    int access;             /* CPF_READ / CPF_WRITE for the driver, 0: no grant */
    int grant;              /* the magic grant, GRANT_INVALID while none */
    int proc;               /* the fproc slot answered when done, -1: nobody */
    int tries;              /* sends to restarted instances so far */
    int state;              /* DQ_QUEUED, DQ_SENT, DQ_SUSPENDED */
    int nonblock;           /* a SUSPEND answer is cancelled at once (EAGAIN) */
    int count_ctty;         /* DEV_OPEN: an answer 1 makes the tty the opener's ctty */
    int cancelled;          /* the owner went away or was interrupted */
    struct filp *filp;      /* position to advance (I/O) */
    struct dreq *target;    /* CANCEL: the parked request it cancels (its grant is that one's) */
    dreq_done_t done;
    struct dreq *next;      /* the driver's queue */
};
enum { DQ_QUEUED, DQ_SENT, DQ_SUSPENDED };

/* A device style: how opens, closes and I/O of a major are carried out. Character devices
   (cdev.c) have three: plain (memory, hello), tty (controlling-tty logic) and ctty (/dev/tty).
   A block style (bdev.c, issue 15) adds its own struct and entries in devtable.c. Each handler
   returns the call's result now, or VFS_SUSPEND (it answers the caller itself later). */
struct dev_style {
    const char *name;
    int (*open)(struct fproc *rfp, struct filp *f, int dev, int flags);
    int (*close)(struct filp *f, int dev);          /* the last descriptor of f went away */
    int (*io)(struct fproc *rfp, struct filp *f, int writing, uint32_t buf, int count);
    int (*ioctl)(struct fproc *rfp, struct filp *f, uint32_t request, uint32_t arg);
};
extern const struct dev_style style_chr, style_tty, style_ctty;
/* bdev.c (issue 15): block devices; the driver is known from DS drv.blk.<label> */
extern const struct dev_style style_blk;
void bdev_driver_up(const char *label, int endpoint);
int bdev_is_driver(int endpoint);
void bdev_reply(const message *m);       /* BDEV_REPLY */

struct dmap {
    const char *label;      /* the driver's label (DS drv.chr.<label> / drv.blk.<label>) */
    const struct dev_style *style;
};
const struct dmap *dmap_of(int major);   /* NULL: no such major */

int driver_of_major(int major);          /* driver index, or -1 (ENXIO) */
int driver_endpoint(int drv);            /* NONE while it is not up */
struct dreq *dreq_new(int drv, int type, int minor);   /* NULL: none free */
void dreq_submit(struct dreq *d);        /* queue it; sends when the driver is free */
void dreq_free(struct dreq *d);
int dev_is_driver(int endpoint);
void dev_reply(const message *m);        /* TASK_REPLY, DEV_REVIVE, DEV_NO_STATUS */
void dev_notified(int endpoint);         /* a driver's notify: ask DEV_STATUS */
void dev_ds_event(void);                 /* DS notified: drivers came (back) */
void dev_init(void);
/* Ends a process's suspended device call: CANCEL to the driver (answer: EINTR to it). */
void dev_cancel(struct fproc *rfp, int reply_eintr);

/* pm.c: the PM_* requests */
void pm_request(void);
void pm_unpause_answered(struct fproc *rfp);   /* rfp got its answer: PM_UNPAUSE_REPLY now */
int pm_is_request(const message *m);

/* devtable.c: the fixed /dev table */
struct devnode {
    const char *name;
    int major, minor;
    int is_block;
};
extern const struct devnode devnodes[];
extern const int nr_devnodes;

#define DEV_MAJOR(d) (((d) >> 8) & 0xFF)
#define DEV_MINOR(d) ((d) & 0xFF)
#define MKDEV(ma, mi) (((ma) << 8) | (mi))

#endif
