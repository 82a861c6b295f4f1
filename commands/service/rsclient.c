/*
 * rsclient.c -- the RS requests of the service command (ABI group rs_requests).
 *
 * One SENDREC to RS each. Labels and buffers are addresses in this program's memory: RS copies
 * them itself (sys_vircopy from the caller), m1_p1 and m1_i1 (a label's length includes its
 * NUL). RS answers RS_UP, RS_DOWN, RS_RESTART and RS_REFRESH once the outcome is known, so
 * these calls wait for the service to be up (or down).
 */
#include <minix/ipc.h>
#include <string.h>
#include "rsclient.h"

int rsc_last_error;

static int code(int r)
{
    switch (r) {
    case EPERM:   return RSC_EPERM;
    case ESRCH:   return RSC_ESRCH;
    case EBUSY:   return RSC_EBUSY;
    case EEXIST:  return RSC_EEXIST;
    case ENOENT:  return RSC_ENOENT;
    case EAGAIN:  return RSC_EAGAIN;
    case EINVAL:  return RSC_EINVAL;
    case ENOEXEC: return RSC_ENOEXEC;
    case ENOSYS:  return RSC_ENOSYS;
    case EINTR:   return RSC_EINTR;
    case ERESTART: return RSC_ERESTART;
    case EDEADEPT: return RSC_EDIED;
    case EDEADSRCDST: case ECALLDENIED:
        return RSC_NORS;
    default:
        rsc_last_error = r;
        return RSC_OTHER;
    }
}

static int call(int type, message *m)
{
    m->m_type = type;
    int r = ipc_sendrec(RS_PROC_NR, m);
    if (r != OK)
        return code(r);
    return m->m_type < 0 ? code(m->m_type) : m->m_type;
}

static int label_call(int type, const char *label, int extra)
{
    message m;
    size_t n = strlen(label);

    if (n == 0 || n >= RS_MAX_LABEL_LEN)
        return RSC_EINVAL;
    memset(&m, 0, sizeof m);
    m.m1_p1 = (void *) label;
    m.m1_i1 = (int) n + 1;
    m.m1_i2 = extra;
    return call(type, &m);
}

int rsc_up(const char *program, const char *label, unsigned period_ticks, const char *arg)
{
    static rs_start rs;
    message m;

    memset(&rs, 0, sizeof rs);
    if (strlen(program) >= sizeof rs.program || (label != NULL && strlen(label) >= sizeof rs.label)
            || (arg != NULL && strlen(arg) >= sizeof rs.args))
        return RSC_EINVAL;
    strcpy(rs.program, program);
    if (label != NULL)
        strcpy(rs.label, label);
    if (arg != NULL)
        strcpy(rs.args, arg);
    rs.period = period_ticks;
    /* rs.priv all zero: RS gives the service an ordinary system process's privileges. */
    memset(&m, 0, sizeof m);
    m.m1_p1 = &rs;
    m.m1_i1 = (int) sizeof rs;
    return call(RS_UP, &m);
}

int rsc_down(const char *label)    { return label_call(RS_DOWN, label, 0); }
int rsc_restart(const char *label) { return label_call(RS_RESTART, label, 0); }
int rsc_refresh(const char *label) { return label_call(RS_REFRESH, label, 0); }

int rsc_shutdown(void)
{
    message m;
    memset(&m, 0, sizeof m);
    return call(RS_SHUTDOWN, &m);
}

int rsc_lookup(const char *label, int *endpoint)
{
    message m;
    size_t n = strlen(label);

    if (n == 0 || n >= RS_MAX_LABEL_LEN)
        return RSC_EINVAL;
    memset(&m, 0, sizeof m);
    m.m1_p1 = (void *) label;
    m.m1_i1 = (int) n + 1;
    int r = call(RS_LOOKUP, &m);
    if (r >= 0)
        *endpoint = m.m1_i1;
    return r < 0 ? r : 0;
}

int rsc_list(struct rsc_info *out, int max)
{
    static rs_service_info table[RS_NR_SYS_PROCS];
    message m;

    memset(&m, 0, sizeof m);
    m.m1_p1 = table;
    m.m1_i1 = (int) sizeof table;
    int r = call(RS_LIST, &m);
    if (r < 0)
        return r;
    int n = m.m1_i1;
    for (int i = 0; i < n && i < max && i < RS_NR_SYS_PROCS; i++) {
        memcpy(out[i].label, table[i].label, sizeof out[i].label);
        out[i].label[sizeof out[i].label - 1] = '\0';
        /* No instance (none yet, or a dead one kept for the restart): -1. */
        out[i].endpoint = table[i].endpoint == NONE || (table[i].flags & RS_TERMINATED)
                          ? -1 : table[i].endpoint;
        out[i].flags = table[i].flags;
        out[i].restarts = table[i].restarts;
        out[i].period = table[i].period;
        out[i].uptime_ticks = table[i].uptime_ticks;
        out[i].backoff_ticks = table[i].backoff_ticks;
        out[i].program_bytes = table[i].program_bytes;
        out[i].pid = table[i].pid;
    }
    return n;
}

int rsc_fi(const char *label, const char *kind)
{
    static const struct { const char *name; int kind; } kinds[] = {
        { "sigkill", RS_FI_SIGKILL }, { "nullderef", RS_FI_NULLDEREF }, { "panic", RS_FI_PANIC },
        { "hang", RS_FI_HANG }, { "badmsg", RS_FI_BADMSG },
    };
    for (unsigned i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kind, kinds[i].name) == 0)
            return label_call(RS_FI, label, kinds[i].kind);
    return RSC_EINVAL;
}

int rsc_update(const char *label, const char *program, int state, unsigned maxtime)
{
    static rs_update req;
    message m;

    memset(&req, 0, sizeof req);
    if (strlen(label) == 0 || strlen(label) >= sizeof req.label
            || (program != NULL && strlen(program) >= sizeof req.program))
        return RSC_EINVAL;
    strcpy(req.label, label);
    if (program != NULL)
        strcpy(req.program, program);
    req.state = state;
    req.maxtime = maxtime;
    memset(&m, 0, sizeof m);
    m.m1_p1 = &req;
    m.m1_i1 = (int) sizeof req;
    return call(RS_UPDATE, &m);
}

const char *rsc_state(unsigned flags)
{
    if (flags & RS_UPDATING)     return "updating";
    if (flags & RS_EXITING)      return "stopping";
    if (flags & RS_REFRESHING)   return "refreshing";
    if (flags & RS_INITIALIZING) return "starting";
    if (flags & RS_ACTIVE)       return "running";
    if (flags & RS_TERMINATED)   return "dead";
    return "-";
}

const char *rsc_strerror(int r)
{
    switch (r) {
    case RSC_EPERM:   return "permission denied";
    case RSC_ESRCH:   return "no such service";
    case RSC_EBUSY:   return "service is busy starting or stopping";
    case RSC_EEXIST:  return "label already in use";
    case RSC_ENOENT:  return "no such program in the boot archive";
    case RSC_EAGAIN:  return "service is being restarted; try again";
    case RSC_EINVAL:  return "invalid argument";
    case RSC_ENOEXEC: return "not a valid program";
    case RSC_NORS:    return "cannot reach the reincarnation server";
    case RSC_ENOSYS:  return "the service does not support live update";
    case RSC_EINTR:   return "the service did not reach the requested state in time";
    case RSC_ERESTART: return "the new version failed its init";
    case RSC_EDIED:   return "the service died while preparing";
    default:          return "error";
    }
}
