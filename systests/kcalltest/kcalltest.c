/*
 * kcalltest -- the kernel calls, each with one success and its rejections, checked from a
 * guest process with every call in its bitmap. One program in several roles (argv[1]), so
 * that an address in one role's process is valid in another's (EXEC and SIGSEND point a
 * process at a function of this program):
 *
 *   main @forkee @basic @victim @ward @luser   the checks; powers off with the failure count
 *   forkee @main    is forked (by slot, by anyone, and by itself); serves requests; signal
 *                   manager of ward
 *   basic @main     a `system BASIC` process: makes every call once and reports each result
 *   victim @main    is disallowed, killed, and gets a SIGSEND frame (handler + sigreturn)
 *   ward @main      is stopped, rescheduled, copied to and from
 *   user @basic     a user process: sends to basic forever (basic never receives from it)
 *
 * Every check prints "ok NAME" or "FAIL NAME: got X, expected Y" (../common/ktest.h).
 */
#include <minix/ipc.h>
#include <minix/safecopies.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ktest.h"
#include "../testproto.h"

/* This program's requests; each is answered with the type + 1. */
#define KT_WHO 0x7200        /* -> m3_i1 endpoint, m3_ca1 label (sys_whoami) */
#define KT_FORK_SELF 0x7202  /* forkee forks itself -> m1_i1 result, m1_i2 child, m1_i3 1 in the child */
#define KT_WAIT_ON 0x7204    /* forkee answers, receives from m1_i1, then sends KT_WAIT_DONE */
#define KT_WAIT_DONE 0x7206  /* m1_i1 the result of that receive */
#define KT_DEVIO 0x7208      /* sys_inb(m1_i1) -> m1_i1 result, m1_i2 value */
#define KT_SIGINFO 0x720A    /* forkee -> m1_i1 endpoint, m1_i2 set, m1_i3 ENDKSIG result it last saw */
#define KT_MAILBOX 0x720C    /* -> m3_ca1 the mailbox */
#define KT_PREPARE 0x720E    /* victim answers, then spins until its signal handler has run */
#define KT_SIGRET 0x7210     /* victim -> main from the signal trampoline: m2_i1 signo, m2_p1 context */
#define KT_SIGREPORT 0x7212  /* victim -> main after sigreturn: m1_i1/i2 signo seen, m1_i3 marker */
#define KT_EXEC_PROBE 0x7214 /* exec'd code -> m3_i1 EXEC_MARK, m3_ca1 label */
#define KT_REPORT 0x7216     /* basic -> main: m1_i1 index in basic_calls, m1_i2 result */
#define KT_REPORT_END 0x7218 /* basic -> main: m1_i1 count */

#define EXEC_MARK 0xE8EC
#define MARKER 0xC0FFEE42
#define BAD_EP 12345         /* slot 12345 does not exist */
#define SCRATCH 0x2FF        /* COM2's scratch register */
#define SLOT_A 40            /* free slots for fork by slot */
#define SLOT_B 41

#define A(p) ((uint32_t)(uintptr_t)(p))

static int main_ep, forkee_ep, basic_ep, victim_ep, ward_ep, luser_ep, self_ep;
static char my_label[16];
static char mailbox[44];

/* ---- basic: every kernel call once, from a process with the BASIC set ------------------- */

enum { MUST_DENY, MAY_CALL, OUT_OF_RANGE };

static const struct kcall {
    int call;
    const char *name;
    int kind;
} basic_calls[] = {
    {SYS_FORK, "FORK", MUST_DENY},
    {SYS_EXEC, "EXEC", MUST_DENY},
    {SYS_CLEAR, "CLEAR", MUST_DENY},
    {SYS_SCHEDULE, "SCHEDULE", MUST_DENY},
    {SYS_PRIVCTL, "PRIVCTL", MUST_DENY},
    {SYS_TRACE, "TRACE", MUST_DENY},
    {SYS_KILL, "KILL", MUST_DENY},
    {SYS_GETKSIG, "GETKSIG", MUST_DENY},
    {SYS_ENDKSIG, "ENDKSIG", MUST_DENY},
    {SYS_SIGSEND, "SIGSEND", MUST_DENY},
    {SYS_SIGRETURN, "SIGRETURN", MUST_DENY},
    {SYS_NEWMAP, "NEWMAP", MUST_DENY},
    {SYS_MEMSET, "MEMSET", MUST_DENY},
    {SYS_UMAP, "UMAP", MUST_DENY},
    {SYS_VIRCOPY, "VIRCOPY", MUST_DENY},
    {SYS_PHYSCOPY, "PHYSCOPY", MUST_DENY},
    {SYS_UMAP_REMOTE, "UMAP_REMOTE", MUST_DENY},
    {SYS_IRQCTL, "IRQCTL", MUST_DENY},
    {SYS_INT86, "INT86", MUST_DENY},
    {SYS_DEVIO, "DEVIO", MUST_DENY},
    {SYS_SDEVIO, "SDEVIO", MUST_DENY},
    {SYS_VDEVIO, "VDEVIO", MUST_DENY},
    {SYS_ABORT, "ABORT", MUST_DENY},
    {SYS_IOPENABLE, "IOPENABLE", MUST_DENY},
    {SYS_READBIOS, "READBIOS", MUST_DENY},
    {SYS_SPROF, "SPROF", MUST_DENY},
    {SYS_CPROF, "CPROF", MUST_DENY},
    {SYS_STIME, "STIME", MUST_DENY},
    {SYS_VMCTL, "VMCTL", MUST_DENY},
    {SYS_VTIMER, "VTIMER", MUST_DENY},
    {SYS_RUNCTL, "RUNCTL", MUST_DENY},
    {SYS_GETMCONTEXT, "GETMCONTEXT", MUST_DENY},
    {SYS_SETMCONTEXT, "SETMCONTEXT", MUST_DENY},
    {SYS_UPDATE, "UPDATE", MUST_DENY},
    {SYS_SCHEDCTL, "SCHEDCTL", MUST_DENY},
    /* The BASIC set (EXIT is left out: it would end the process). */
    {SYS_SAFECOPYFROM, "SAFECOPYFROM", MAY_CALL},
    {SYS_SAFECOPYTO, "SAFECOPYTO", MAY_CALL},
    {SYS_VSAFECOPY, "VSAFECOPY", MAY_CALL},
    {SYS_GETINFO, "GETINFO", MAY_CALL},
    {SYS_TIMES, "TIMES", MAY_CALL},
    {SYS_SETALARM, "SETALARM", MAY_CALL},
    {SYS_SETGRANT, "SETGRANT", MAY_CALL},
    {SYS_SAFEMAP, "SAFEMAP", MAY_CALL},
    {SYS_SAFEREVMAP, "SAFEREVMAP", MAY_CALL},
    {SYS_SAFEUNMAP, "SAFEUNMAP", MAY_CALL},
    {SYS_PROFBUF, "PROFBUF", MAY_CALL},
    {SYS_SYSCTL, "SYSCTL", MAY_CALL},
    {SYS_STATECTL, "STATECTL", MAY_CALL},
    {KERNEL_CALL - 1, "KERNEL_CALL - 1", OUT_OF_RANGE},
    {KERNEL_CALL + NR_SYS_CALLS, "KERNEL_CALL + NR_SYS_CALLS", OUT_OF_RANGE},
};
#define NR_BASIC_CALLS ((int)(sizeof basic_calls / sizeof basic_calls[0]))

/* Makes each call with an all-zero message, then reports the results one message each. Its
   first report blocks until main takes it: main uses that to see a process that is sending. */
