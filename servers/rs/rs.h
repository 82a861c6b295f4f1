/*
 * rs.h -- the reincarnation server's table of services and the functions its files share.
 *
 * RS is the parent of every system service (minix3-facts.md section 8). It keeps, per service:
 * its label, the program (a copy of the ELF in RS's own memory, so a restart needs no file
 * system), the privileges it was started with, its heartbeat period, and the state of its
 * current instance. A restart makes a NEW process (new endpoint); the crashed instance stays
 * frozen (its signal never ended) until the new one has answered its init, then PM removes it.
 *
 * States (the ABI's RS_* service flags), one at a time besides RS_IN_USE and the markers:
 *   RS_INITIALIZING  an instance was sent RS_INIT and has not answered yet
 *   RS_ACTIVE        running; pinged every period if it has one
 *   RS_TERMINATED    no instance runs: dead, waiting out its back-off (restart_at), or given up
 *   RS_EXITING       asked to stop (RS_DOWN): SIGTERM sent, SIGKILL at the deadline
 *   RS_REFRESHING    asked to stop so that it starts again (RS_REFRESH, RS_RESTART)
 * Markers: RS_NOPINGREPLY (the last death was a missed heartbeat), RS_LATEREPLY (a caller waits),
 * RS_UPDATING (beside RS_ACTIVE: a live update of the service runs; update.c).
 */
#ifndef RS_RS_H
#define RS_RS_H

#include <stdint.h>
#include <stddef.h>
#include <minix/abi.h>
#include <minix/sef.h>

#define NR_SERVICES 32
#define PROGRAM_NAME_LEN 32           /* rs_start.program */
#define ARG_LEN 8                     /* rs_start.args */
#define BOOTARGS_LEN 128              /* a boot service's `args` line of boot.cfg */
#define MAX_BOOT_ARGS 8               /* words of it passed as argv[1..] */

/* Timing (ticks are computed from the clock's frequency at start-up). */
#define DEFAULT_PERIOD_SECONDS 5      /* heartbeat of boot services */
#define INIT_PERIOD_SECONDS 10        /* a starting instance has 2 x this to answer RS_INIT */
#define STOP_GRACE_SECONDS 2          /* SIGTERM, then SIGKILL after this */
#define MAX_BACKOFF_SECONDS 30

/* A program kept in RS's memory (program.c). */
struct program {
    uint8_t *image;        /* the ELF's bytes up to the end of its last loaded segment */
    uint32_t size;         /* bytes in image */
    uint32_t mapped;       /* bytes RS asked VM for (page multiple) */
};

struct service {
    uint32_t flags;                      /* RS_* service flags (above) */
    char label[RS_MAX_LABEL_LEN];
    char program_name[PROGRAM_NAME_LEN];
    char arg[ARG_LEN];                   /* argv[1], or empty */
    char bootargs[BOOTARGS_LEN];         /* a boot service's boot.cfg args (argv[1..] of every
                                            instance, so a restart sees what boot saw), or empty */
    int managed;       /* RS starts, pings and restarts it (every service but PM, VM and RS) */
    int core;          /* may not go down (PM, VM, RS, DS) */
    int endpoint;      /* the current instance (NONE when there is none) */
    int pid;
    int dead_endpoint; /* a crashed instance still frozen in its slot, or NONE */
    uint32_t period;   /* heartbeat in ticks; 0 = not pinged */
    uint32_t restarts; /* completed restarts */
    uint32_t started;  /* uptime at which the current instance answered its init */
    uint32_t last_alive;   /* uptime of its last sign of life (init or ping reply) */
    uint32_t ping_sent;    /* uptime of the unanswered ping, 0 if none */
    uint32_t deadline;     /* INITIALIZING: answer by; EXITING/REFRESHING: SIGKILL at */
    uint32_t restart_at;   /* TERMINATED: restart at this uptime (0: not scheduled) */
    uint32_t backoff;      /* ticks of the last back-off */
    int init_failed;       /* its init callback said no: its death is not a crash */
    int caller;            /* the endpoint waiting for a late reply, or NONE */
    int label_published;   /* DS holds label -> endpoint for the current instance */
    struct program prog;
    priv_spec priv;        /* the privileges every instance gets (targets: see priv.c) */
    int8_t target_svc[PRIV_MAX_IPC_TO];  /* per priv.ipc_to: the service it names, or -1 */
};

