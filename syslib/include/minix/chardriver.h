/*
 * minix/chardriver.h -- the driver side of the character-device protocol (minix3-facts-2.md
 * section 1; ABI section "Character-device protocol"), on SEF.
 *
 * A character driver fills a struct chardriver with its handlers, runs sef_startup() (its
 * init callbacks as usual), then calls chardriver_task(), which never returns. The library:
 *   - publishes the DS key "drv.chr.<label>" = 1 (VFS subscribes to drv.chr.* and learns the
 *     driver's endpoint from the label; a restarted instance publishes again, which tells VFS
 *     to re-send what the dead instance had);
 *   - receives (sef_receive_status), decodes the m2 request into a chardriver_req and calls
 *     the handler; a handler returns the reply's REP_STATUS: bytes, OK, 1 (tty open: became
 *     the controlling tty), a negative error, or SUSPEND (the driver keeps a copy of the
 *     request and answers it later with chardriver_revive());
 *   - replies TASK_REPLY (m2_i1 REP_ENDPT = the request's USER_ENDPT, m2_i2 REP_STATUS) with
 *     a non-blocking SEND when the request came by SENDREC (a test program talking to the
 *     driver directly) and with SENDA (asynsend) otherwise (VFS sends with SENDA and never
 *     blocks on a driver);
 *   - tracks which minors were opened since this instance started (the restart rule): a
 *     request other than DEV_OPEN from VFS for a minor VFS has not opened here is answered
 *     ERESTART, so VFS knows that the instance it talks to is new (VFS re-opens and re-sends).
 *     Requests from other processes (direct clients such as hellotest) are not checked: they
 *     do their own open/close around each use. After a live update the new version takes
 *     every minor as open (VFS's opens stay valid: the update is invisible to it);
 *   - revive bookkeeping: chardriver_revive() queues the answer of a suspended request and
 *     notifies the requester (VFS); VFS then sends DEV_STATUS and gets one DEV_REVIVE (m2_i1
 *     REP_ENDPT, m2_i2 REP_STATUS, m2_i3 REP_IO_GRANT) per queued answer, then DEV_NO_STATUS.
 *
 * Handlers that are NULL: open/close answer OK, read/write/ioctl EINVAL / ENOTTY, cancel
 * EINTR. Any other message goes to other() (notifications: interrupts, alarms); without it a
 * notification is dropped and a request of an unknown type is answered EBADREQUEST.
 */
#ifndef _MINIX_CHARDRIVER_H
#define _MINIX_CHARDRIVER_H

#include <stdint.h>
#include <minix/abi.h>
#include <minix/sef.h>

/* One request, as the driver sees it. */
typedef struct {
    int type;               /* DEV_OPEN, DEV_CLOSE, DEV_READ_S, DEV_WRITE_S, DEV_IOCTL_S, CANCEL */
    endpoint_t caller;      /* m_source: who gets the reply and who granted the buffer */
    int minor;              /* m2_i1 */
    endpoint_t user;        /* m2_i2 USER_ENDPT (echoed as REP_ENDPT; for VFS's I/O: VFS) */
    int count;              /* m2_i3: bytes, the ioctl code, or the open access bits */
    uint32_t pos;           /* m2_l1 (m2_l2, the high half, must be 0 for a transfer) */
    int32_t pos_hi;
    int grant;              /* m2_p1: a grant of caller's (GRANT_INVALID for none) */
    int ioctl_user;         /* DEV_IOCTL_S from VFS: m2_l1, the real user endpoint */
    int ipc_status;         /* how the request arrived (SENDREC or SENDA) */
} chardriver_req;

struct chardriver {
    int (*open)(const chardriver_req *r);     /* r->count: R_BIT | W_BIT (| 0x100 O_NOCTTY) */
    int (*close)(const chardriver_req *r);
    int (*read)(const chardriver_req *r);     /* copy with sys_safecopyto(r->caller, r->grant, ...) */
    int (*write)(const chardriver_req *r);    /* sys_safecopyfrom(r->caller, r->grant, ...) */
    int (*ioctl)(const chardriver_req *r);    /* r->count is the code */
    /* CANCEL for a suspended request (r->user, r->grant name it; r->count R_BIT or W_BIT):
       forget it and return the bytes already moved, EINTR, or SUSPEND (a revive follows). */
    int (*cancel)(const chardriver_req *r);
    void (*other)(const message *m, int ipc_status);
};

/* Runs the driver: announce, then receive and answer forever. */
_Noreturn void chardriver_task(const struct chardriver *cd);

/* Answers a request the driver suspended: queues DEV_REVIVE(r->user, r->grant, status) and
   notifies r->caller. A request that came by SENDREC is answered directly (TASK_REPLY).
   Returns OK or ENOSPC (too many answers waiting; the request is answered EIO at once). */
int chardriver_revive(const chardriver_req *r, int status);

/* Answers a request now (what chardriver_task does with a handler's result). */
void chardriver_reply(const chardriver_req *r, int status);

/* Whether minor was opened (by VFS) since this instance started. */
int chardriver_is_open(int minor);

/* The number of minors the restart rule tracks (0 .. CHARDRIVER_MINORS - 1; larger minors
   are not tracked and always pass). */
#define CHARDRIVER_MINORS 256

/* The open bit of DEV_OPEN's count that says O_NOCTTY (octal 0400). */
#define CHARDRIVER_O_NOCTTY 0x100

#endif /* _MINIX_CHARDRIVER_H */