static _Noreturn void basic_role(void)
{
    static int results[NR_BASIC_CALLS];
    message m;

    for (int i = 0; i < NR_BASIC_CALLS; i++) {
        memset(&m, 0, sizeof m);
        results[i] = _kernel_call(basic_calls[i].call, &m);
    }
    for (int i = 0; i < NR_BASIC_CALLS; i++) {
        memset(&m, 0, sizeof m);
        m.m_type = KT_REPORT;
        m.m1_i1 = i;
        m.m1_i2 = results[i];
        ipc_send(main_ep, &m);
    }
    memset(&m, 0, sizeof m);
    m.m_type = KT_REPORT_END;
    m.m1_i1 = NR_BASIC_CALLS;
    ipc_send(main_ep, &m);
    for (;;) {
        ipc_receive(main_ep, &m, NULL);
    }
}

/* ---- the helpers' request loop ----------------------------------------------------------- */

/* Requests every helper answers: echo, who am I, what is in the mailbox. */
static void serve_common(const message *m)
{
    message r;
    int ep = NONE;

    memset(&r, 0, sizeof r);
    switch (m->m_type) {
    case ECHO_REQUEST:
        r = *m;
        break;
    case KT_WHO:
        sys_whoami(&ep, r.m3_ca1, sizeof r.m3_ca1, NULL);
        r.m3_i1 = ep;
        break;
    case KT_MAILBOX:
        memcpy(r.m3_ca1, mailbox, sizeof r.m3_ca1);
        break;
    default:
        return; /* notifications and anything unknown get no answer */
    }
    r.m_type = m->m_type + 1;
    ipc_send(m->m_source, &r);
}

/* forkee as ward's signal manager: what it last took and ended. */
static int sig_ep = NONE, sig_end = 1;
static uint32_t sig_set;

static void forkee_signals(void)
{
    int ep;
    uint32_t set;

    while (sys_getksig(&ep, &set) == OK && ep != NONE) {
        sig_ep = ep;
        sig_set = set;
        sig_end = sys_endksig(ep);
    }
}

/* forkee forks itself: the parent answers the request; the child (once it may run) sends the
   same answer to the requester, saying it is the child. */
static void forkee_fork_self(const message *m)
{
    message r;
    int child = NONE, me = NONE;
    int result = sys_fork(SELF, -1, 0, &child);

    sys_whoami(&me, NULL, 0, NULL);
    memset(&r, 0, sizeof r);
    r.m_type = KT_FORK_SELF + 1;
    r.m1_i1 = result;
    r.m1_i2 = child;
    r.m1_i3 = result == OK && me == child;
    ipc_send(m->m_source, &r);
}

/* Answers at once, then receives from m1_i1 and tells the requester how that ended. */
static void forkee_wait_on(const message *m)
{
    message r, w;
    int from = m->m_source;

    memset(&r, 0, sizeof r);
    r.m_type = KT_WAIT_ON + 1;
    ipc_send(from, &r);
    memset(&w, 0, sizeof w);
    int result = ipc_receive(m->m1_i1, &w, NULL);
    memset(&r, 0, sizeof r);
    r.m_type = KT_WAIT_DONE;
    r.m1_i1 = result;
    ipc_send(from, &r);
}

static _Noreturn void forkee_role(void)
{
    message m, r;

    for (;;) {
        /* Cleared before each receive: a copy made while we wait here (fork by slot) that
           finds its receive ended sees an empty message and ignores it. */
        memset(&m, 0, sizeof m);
        if (ipc_receive(ANY, &m, NULL) != OK) {
            continue;
        }
        if (m.m_source == SYSTEM && m.m_type == NOTIFY_MESSAGE) {
            forkee_signals();
            continue;
        }
        memset(&r, 0, sizeof r);
        switch (m.m_type) {
        case KT_FORK_SELF:
            forkee_fork_self(&m);
            break;
        case KT_WAIT_ON:
            forkee_wait_on(&m);
            break;
        case KT_DEVIO: {
            uint32_t value = 0;
            r.m1_i1 = sys_inb(m.m1_i1, &value);
            r.m1_i2 = (int32_t)value;
            r.m_type = KT_DEVIO + 1;
            ipc_send(m.m_source, &r);
            break;
        }
        case KT_SIGINFO:
            r.m_type = KT_SIGINFO + 1;
            r.m1_i1 = sig_ep;
            r.m1_i2 = (int32_t)sig_set;
            r.m1_i3 = sig_end;
            ipc_send(m.m_source, &r);
            break;
        default:
            serve_common(&m);
        }
    }
}

/* Where EXEC points a child of forkee: answers every request with EXEC_MARK and its label. */
__attribute__((used, noinline)) _Noreturn void kt_exec_entry(void)
{
    message m;

    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type == NOTIFY_MESSAGE) {
            continue;
        }
        int src = m.m_source, type = m.m_type;
        memset(&m, 0, sizeof m);
        m.m_type = type + 1;
        m.m3_i1 = EXEC_MARK;
        sys_whoami(NULL, m.m3_ca1, sizeof m.m3_ca1, NULL);
        ipc_send(src, &m);
    }
}

/* victim's signal handling: SIGSEND starts kt_handler(signo, ctx) with kt_sigtramp as its
   return address; the trampoline asks main to SIGRETURN us. */
static volatile int handled;
static volatile int got_signo, got_ctx_signo;

__attribute__((used, noinline)) void kt_handler(int signo, sigcontext *ctx)
{
    got_signo = signo;
    got_ctx_signo = ctx->signo;
    handled = 1;
}

__attribute__((used, noinline)) void kt_sigtramp_c(int signo, sigcontext *ctx)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = KT_SIGRET;
    m.m2_i1 = signo;
    m.m2_p1 = ctx;
    ipc_send(main_ep, &m);
    for (;;) {
        /* main's SIGRETURN takes us back to where the signal came */
    }
}

/* Entered by the handler's return with [signo][ctx] on the stack: calls kt_sigtramp_c. */
void kt_sigtramp(void);
__asm__(".text\n"
        ".globl kt_sigtramp\n"
        "kt_sigtramp:\n"
        "\tcall kt_sigtramp_c\n"
        "1:\tjmp 1b\n");

/* Answers, then spins until the handler has run; the answer that follows proves the process
   came back here with its state intact. */
static void victim_prepare(const message *m)
{
    volatile uint32_t marker = MARKER;
    message r;

    handled = 0;
    memset(&r, 0, sizeof r);
    r.m_type = KT_PREPARE + 1;
    ipc_send(m->m_source, &r);
    while (!handled) {
    }
    memset(&r, 0, sizeof r);
    r.m_type = KT_SIGREPORT;
    r.m1_i1 = got_signo;
    r.m1_i2 = got_ctx_signo;
    r.m1_i3 = (int32_t)marker;
    ipc_send(main_ep, &r);
}

static _Noreturn void helper_role(int victim)
{
    message m;

    for (;;) {
        memset(&m, 0, sizeof m);
        if (ipc_receive(ANY, &m, NULL) != OK) {
            continue;
        }
        if (victim && m.m_type == KT_PREPARE) {
            victim_prepare(&m);
        } else {
            serve_common(&m);
        }
    }
}

static _Noreturn void user_role(int target)
{
    message m;

    for (;;) {
        memset(&m, 0, sizeof m);
        m.m_type = ECHO_REQUEST;
        ipc_sendrec(target, &m);
    }
}

/* ---- main: helpers for the checks -------------------------------------------------------- */

static int ask(int ep, message *m, int type)
{
    m->m_type = type;
    return ipc_sendrec(ep, m);
}

static int echo_ok(int ep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = 0x1234;
    return ask(ep, &m, ECHO_REQUEST) == OK && m.m_source == ep && m.m_type == ECHO_REQUEST + 1 &&
           m.m1_i1 == 0x1234;
}