extern struct service services[NR_SERVICES];
extern int rs_hz;            /* clock ticks per second */
extern int shutting_down;    /* no more restarts (RS_SHUTDOWN or SIGTERM to RS) */

/* table.c */
uint32_t uptime(void);
struct service *svc_by_label(const char *label);
struct service *svc_by_endpoint(int endpoint);      /* current instance */
struct service *svc_by_dead_endpoint(int endpoint); /* a frozen crashed instance */
struct service *svc_alloc(void);
void svc_free(struct service *sp);
int svc_index(const struct service *sp);
int label_is_valid(const char *label);
int any_initializing(void);

/* program.c: a program of the boot archive, copied into RS's memory. */
int program_load(const char *name, struct program *prog);
void program_free(struct program *prog);

/* priv.c */
int priv_capture(struct service *sp, int endpoint);
int priv_build(const struct service *sp, priv_spec *out);

/* start.c: a new instance, and the end of one. */
int svc_spawn(struct service *sp, const struct program *prog, uint32_t extra_flags, int *child_ep);
int svc_start(struct service *sp, int init_type);
int svc_send_init(struct service *sp, int init_type);
void svc_init_reply(struct service *sp, const message *m);
void svc_remove_instance(int endpoint);

/* lifecycle.c: deaths, restarts, stopping. */
void svc_died(struct service *sp, int signo);
void svc_restart(struct service *sp);
void svc_stop(struct service *sp, int then_flags);
void svc_finish_down(struct service *sp, int result);
void late_reply(struct service *sp, int result);
uint32_t backoff_ticks(const struct service *sp);

/* heartbeat.c */
void heartbeat_start(void);
void heartbeat_tick(uint32_t now);
void ping_reply(struct service *sp);
void alarm_rearm(void);

/* signals.c */
int rs_signal_manager(int target, int signo);
void rs_signal_handler(int signo);

/* update.c: live update (RS_UPDATE; docs/live-update.md). */
int do_update(message *m);
void update_checkin(struct service *sp, message *m);
int update_init_reply(struct service *sp, const message *m);
int update_signal(int target, int signo);
void update_tick(uint32_t now);
int update_deadline(uint32_t *at);

/* signals.c */
int is_termination(int signo);

/* request.c */
void handle_request(message *m);
void reply(int endpoint, int result, message *m);

/* bootcfg.c: the program boot.cfg gives a boot service. */
void bootcfg_load(void);
int bootcfg_program(const char *label, char *out, size_t len);
int bootcfg_args(const char *label, char *out, size_t len);

/* boot.c */
void boot_takeover(void);
void boot_continue(void);

/* label.c: label -> endpoint in DS. */
void label_publish(struct service *sp);
void label_publish_pending(void);
void label_forget_all(void);
void label_delete(struct service *sp);
int DS_current(void);        /* DS's current endpoint, NONE while it is down */

/* calls.c: PM and VM requests, and SENDA. */
int pm_srv_fork(int *child_ep);
int pm_srv_exec(int child, const struct program *prog, const void *frame, size_t frame_len,
                const char *name);
int pm_srv_kill(int endpoint);
int pm_getepinfo(int endpoint, int *euid);
int vm_rs_update(int source, int destination);
void *vm_mmap(size_t bytes);
int vm_munmap(void *addr, size_t bytes);
int asynsend(int dst, const message *m);

#endif /* RS_RS_H */
