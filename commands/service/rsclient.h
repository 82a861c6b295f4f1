/*
 * rsclient.h -- the service command's requests to RS (rsclient.c), in plain C types.
 *
 * rsclient.c speaks the message protocol, so it sees <minix/abi.h> (negative error numbers);
 * service.c uses libc's <stdio.h> and friends. This header is what they share: every function
 * returns 0 (or a count) on success, else an RSC_* code; rsc_strerror() words it.
 */
#ifndef RSCLIENT_H
#define RSCLIENT_H

enum {
    RSC_EPERM = -1,     /* not allowed (not root, or a core service) */
    RSC_ESRCH = -2,     /* no service with that label */
    RSC_EBUSY = -3,     /* the service is starting or stopping */
    RSC_EEXIST = -4,    /* the label is taken */
    RSC_ENOENT = -5,    /* no such program in the boot archive */
    RSC_EAGAIN = -6,    /* the service has no instance right now (it is being restarted) */
    RSC_EINVAL = -7,    /* a bad label or argument */
    RSC_ENOEXEC = -8,   /* the program is not a valid ELF */
    RSC_NORS = -9,      /* RS cannot be reached */
    RSC_OTHER = -10,    /* another error: rsc_last_error holds its number */
    /* Live update's outcomes (rsc_update). */
    RSC_ENOSYS = -11,   /* the service cannot be updated (no live-update callbacks) */
    RSC_EINTR = -12,    /* the service did not reach the state in time: cancelled */
    RSC_ERESTART = -13, /* the new version failed its init: rolled back, the old one serves on */
    RSC_EDIED = -14     /* the service died while preparing (it is restarted) */
};

/* The system's error number behind the last RSC_OTHER. */
extern int rsc_last_error;

struct rsc_info {
    char label[16];
    int endpoint;       /* -1: no instance right now */
    unsigned flags, restarts, period, uptime_ticks, backoff_ticks, program_bytes;
    int pid;
};

int rsc_up(const char *program, const char *label, unsigned period_ticks, const char *arg);
int rsc_down(const char *label);
int rsc_restart(const char *label);
int rsc_refresh(const char *label);
int rsc_shutdown(void);
int rsc_lookup(const char *label, int *endpoint);
/* Fills at most max entries; returns how many services RS has (may be more than max). */
int rsc_list(struct rsc_info *out, int max);
/* kind: "sigkill", "nullderef", "panic", "hang" or "badmsg"; RSC_EINVAL for another. */
int rsc_fi(const char *label, const char *kind);

/* Live update: replaces LABEL's running instance by a new one of program (NULL or "": the
   service's own) at the same endpoint. state: SEF_LU_STATE_* (1 work free, 2 request free,
   3 protocol free, 4+ the service's own); maxtime: prepare time in ticks (0: RS's default). */
int rsc_update(const char *label, const char *program, int state, unsigned maxtime);

/* A word for a service's state flags ("running", "starting", ...). */
const char *rsc_state(unsigned flags);
const char *rsc_strerror(int r);

#endif