/* An ECHO_REQUEST to ep that never blocks us (SENDA), for processes that may not run. */
static asynmsg async_table[1];

static void post_echo(int ep)
{
    memset(async_table, 0, sizeof async_table);
    async_table[0].flags = AMF_VALID;
    async_table[0].dst = ep;
    async_table[0].msg.m_type = ECHO_REQUEST;
    ipc_senda(async_table, 1);
}

/* Whether ep's answer arrives within `ticks` (use only when nothing else is due). */
static int answer_within(int ep, int ticks)
{
    message m;

    sys_setalarm((uint32_t)ticks, 0);
    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK) {
            continue;
        }
        if (m.m_source == CLOCK && m.m_type == NOTIFY_MESSAGE) {
            return 0;
        }
        if (m.m_source == ep) {
            sys_setalarm(0, 0);
            return 1;
        }
    }
}


/* Waits for SYSTEM's notification (*notified says whether it came), then takes the kernel
   signals of want_ep with GETKSIG; any other process's that show up are ended and noted.
   Returns want_ep's set (0 if GETKSIG never gave it). */
static uint32_t take_signals(int want_ep, int *notified)
{
    int ep;
    uint32_t set, wanted = 0;

    *notified = await_system(10);
    while (sys_getksig(&ep, &set) == OK && ep != NONE) {
        if (ep == want_ep) {
            wanted = set;
        } else {
            printf("note: signals 0x%x for endpoint %d, ended\n", (unsigned)set, ep);
            sys_endksig(ep);
        }
    }
    return wanted;
}

static void state_has(const char *name, int ep, uint32_t bits)
{
    proc_info p = proc_of(ep);
    check_true(name, (p.state & bits) == bits, nm("state 0x%x", (unsigned)p.state));
}

static void state_lacks(const char *name, int ep, uint32_t bits)
{
    proc_info p = proc_of(ep);
    check_true(name, (p.state & bits) == 0, nm("state 0x%x", (unsigned)p.state));
}

static void call_bit(priv_spec *spec, int call)
{
    int n = call - KERNEL_CALL;
    spec->call_mask[n / 32] |= 1u << (n % 32);
}

/* A privilege description: the IPC traps, the basic calls (plus DEVIO if devio), IPC with
   main only, COM2's scratch register, main as signal manager. */
static void make_spec(priv_spec *spec, int devio)
{
    static const int basic[] = {SYS_EXIT,       SYS_SAFECOPYFROM, SYS_SAFECOPYTO, SYS_VSAFECOPY, SYS_GETINFO,
                                SYS_TIMES,      SYS_SETALARM,     SYS_SETGRANT,   SYS_SAFEMAP,   SYS_SAFEREVMAP,
                                SYS_SAFEUNMAP,  SYS_PROFBUF,      SYS_SYSCTL,     SYS_STATECTL};

    memset(spec, 0, sizeof *spec);
    spec->flags = SYS_PROC | PREEMPTIBLE | CHECK_IO_PORT | CHECK_IRQ | CHECK_MEM;
    spec->trap_mask = (1u << SEND) | (1u << RECEIVE) | (1u << SENDREC) | (1u << NOTIFY) | (1u << SENDNB) |
                      (1u << SENDA);
    for (size_t i = 0; i < sizeof basic / sizeof basic[0]; i++) {
        call_bit(spec, basic[i]);
    }
    if (devio) {
        call_bit(spec, SYS_DEVIO);
    }
    spec->sig_mgr = self_ep;
    spec->nr_ipc_to = 1;
    spec->ipc_to[0] = self_ep;
    spec->nr_io = 1;
    spec->io[0] = SCRATCH;
    spec->io[1] = SCRATCH;
}

/* Asks ep (a forkee or a child of it) to read a port: returns the result, *value the byte. */
static int remote_inb(int ep, int port, uint32_t *value)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = port;
    if (ask(ep, &m, KT_DEVIO) != OK || m.m_type != KT_DEVIO + 1) {
        return EGENERIC;
    }
    *value = (uint32_t)m.m1_i2 & 0xFF;
    return m.m1_i1;
}

/* ---- main: the checks -------------------------------------------------------------------- */

static void setgrant_checks(void)
{
    static cp_grant table[2];

    check("SETGRANT registers a table", sys_setgrant(table, 2), OK);
    check("SETGRANT with a negative entry count is EINVAL", sys_setgrant(table, -1), EINVAL);
    check("SETGRANT with no table", sys_setgrant(NULL, 0), OK);
}

/* basic is blocked sending its first report to us. */
static void busy_target_checks(void)
{
    check_true("basic blocks sending its first report", wait_state(basic_ep, PROC_SENDING, 30), "not sending");
    check("RUNCTL stop with RC_DELAY on a process that is sending is EBUSY",
          sys_runctl(basic_ep, RC_STOP, RC_DELAY), EBUSY);
    check("UPDATE of a process that is sending is EBUSY", sys_update(basic_ep, ward_ep), EBUSY);
    check("UPDATE with a user process is EPERM", sys_update(luser_ep, ward_ep), EPERM);
    check("UPDATE of an invalid endpoint is EINVAL", sys_update(BAD_EP, ward_ep), EINVAL);
    check("UPDATE to an invalid endpoint is EINVAL", sys_update(ward_ep, BAD_EP), EINVAL);
}

static void basic_reports(void)
{
    message m;
    int seen = 0;

    for (;;) {
        if (ipc_receive(basic_ep, &m, NULL) != OK) {
            check("receiving basic's reports", EGENERIC, OK);
            return;
        }
        if (m.m_type == KT_REPORT_END) {
            break;
        }
        if (m.m_type != KT_REPORT || m.m1_i1 < 0 || m.m1_i1 >= NR_BASIC_CALLS) {
            continue;
        }
        const struct kcall *k = &basic_calls[m.m1_i1];
        if (seen == 0) {
            /* The delayed stop asked while basic was sending: now that its send is done, its
               manager (us) holds SIGSNDELAY for it. Take it and let basic go on. */
            int ep = NONE;
            uint32_t set = 0;
            check("GETKSIG after the delayed stop's send completes", sys_getksig(&ep, &set), OK);
            check_value("... names basic", (uint32_t)ep, (uint32_t)basic_ep);
            check_value("... with SIGSNDELAY", set, 1u << SIGSNDELAY);
            check("ENDKSIG lets basic run on", sys_endksig(basic_ep), OK);
        }
        seen++;
        switch (k->kind) {
        case MUST_DENY:
            check(nm("a BASIC process calling %s gets ECALLDENIED", k->name), m.m1_i2, ECALLDENIED);
            break;
        case MAY_CALL:
            check_true(nm("a BASIC process may call %s", k->name), m.m1_i2 != ECALLDENIED, ktest_result(m.m1_i2));
            break;
        default:
            check(nm("%s is EBADREQUEST", k->name), m.m1_i2, EBADREQUEST);
        }
    }
    check_value("basic reported every call", (uint32_t)seen, NR_BASIC_CALLS);
}

static void getinfo_checks(void)
{
    char name[16];
    int ep = NONE;
    uint32_t user = 0, sys = 0, uptime = 0;
    message m;

    check("WHOAMI", sys_whoami(&ep, name, sizeof name, NULL), OK);
    check_value("WHOAMI gives our endpoint", (uint32_t)ep, (uint32_t)self_ep);
    check_string("WHOAMI gives our label", name, "kcalltest");
    check_value("GET_HZ gives the clock frequency", (uint32_t)sys_hz(), 60);
    check("TIMES of ourselves", sys_times(SELF, &user, &sys, &uptime), OK);
    check_true("TIMES gives an uptime", uptime > 0, "0");
    check("TIMES of an invalid endpoint is EINVAL", sys_times(BAD_EP, &user, &sys, &uptime), EINVAL);

    proc_info p;
    check("GET_PROC of our own slot", sys_getproc(slot_of(self_ep), &p), OK);
    check_value("GET_PROC gives our endpoint", (uint32_t)p.endpoint, (uint32_t)self_ep);
    check_string("GET_PROC gives our name", p.name, "kcalltest");
    check_value("GET_PROC gives our priority", (uint32_t)p.priority, 3);
    check_value("GET_PROC shows us runnable (state 0)", p.state, 0);
    check_true("GET_PROC gives us a privilege id", p.priv_id >= 0, ktest_result(p.priv_id));
    check("GET_PROC of SYSTEM's slot", sys_getproc(slot_of(SYSTEM), &p), OK);
    check_true("... a kernel task with endpoint SYSTEM", p.endpoint == SYSTEM && (p.state & PROC_KERNEL_TASK) != 0,
               nm("endpoint %d state 0x%x", p.endpoint, (unsigned)p.state));
    check("GET_PROC of a free slot", sys_getproc(200, &p), OK);
    check_true("... PROC_FREE with endpoint NONE", p.endpoint == NONE && (p.state & PROC_FREE) != 0,
               nm("endpoint %d state 0x%x", p.endpoint, (unsigned)p.state));
    check("GET_PROC of slot NR_PROCS is EINVAL", sys_getproc(NR_PROCS, &p), EINVAL);
    check("GET_PROC of slot -NR_TASKS - 1 is EINVAL", sys_getproc(-NR_TASKS - 1, &p), EINVAL);

    memset(&m, 0, sizeof m);
    m.m1_i1 = 99;
    check("SYSCTL with an unknown code is EINVAL", _kernel_call(SYS_SYSCTL, &m), EINVAL);
    memset(&m, 0, sizeof m);
    check("a call number below KERNEL_CALL is EBADREQUEST", _kernel_call(KERNEL_CALL - 1, &m), EBADREQUEST);
    memset(&m, 0, sizeof m);
    check("call KERNEL_CALL + NR_SYS_CALLS is EBADREQUEST", _kernel_call(KERNEL_CALL + NR_SYS_CALLS, &m),
          EBADREQUEST);

    check("SETALARM", sys_setalarm(100, 0), OK);
    memset(&m, 0, sizeof m);
    check("SETALARM 0 cancels", _kernel_call(SYS_SETALARM, &m), OK);
    check_true("... and gives the ticks that were left", m.m2_l1 > 90 && m.m2_l1 <= 100, nm("%d", m.m2_l1));
}

static void devio_checks(void)
{
    uint32_t v = 0;
    message m;

    check("DEVIO outb to COM2's scratch register", sys_outb(SCRATCH, 0x5A), OK);
    check("DEVIO inb from it", sys_inb(SCRATCH, &v), OK);
    check_value("... reads back what was written", v, 0x5A);
    check("DEVIO on the CMOS port (outside the io ranges) is EPERM", sys_inb(0x70, &v), EPERM);
    check("DEVIO on port 0x2F7 (just below the range) is EPERM", sys_outb(0x2F7, 0), EPERM);
    memset(&m, 0, sizeof m);
    m.m2_i3 = DIO_INPUT | 0x40;
    m.m2_l1 = SCRATCH;
    check("DEVIO with a bad kind is EINVAL", _kernel_call(SYS_DEVIO, &m), EINVAL);

    static pv_pair pairs[VDEVIO_MAX + 1];
    memset(pairs, 0, sizeof pairs);
    pairs[0].port = SCRATCH;
    pairs[0].value = 0xA5;
    check("VDEVIO output", sys_vdevio(DIO_OUTPUT | DIO_BYTE, pairs, 1), OK);
    pairs[0].value = 0;
    pairs[1].port = SCRATCH;
    check("VDEVIO input of two pairs", sys_vdevio(DIO_INPUT | DIO_BYTE, pairs, 2), OK);
    check_true("... reads the value into each pair", (pairs[0].value & 0xFF) == 0xA5 && (pairs[1].value & 0xFF) == 0xA5,
               nm("0x%x 0x%x", (unsigned)pairs[0].value, (unsigned)pairs[1].value));
    pairs[1].port = 0x70;
    check("VDEVIO with a port outside the ranges is EPERM", sys_vdevio(DIO_INPUT | DIO_BYTE, pairs, 2), EPERM);
    for (int i = 0; i <= VDEVIO_MAX; i++) {
        pairs[i].port = SCRATCH;
    }
    check("VDEVIO with VDEVIO_MAX + 1 pairs is EINVAL", sys_vdevio(DIO_INPUT | DIO_BYTE, pairs, VDEVIO_MAX + 1),
          EINVAL);
    check("VDEVIO with a bad kind is EINVAL", sys_vdevio(DIO_INPUT | 0x40, pairs, 1), EINVAL);

    static uint8_t out[4] = {0x11, 0x22, 0x33, 0x44};
    static uint8_t in[6];
    check("SDEVIO output of 4 bytes", sys_sdevio(DIO_OUTPUT | DIO_BYTE, SCRATCH, out, 4), OK);
    sys_inb(SCRATCH, &v);
    check_value("... the register holds the last byte", v, 0x44);
    memset(in, 0xEE, sizeof in);
    check("SDEVIO input of 4 bytes", sys_sdevio(DIO_INPUT | DIO_BYTE, SCRATCH, in, 4), OK);
    static const uint8_t want_in[6] = {0x44, 0x44, 0x44, 0x44, 0xEE, 0xEE};
    check_bytes("... fills exactly 4 bytes", in, want_in, sizeof in);
    check("SDEVIO on a port outside the ranges is EPERM", sys_sdevio(DIO_INPUT | DIO_BYTE, 0x70, in, 1), EPERM);
    check("SDEVIO with a bad kind is EINVAL", sys_sdevio(DIO_INPUT | 0x40, SCRATCH, in, 1), EINVAL);
    check("SDEVIO into unmapped memory is EFAULT", sys_sdevio(DIO_INPUT | DIO_BYTE, SCRATCH, (void *)0x1000, 4),
          EFAULT);

    static uint8_t granted[8];
    static const uint8_t source[2] = {0x77, 0x78};
    memset(granted, 0, sizeof granted);
    cp_grant_id_t wgid = cpf_grant_direct(self_ep, granted, sizeof granted, CPF_WRITE);
    cp_grant_id_t rgid = cpf_grant_direct(self_ep, source, sizeof source, CPF_READ);
    check_true("grants to ourselves", wgid >= 0 && rgid >= 0, nm("%d %d", wgid, rgid));
    sys_outb(SCRATCH, 0x66);
    check("safe SDEVIO input into a grant", sys_safe_sdevio(DIO_INPUT | DIO_BYTE, SCRATCH, self_ep, wgid, 2, 4), OK);
    static const uint8_t want_granted[8] = {0, 0, 0x66, 0x66, 0x66, 0x66, 0, 0};
    check_bytes("... fills the grant at the offset", granted, want_granted, sizeof granted);
    check("safe SDEVIO beyond the grant is EPERM", sys_safe_sdevio(DIO_INPUT | DIO_BYTE, SCRATCH, self_ep, wgid, 6, 4),
          EPERM);
    check("safe SDEVIO input into a read-only grant is EPERM",
          sys_safe_sdevio(DIO_INPUT | DIO_BYTE, SCRATCH, self_ep, rgid, 0, 2), EPERM);
    check("safe SDEVIO output from a grant", sys_safe_sdevio(DIO_OUTPUT | DIO_BYTE, SCRATCH, self_ep, rgid, 0, 2), OK);
    sys_inb(SCRATCH, &v);
    check_value("... the register holds the grant's last byte", v, 0x78);
    cpf_revoke(wgid);
    cpf_revoke(rgid);

    int hook = 1;
    check("IRQCTL setpolicy on IRQ 3 (in the irq list)", sys_irqsetpolicy(3, 0, &hook), OK);
    check("IRQCTL rmpolicy", sys_irqrmpolicy(&hook), OK);
    hook = 2;
    check("IRQCTL setpolicy on IRQ 5 (not in the list) is EPERM", sys_irqsetpolicy(5, 0, &hook), EPERM);
}

static void copy_checks(void)
{
    static char buf[44];
    static const char note[] = "written by kcalltest";
    message m;

    memset(buf, 0, sizeof buf);
    check("VIRCOPY from another process", sys_vircopy(ward_ep, A(my_label), SELF, A(buf), sizeof my_label), OK);
    check_string("... copies that process's memory", buf, "ward");
    check("VIRCOPY into another process", sys_vircopy(SELF, A(note), ward_ep, A(mailbox), sizeof note), OK);
    memset(&m, 0, sizeof m);
    ask(ward_ep, &m, KT_MAILBOX);
    check_string("... lands in that process's memory", m.m3_ca1, note);
    check("VIRCOPY from an invalid endpoint is EINVAL", sys_vircopy(BAD_EP, A(my_label), SELF, A(buf), 4), EINVAL);
    check("VIRCOPY to an invalid endpoint is EINVAL", sys_vircopy(SELF, A(buf), BAD_EP, A(buf), 4), EINVAL);
    check("VIRCOPY from unmapped memory is EFAULT", sys_vircopy(ward_ep, 0x1000, SELF, A(buf), 4), EFAULT);
    check("VIRCOPY to unmapped memory is EFAULT", sys_vircopy(SELF, A(buf), ward_ep, 0x1000, 4), EFAULT);

    memset(buf, 0, sizeof buf);
    check("PHYSCOPY between two virtual address spaces", sys_physcopy(victim_ep, A(my_label), SELF, A(buf), 16), OK);
    check_string("... copies that process's memory", buf, "victim");
    check("PHYSCOPY from a physical address", sys_physcopy(NONE, 0x1000, SELF, A(buf), 16), OK);
    check("PHYSCOPY from beyond RAM is EFAULT", sys_physcopy(NONE, 0xC0000000u, SELF, A(buf), 16), EFAULT);
    check("PHYSCOPY to an invalid endpoint is EINVAL", sys_physcopy(SELF, A(buf), BAD_EP, A(buf), 4), EINVAL);

    static char granted[16] = "grant to myself";
    cp_grant_id_t gid = cpf_grant_direct(self_ep, granted, sizeof granted, CPF_READ);
    memset(buf, 0, sizeof buf);
    check("SAFECOPYFROM our own grant", sys_safecopyfrom(self_ep, gid, 0, buf, sizeof granted), OK);
    check_string("... copies it", buf, granted);
    check("SAFECOPYFROM with granter SELF", sys_safecopyfrom(SELF, gid, 0, buf, sizeof granted), OK);
    check("SAFECOPYTO a read-only grant is EPERM", sys_safecopyto(self_ep, gid, 0, buf, 4), EPERM);
    cpf_revoke(gid);
    static vscp_vec vec[VSCP_MAX + 1];
    check("VSAFECOPY of 0 elements", sys_vsafecopy(vec, 0), OK);
    check("VSAFECOPY of VSCP_MAX + 1 elements is EINVAL", sys_vsafecopy(vec, VSCP_MAX + 1), EINVAL);
}

static void sched_checks(void)
{
    check("SCHEDULE by a process that is not the scheduler is EPERM", sys_schedule(ward_ep, 6, 100), EPERM);
    check("SCHEDCTL makes us ward's scheduler", sys_schedctl(0, ward_ep, 4, 500), OK);
    check("SCHEDULE by the scheduler", sys_schedule(ward_ep, 6, 100), OK);
    check_value("GET_PROC shows the new priority", (uint32_t)proc_of(ward_ep).priority, 6);
    check("SCHEDULE to priority 16 is EINVAL", sys_schedule(ward_ep, 16, 100), EINVAL);
    check("SCHEDULE to priority -1 is EINVAL", sys_schedule(ward_ep, -1, 100), EINVAL);
    check("SCHEDULE with quantum 0 is EINVAL", sys_schedule(ward_ep, 6, 0), EINVAL);
    check_value("... and leaves the priority as it was", (uint32_t)proc_of(ward_ep).priority, 6);
    check("SCHEDULE of an invalid endpoint is EINVAL", sys_schedule(BAD_EP, 6, 100), EINVAL);
    check_true("ward answers at its new priority", echo_ok(ward_ep), "no answer");
    check("SCHEDULE back to priority 4", sys_schedule(ward_ep, 4, 500), OK);
    check("SCHEDCTL with SCHEDCTL_FLAG_KERNEL gives ward back to the kernel",
          sys_schedctl(SCHEDCTL_FLAG_KERNEL, ward_ep, 4, 500), OK);
    check("SCHEDULE is EPERM again afterwards", sys_schedule(ward_ep, 6, 100), EPERM);
    check("SCHEDCTL of an invalid endpoint is EINVAL", sys_schedctl(0, BAD_EP, 4, 500), EINVAL);
}

static void runctl_checks(void)
{
    check("RUNCTL stop", sys_runctl(ward_ep, RC_STOP, 0), OK);
    state_has("a stopped process shows PROC_STOPPED", ward_ep, PROC_STOPPED);
    post_echo(ward_ep);
    check_true("a stopped process does not answer", !answer_within(ward_ep, 3), "it answered");
    check("RUNCTL resume", sys_runctl(ward_ep, RC_RESUME, 0), OK);
    state_lacks("a resumed process no longer shows PROC_STOPPED", ward_ep, PROC_STOPPED);
    check_true("the resumed process answers what came while it was stopped", answer_within(ward_ep, 10),
               "no answer");
    check("RUNCTL of an invalid endpoint is EINVAL", sys_runctl(BAD_EP, RC_STOP, 0), EINVAL);
    check("RUNCTL with an unknown action is EINVAL", sys_runctl(ward_ep, 7, 0), EINVAL);
}

static void privctl_checks(void)
{
    check("PRIVCTL with an unknown request is EINVAL", sys_privctl(ward_ep, 99, NULL), EINVAL);
    check("PRIVCTL on a kernel task is EPERM", sys_privctl(SYSTEM, SYS_PRIV_ALLOW, NULL), EPERM);
    check("PRIVCTL on an invalid endpoint is EINVAL", sys_privctl(BAD_EP, SYS_PRIV_ALLOW, NULL), EINVAL);
    check("SET_SYS on a process that has its privileges is EPERM", sys_privctl(ward_ep, SYS_PRIV_SET_SYS, NULL),
          EPERM);
    check("SET_USER on a process that has its privileges is EPERM", sys_privctl(ward_ep, SYS_PRIV_SET_USER, NULL),
          EPERM);
    /* YIELD blocks its caller until someone ALLOWs it again (RS handing over to a new RS), so
       here only its refusals: yielding to oneself, or to a process without a privilege of its own. */
    check("YIELD to oneself is EPERM", sys_privctl(SELF, SYS_PRIV_YIELD, NULL), EPERM);
    check("YIELD to a user process is EPERM", sys_privctl(luser_ep, SYS_PRIV_YIELD, NULL), EPERM);
    check("DISALLOW", sys_privctl(victim_ep, SYS_PRIV_DISALLOW, NULL), OK);
    state_has("a disallowed process shows PROC_NO_PRIV", victim_ep, PROC_NO_PRIV);
    post_echo(victim_ep);
    check_true("a disallowed process does not answer", !answer_within(victim_ep, 3), "it answered");
    check("ALLOW", sys_privctl(victim_ep, SYS_PRIV_ALLOW, NULL), OK);
    state_lacks("an allowed process no longer shows PROC_NO_PRIV", victim_ep, PROC_NO_PRIV);
    check_true("the allowed process answers what came while it was disallowed", answer_within(victim_ep, 10),
               "no answer");
}

static void signal_checks(void)
{
    int ep = 0, notified = 0;
    uint32_t set = 0;
    message m;

    check("KILL of an invalid endpoint is EINVAL", sys_kill(BAD_EP, SIGTERM), EINVAL);
    check("KILL of a kernel task is EPERM", sys_kill(CLOCK, SIGTERM), EPERM);
    check("KILL with signal 0 is EINVAL", sys_kill(victim_ep, 0), EINVAL);
    check("KILL with signal NSIG is EINVAL", sys_kill(victim_ep, NSIG), EINVAL);
    check("GETKSIG with nothing pending", sys_getksig(&ep, &set), OK);
    check_value("... gives NONE", (uint32_t)ep, NONE);
    check("ENDKSIG of a process that is not signalled is EINVAL", sys_endksig(victim_ep), EINVAL);
    check("ENDKSIG of an invalid endpoint is EINVAL", sys_endksig(BAD_EP), EINVAL);

    check("KILL the victim (we are its signal manager)", sys_kill(victim_ep, SIGTERM), OK);
    state_has("a signalled process is held in PROC_SIGNALED", victim_ep, PROC_SIGNALED);
    set = take_signals(victim_ep, &notified);
    check_true("the manager is notified by SYSTEM with SIGKSIG in m2_l1", notified, "no such notification");
    check_value("GETKSIG gives the victim with SIGTERM in its set", set, 1u << SIGTERM);
    check("GETKSIG again", sys_getksig(&ep, &set), OK);
    check_value("... gives NONE", (uint32_t)ep, NONE);
    check("ENDKSIG lets it go on", sys_endksig(victim_ep), OK);
    state_lacks("... PROC_SIGNALED is gone", victim_ep, PROC_SIGNALED);
    check_true("the victim answers after ENDKSIG", echo_ok(victim_ep), "no answer");

    check("KILL ward (forkee is its signal manager)", sys_kill(ward_ep, SIGUSR2), OK);
    check("ENDKSIG by a process that is not the manager is EPERM", sys_endksig(ward_ep), EPERM);
    memset(&m, 0, sizeof m);
    check("forkee reports what it took", ask(forkee_ep, &m, KT_SIGINFO), OK);
    check_true("... ward with SIGUSR2, ended with OK",
               m.m1_i1 == ward_ep && (uint32_t)m.m1_i2 == 1u << SIGUSR2 && m.m1_i3 == OK,
               nm("endpoint %d set 0x%x end %d", m.m1_i1, (unsigned)m.m1_i2, m.m1_i3));
    check_true("ward answers after its manager's ENDKSIG", echo_ok(ward_ep), "no answer");
}

static void sigsend_checks(void)
{
    sigmsg sm;
    message m;

    memset(&sm, 0, sizeof sm);
    sm.signo = SIGUSR1;
    sm.handler = A(kt_handler);
    sm.sigreturn = A(kt_sigtramp);
    sm.stkptr = 0x1000;
    check("SIGSEND with a frame that cannot be written is EFAULT", sys_sigsend(victim_ep, &sm), EFAULT);
    check_true("... and the victim still answers", echo_ok(victim_ep), "no answer");
    sm.stkptr = 0;
    check("SIGSEND to an invalid endpoint is EINVAL", sys_sigsend(BAD_EP, &sm), EINVAL);
    check("SIGRETURN of an invalid endpoint is EINVAL", sys_sigreturn(BAD_EP, NULL), EINVAL);

    memset(&m, 0, sizeof m);
    check("the victim is ready for a signal", ask(victim_ep, &m, KT_PREPARE), OK);
    check("SIGSEND to the victim", sys_sigsend(victim_ep, &sm), OK);
    memset(&m, 0, sizeof m);
    check("its handler returns to the trampoline, which asks us to SIGRETURN",
          ipc_receive(victim_ep, &m, NULL) == OK && m.m_type == KT_SIGRET ? OK : EGENERIC, OK);
    check_value("... the frame carries the signal number", (uint32_t)m.m2_i1, SIGUSR1);
    check("SIGRETURN with the context on the victim's stack", sys_sigreturn(victim_ep, (sigcontext *)m.m2_p1), OK);
    memset(&m, 0, sizeof m);
    check("the victim resumes where it was and reports",
          ipc_receive(victim_ep, &m, NULL) == OK && m.m_type == KT_SIGREPORT ? OK : EGENERIC, OK);
    check_value("... its handler got the signal number", (uint32_t)m.m1_i1, SIGUSR1);
    check_value("... the sigcontext held the signal number", (uint32_t)m.m1_i2, SIGUSR1);
    check_value("... its local variable survived", (uint32_t)m.m1_i3, MARKER);
    check_true("the victim answers after its signal", echo_ok(victim_ep), "no answer");
}

static void add_until_full(const char *what, int ep, int request, int first)
{
    int added = 0, r = OK;

    for (int i = 0; i < 200 && r == OK; i++) {
        priv_range range = {(uint32_t)(first + i * 0x10), (uint32_t)(first + i * 0x10)};
        int irq = 3 + i % 8;
        r = sys_privctl(ep, request, request == SYS_PRIV_ADD_IRQ ? (void *)&irq : (void *)&range);
        if (r == OK) {
            added++;
        }
    }
    check(nm("%s refuses with EINVAL once the table is full", what), r, EINVAL);
    check_true(nm("%s takes some before that", what), added > 0, "none");
    printf("note: %s took %d more\n", what, added);
}

static void fork_checks(void)
{
    int child_a = NONE, child_b = NONE, child = NONE;
    message m;
    proc_info p;
    uint32_t v = 0;

    /* Fork by slot, then SET_SYS and ALLOW. */
    check("FORK of an invalid parent is EINVAL", sys_fork(BAD_EP, -1, 0, &child), EINVAL);
    check("FORK into a slot in use is EBUSY", sys_fork(forkee_ep, slot_of(ward_ep), 0, &child), EBUSY);
    check("FORK of forkee into a given slot", sys_fork(forkee_ep, SLOT_A, 0, &child_a), OK);
    check_value("the child is in that slot", (uint32_t)slot_of(child_a), SLOT_A);
    check_true("the child has a new generation endpoint", child_a != SLOT_A, nm("%d", child_a));
    p = proc_of(child_a);
    check_value("GET_PROC shows the child's endpoint", (uint32_t)p.endpoint, (uint32_t)child_a);
    check_string("the child has its parent's label", p.name, "forkee");
    check_true("the child of a system process is in PROC_NO_PRIV", (p.state & PROC_NO_PRIV) != 0,
               nm("state 0x%x", (unsigned)p.state));
    check("FORK into the child's slot is EBUSY", sys_fork(forkee_ep, SLOT_A, 0, &child), EBUSY);
    check("SET_SYS gives the child its own privilege", sys_privctl(child_a, SYS_PRIV_SET_SYS, NULL), OK);
    p = proc_of(child_a);
    check_true("... a privilege id of its own", p.priv_id >= 0 && p.priv_id != proc_of(forkee_ep).priv_id,
               nm("%d", p.priv_id));
    check_true("... and it stays in PROC_NO_PRIV until ALLOW", (p.state & PROC_NO_PRIV) != 0,
               nm("state 0x%x", (unsigned)p.state));
    check("ALLOW the child", sys_privctl(child_a, SYS_PRIV_ALLOW, NULL), OK);
    state_lacks("... PROC_NO_PRIV is gone", child_a, PROC_NO_PRIV);
    memset(&m, 0, sizeof m);
    check("the child answers a request", ask(child_a, &m, KT_WHO), OK);
    check_true("... under its own endpoint", m.m_source == child_a && m.m3_i1 == child_a,
               nm("source %d whoami %d", m.m_source, m.m3_i1));
    check_string("... with its parent's label", m.m3_ca1, "forkee");
    check("a default SET_SYS gives only the basic calls (DEVIO is ECALLDENIED)", remote_inb(child_a, SCRATCH, &v),
          ECALLDENIED);
    check_true("the parent still answers", echo_ok(forkee_ep), "no answer");

    /* SET_SYS with a description, then ADD_*, QUERY_MEM and UPDATE_SYS. */
    priv_spec spec;
    make_spec(&spec, 1);
    check("FORK of forkee into a second slot", sys_fork(forkee_ep, SLOT_B, 0, &child_b), OK);
    check("SET_SYS with a description", sys_privctl(child_b, SYS_PRIV_SET_SYS, &spec), OK);
    check("ALLOW it", sys_privctl(child_b, SYS_PRIV_ALLOW, NULL), OK);
    sys_outb(SCRATCH, 0x3C);
    check("the description's calls and io range are granted (DEVIO)", remote_inb(child_b, SCRATCH, &v), OK);
    check_value("... the child reads the register", v, 0x3C);
    check("a port outside the description's io range is EPERM", remote_inb(child_b, 0x2FE, &v), EPERM);
    check("forkee itself (no DEVIO) is ECALLDENIED", remote_inb(forkee_ep, SCRATCH, &v), ECALLDENIED);
    priv_range range = {0x2FE, 0x2FE};
    check("ADD_IO", sys_privctl(child_b, SYS_PRIV_ADD_IO, &range), OK);
    check("... the added port may be used", remote_inb(child_b, 0x2FE, &v), OK);
    range = (priv_range){0x300, 0x2FF};
    check("ADD_IO with base > last is EINVAL", sys_privctl(child_b, SYS_PRIV_ADD_IO, &range), EINVAL);
    range = (priv_range){0x10000, 0x10000};
    check("ADD_IO beyond port 0xFFFF is EINVAL", sys_privctl(child_b, SYS_PRIV_ADD_IO, &range), EINVAL);
    range = (priv_range){0x2FE, 0x2FE};
    check("ADD_IO for a user process is EPERM", sys_privctl(luser_ep, SYS_PRIV_ADD_IO, &range), EPERM);
    add_until_full("ADD_IO", child_b, SYS_PRIV_ADD_IO, 0x400);

    int irq = 3;
    check("ADD_IRQ", sys_privctl(child_b, SYS_PRIV_ADD_IRQ, &irq), OK);
    irq = 16;
    check("ADD_IRQ 16 is EINVAL", sys_privctl(child_b, SYS_PRIV_ADD_IRQ, &irq), EINVAL);
    irq = -1;
    check("ADD_IRQ -1 is EINVAL", sys_privctl(child_b, SYS_PRIV_ADD_IRQ, &irq), EINVAL);
    irq = 3;
    check("ADD_IRQ for a user process is EPERM", sys_privctl(luser_ep, SYS_PRIV_ADD_IRQ, &irq), EPERM);
    add_until_full("ADD_IRQ", child_b, SYS_PRIV_ADD_IRQ, 0);

    range = (priv_range){0x100000, 0x1FFFFF};
    check("ADD_MEM", sys_privctl(child_b, SYS_PRIV_ADD_MEM, &range), OK);
    check("QUERY_MEM inside the range", sys_privquery_mem(child_b, 0x180000, 0x1000), OK);
    check("QUERY_MEM outside it is EPERM", sys_privquery_mem(child_b, 0x300000, 0x1000), EPERM);
    check("QUERY_MEM across its end is EPERM", sys_privquery_mem(child_b, 0x1FF000, 0x2000), EPERM);
    range = (priv_range){0x200000, 0x100000};
    check("ADD_MEM with base > last is EINVAL", sys_privctl(child_b, SYS_PRIV_ADD_MEM, &range), EINVAL);
    range = (priv_range){0x100000, 0x1FFFFF};
    check("ADD_MEM for a user process is EPERM", sys_privctl(luser_ep, SYS_PRIV_ADD_MEM, &range), EPERM);
    add_until_full("ADD_MEM", child_b, SYS_PRIV_ADD_MEM, 0x400000);

    make_spec(&spec, 0);
    check("UPDATE_SYS with a description without DEVIO", sys_privctl(child_b, SYS_PRIV_UPDATE_SYS, &spec), OK);
    check("... takes DEVIO away (ECALLDENIED)", remote_inb(child_b, SCRATCH, &v), ECALLDENIED);
    check("UPDATE_SYS of an invalid endpoint is EINVAL", sys_privctl(BAD_EP, SYS_PRIV_UPDATE_SYS, &spec), EINVAL);

    /* SET_USER, and the child of a user process. */
    int child_u = NONE, child_l = NONE;
    check("FORK into any free slot", sys_fork(forkee_ep, -1, 0, &child_u), OK);
    check("SET_USER", sys_privctl(child_u, SYS_PRIV_SET_USER, NULL), OK);
    check_value("... gives the privilege all user processes share", (uint32_t)proc_of(child_u).priv_id,
                (uint32_t)proc_of(luser_ep).priv_id);
    check("FORK of a user process", sys_fork(luser_ep, -1, 0, &child_l), OK);
    p = proc_of(child_l);
    check_true("... the child shares the user privilege and may run",
               p.priv_id == proc_of(luser_ep).priv_id && (p.state & (PROC_NO_PRIV | PROC_FREE)) == 0,
               nm("priv %d state 0x%x", p.priv_id, (unsigned)p.state));

    /* A process that forks itself. */
    int child_s = NONE, child_x = NONE;
    memset(&m, 0, sizeof m);
    check("forkee forks itself", ask(forkee_ep, &m, KT_FORK_SELF) == OK ? m.m1_i1 : EGENERIC, OK);
    child_s = m.m1_i2;
    check_value("... and in the parent, whoami is not the child", (uint32_t)m.m1_i3, 0);
    state_has("the child of a self-fork is in PROC_NO_PRIV", child_s, PROC_NO_PRIV);
    check("SET_SYS it", sys_privctl(child_s, SYS_PRIV_SET_SYS, NULL), OK);
    check("ALLOW it", sys_privctl(child_s, SYS_PRIV_ALLOW, NULL), OK);
    memset(&m, 0, sizeof m);
    check("the child sends the parent's answer too", ipc_receive(child_s, &m, NULL), OK);
    check("... its fork returned OK", m.m1_i1, OK);
    check_value("... with its own endpoint", (uint32_t)m.m1_i2, (uint32_t)child_s);
    check_value("... and whoami says it is the child", (uint32_t)m.m1_i3, 1);
    check_true("the self-forked child serves requests", echo_ok(child_s), "no answer");

    /* EXEC on a stopped child. */
    uint32_t sp = USER_STACK_TOP - 0x2000 - 4;
    memset(&m, 0, sizeof m);
    check("forkee forks itself again", ask(forkee_ep, &m, KT_FORK_SELF) == OK ? m.m1_i1 : EGENERIC, OK);
    child_x = m.m1_i2;
    check("EXEC with a bad name pointer is EFAULT", sys_exec(child_x, sp, (const char *)0x10, A(kt_exec_entry)),
          EFAULT);
    check("EXEC of an invalid endpoint is EINVAL", sys_exec(BAD_EP, sp, "execd", A(kt_exec_entry)), EINVAL);
    check("EXEC of the stopped child", sys_exec(child_x, sp, "execd", A(kt_exec_entry)), OK);
    check_string("EXEC sets the label", proc_of(child_x).name, "execd");
    check("SET_SYS the exec'd child", sys_privctl(child_x, SYS_PRIV_SET_SYS, NULL), OK);
    check("ALLOW it", sys_privctl(child_x, SYS_PRIV_ALLOW, NULL), OK);
    memset(&m, 0, sizeof m);
    check("the exec'd child answers", ask(child_x, &m, KT_EXEC_PROBE), OK);
    check_value("... from the new entry point", (uint32_t)m.m3_i1, EXEC_MARK);
    check_string("... and knows itself by the new label", m.m3_ca1, "execd");

    /* CLEAR. */
    memset(&m, 0, sizeof m);
    m.m1_i1 = child_a;
    ask(forkee_ep, &m, KT_WAIT_ON);
    check_true("forkee blocks receiving from the first child", wait_state(forkee_ep, PROC_RECEIVING, 10),
               "not receiving");
    check("CLEAR of SELF is EPERM", sys_clear(SELF), EPERM);
    check("CLEAR of the caller's own endpoint is EPERM", sys_clear(self_ep), EPERM);
    check("CLEAR of a kernel task is EPERM", sys_clear(CLOCK), EPERM);
    check("CLEAR of an invalid endpoint is EINVAL", sys_clear(BAD_EP), EINVAL);
    check("CLEAR of the first child", sys_clear(child_a), OK);
    memset(&m, 0, sizeof m);
    ipc_receive(forkee_ep, &m, NULL);
    check("a process receiving from the cleared child gets EDEADSRCDST", m.m_type == KT_WAIT_DONE ? m.m1_i1 : EGENERIC,
          EDEADSRCDST);
    check("GET_PROC of the cleared slot", sys_getproc(SLOT_A, &p), OK);
    check_true("... shows PROC_FREE and endpoint NONE", (p.state & PROC_FREE) != 0 && p.endpoint == NONE,
               nm("endpoint %d state 0x%x", p.endpoint, (unsigned)p.state));
    memset(&m, 0, sizeof m);
    check("IPC to the cleared endpoint is EDEADSRCDST", ipc_sendnb(child_a, &m), EDEADSRCDST);
    check("CLEAR of the described child", sys_clear(child_b), OK);
    check("CLEAR of the user child", sys_clear(child_u), OK);
    check("CLEAR of the user process's child", sys_clear(child_l), OK);
    check("CLEAR of the self-forked child", sys_clear(child_s), OK);
    check("CLEAR of the exec'd child", sys_clear(child_x), OK);
    check("CLEAR of an endpoint already cleared is EINVAL", sys_clear(child_a), EINVAL);
}

static void statectl_checks(void)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m1_i1 = self_ep;
    ask(forkee_ep, &m, KT_WAIT_ON);
    check_true("forkee blocks receiving from us", wait_state(forkee_ep, PROC_RECEIVING, 10), "not receiving");
    check("STATECTL CLEAR_IPC_REFS", sys_statectl(SYS_STATE_CLEAR_IPC_REFS), OK);
    memset(&m, 0, sizeof m);
    ipc_receive(forkee_ep, &m, NULL);
    check("... wakes a process receiving from us with EDEADSRCDST", m.m_type == KT_WAIT_DONE ? m.m1_i1 : EGENERIC,
          EDEADSRCDST);
    check("STATECTL with an unknown request is EINVAL", sys_statectl(99), EINVAL);
}

static void vmctl_checks(void)
{
    check("VMCTL with an unknown request is EINVAL", sys_vmctl(ward_ep, 9999, 0), EINVAL);
    check("VMCTL_CLEAR_PAGEFAULT of a process not in a page fault is EINVAL",
          sys_vmctl(ward_ep, VMCTL_CLEAR_PAGEFAULT, 0), EINVAL);
    check("VMCTL of an invalid endpoint is EINVAL", sys_vmctl(BAD_EP, VMCTL_CLEAR_PAGEFAULT, 0), EINVAL);
}

/* Fills the process table, then the privilege table, then clears it all again. */
static void exhaustion_checks(void)
{
    static int kids[NR_PROCS + 8];
    int n = 0, r = OK;

    while (n < NR_PROCS + 8) {
        r = sys_fork(forkee_ep, -1, 0, &kids[n]);
        if (r != OK) {
            break;
        }
        n++;
    }
    check("FORK with no free slot is EAGAIN", r, EAGAIN);
    printf("note: %d children filled the table\n", n);
    int privs = 0;
    r = OK;
    for (int i = 0; i < n && r == OK; i++) {
        r = sys_privctl(kids[i], SYS_PRIV_SET_SYS, NULL);
        if (r == OK) {
            privs++;
        }
    }
    check("SET_SYS with no free privilege is ENOSPC", r, ENOSPC);
    printf("note: %d privileges were free\n", privs);
    int cleared = 0;
    for (int i = 0; i < n; i++) {
        if (sys_clear(kids[i]) == OK) {
            cleared++;
        }
    }
    check_value("every one of those children is cleared", (uint32_t)cleared, (uint32_t)n);
    int child = NONE;
    check("FORK works again afterwards", sys_fork(forkee_ep, -1, 0, &child), OK);
    check("... and SET_SYS too", sys_privctl(child, SYS_PRIV_SET_SYS, NULL), OK);
    sys_clear(child);
}

static void bystanders(void)
{
    check_true("forkee survived and answers", echo_ok(forkee_ep), "no answer");
    check_true("victim survived and answers", echo_ok(victim_ep), "no answer");
    check_true("ward survived and answers", echo_ok(ward_ep), "no answer");
}

static _Noreturn void main_role(void)
{
    setgrant_checks(); /* before any cpf_* call: syslib registers its own table then */
    sleep_ticks(3);    /* every helper starts */
    busy_target_checks();
    basic_reports();
    getinfo_checks();
    devio_checks();
    copy_checks();
    sched_checks();
    runctl_checks();
    privctl_checks();
    signal_checks();
    sigsend_checks();
    fork_checks();
    statectl_checks();
    vmctl_checks();
    exhaustion_checks();
    bystanders();
    ktest_finish();
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        panic("usage: kcalltest main|forkee|basic|victim|ward|user @endpoint...");
    }
    const char *role = argv[1];
    if (strcmp(role, "user") == 0) {
        user_role(arg_ep(argc, argv, 2)); /* a user process makes no kernel calls */
    }
    sys_whoami(&self_ep, my_label, sizeof my_label, NULL);
    if (strcmp(role, "main") == 0) {
        if (argc != 7) {
            panic("usage: kcalltest main @forkee @basic @victim @ward @luser");
        }
        main_ep = self_ep;
        forkee_ep = arg_ep(argc, argv, 2);
        basic_ep = arg_ep(argc, argv, 3);
        victim_ep = arg_ep(argc, argv, 4);
        ward_ep = arg_ep(argc, argv, 5);
        luser_ep = arg_ep(argc, argv, 6);
        main_role();
    }
    main_ep = arg_ep(argc, argv, 2);
    if (strcmp(role, "forkee") == 0) {
        forkee_role();
    }
    if (strcmp(role, "basic") == 0) {
        basic_role();
    }
    if (strcmp(role, "victim") == 0 || strcmp(role, "ward") == 0) {
        helper_role(strcmp(role, "victim") == 0);
    }
    panic("unknown role %s", role);
}
