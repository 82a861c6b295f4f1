/*
 * signals -- kernel signals through a signal manager, SYS_UPDATE of two live servers, and a
 * pager's page faults (VMCTL). One program in several roles:
 *
 *   mgr @segv @fpe @ill @trap @gp @abrt @healthy @pfault @pager @svcone @svctwo @orphan
 *                 the stand-in signal manager (boot.cfg `sigmgr mgr` of the others) and the
 *                 checks; reports each signal as "<label> got signal N", clears the crashed
 *                 processes; powers off with the failure count
 *   crash KIND    on order, crashes: segv (NULL dereference), fpe (division by zero), ill
 *                 (invalid opcode), trap (INT3), gp (HLT at CPL 3), abrt (SYS_EXIT)
 *   echo          answers ECHO_REQUEST (killed, then let go on)
 *   pfault        on order, reads an unmapped address
 *   pager @pfault on order, becomes pfault's pager and checks the page-fault messages; prints
 *                 its own checks and answers with its failure count
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/ktest.h"
#include "../testproto.h"

#define SG_CRASH 0x7700     /* mgr -> a crasher: crash now (no answer) */
#define SG_FAULT 0x7702     /* pager -> pfault: touch FAULT_ADDR (no answer) */
#define SG_PAGER_RUN 0x7704 /* mgr -> pager -> m1_i1 the pager's failures */

#define FAULT_ADDR 0x30000010u
#define PF_USER_READ_NOT_PRESENT 0x4 /* the i386 page-fault error code: U/S set, W/R and P clear */

/* ---- the processes that get signals -------------------------------------------------------- */

static _Noreturn void crash_role(const char *kind)
{
    message m;

    do {
        ipc_receive(ANY, &m, NULL);
    } while (m.m_type != SG_CRASH);
    printf("about to crash: %s\n", kind);
    if (strcmp(kind, "segv") == 0) {
        (void)*(volatile int *)0;
    } else if (strcmp(kind, "fpe") == 0) {
        volatile int zero = 0, one = 1; /* both volatile: gcc turns 1 / x into compares */
        one = one / zero;
    } else if (strcmp(kind, "ill") == 0) {
        __asm__ volatile("ud2");
    } else if (strcmp(kind, "trap") == 0) {
        __asm__ volatile("int3");
    } else if (strcmp(kind, "gp") == 0) {
        __asm__ volatile("hlt");
    } else if (strcmp(kind, "abrt") == 0) {
        sys_exit();
    }
    panic("still alive after crashing (%s)", kind);
}

static _Noreturn void echo_role(void)
{
    message m;

    for (;;) {
        if (ipc_receive(ANY, &m, NULL) == OK && m.m_type == ECHO_REQUEST) {
            m.m_type = ECHO_REQUEST + 1;
            ipc_send(m.m_source, &m);
        }
    }
}

static _Noreturn void pfault_role(void)
{
    message m;

    do {
        ipc_receive(ANY, &m, NULL);
    } while (m.m_type != SG_FAULT);
    printf("touching 0x%x\n", (unsigned)FAULT_ADDR);
    (void)*(volatile uint32_t *)(uintptr_t)FAULT_ADDR;
    panic("read an unmapped address");
}

/* ---- pager -------------------------------------------------------------------------------- */

/* Receives the next message into *m: OK, the receive's error, or EGENERIC if nothing came
   within `ticks` clock ticks. */
static int receive_within(message *m, int *status, int ticks)
{
    sys_setalarm((uint32_t)ticks, 0);
    int r = ipc_receive(ANY, m, status);
    if (r == OK && m->m_source == CLOCK && m->m_type == NOTIFY_MESSAGE) {
        return EGENERIC;
    }
    sys_setalarm(0, 0);
    return r;
}

static void fault_message(const char *which, int pfault_ep)
{
    message m;
    int status = 0;

    memset(&m, 0, sizeof m);
    check(nm("the %s page fault comes to the pager", which), receive_within(&m, &status, 20), OK);
    check_value(nm("... as VM_PAGEFAULT (%s)", which), (uint32_t)m.m_type, VM_PAGEFAULT);
    check_value(nm("... under pfault's endpoint (%s)", which), (uint32_t)m.m_source, (uint32_t)pfault_ep);
    check_value(nm("... with the faulting address (%s)", which), (uint32_t)m.m1_i1, FAULT_ADDR);
    check_value(nm("... with error code 4, a user read of a page not present (%s)", which), (uint32_t)m.m1_i2,
                PF_USER_READ_NOT_PRESENT);
    check_true(nm("... flagged as sent by the kernel (%s)", which), ipc_status_from_kernel(status),
               nm("status 0x%x", (unsigned)status));
}

static _Noreturn void pager_role(int pfault_ep)
{
    message m;

    for (;;) {
        if (ipc_receive(ANY, &m, NULL) != OK || m.m_type != SG_PAGER_RUN) {
            continue;
        }
        int from = m.m_source;
        check("CLEAR_PAGEFAULT of a process not in a page fault is EINVAL",
              sys_vmctl(pfault_ep, VMCTL_CLEAR_PAGEFAULT, 0), EINVAL);
        check("an unknown VMCTL request is EINVAL", sys_vmctl(pfault_ep, 9999, 0), EINVAL);
        check("ENABLE_PAGING makes us pfault's pager", sys_vmctl(pfault_ep, VMCTL_ENABLE_PAGING, 0), OK);
        memset(&m, 0, sizeof m);
        m.m_type = SG_FAULT;
        check("pfault takes the order to fault", ipc_send(pfault_ep, &m), OK);
        fault_message("first", pfault_ep);
        proc_info p = proc_of(pfault_ep);
        check_true("pfault waits in PROC_PAGEFAULT", (p.state & PROC_PAGEFAULT) != 0,
                   nm("state 0x%x", (unsigned)p.state));
        check("CLEAR_PAGEFAULT resumes it", sys_vmctl(pfault_ep, VMCTL_CLEAR_PAGEFAULT, 0), OK);
        fault_message("second", pfault_ep);
        check("KILL pfault with SIGSEGV", sys_kill(pfault_ep, SIGSEGV), OK);
        memset(&m, 0, sizeof m);
        m.m_type = SG_PAGER_RUN + 1;
        m.m1_i1 = ktest_failures;
        ipc_send(from, &m);
    }
}

/* ---- mgr ---------------------------------------------------------------------------------- */

static const char *signame(int s)
{
    switch (s) {
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGSEGV: return "SIGSEGV";
    case SIGTERM: return "SIGTERM";
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    default: return "a signal";
    }
}


/* Waits for SYSTEM's notification, then takes every signalled process with GETKSIG and
   reports each signal on the console. Returns want_ep's set; others are ended. */
static uint32_t take_signals(int want_ep, const char *label)
{
    int ep, notified = await_system(30);
    uint32_t set, wanted = 0;

    check_true(nm("the manager is notified by SYSTEM with SIGKSIG (%s)", label), notified, "no notification");
    while (sys_getksig(&ep, &set) == OK && ep != NONE) {
        proc_info p = proc_of(ep);
        for (int s = 1; s < NSIG; s++) {
            if (set & (1u << s)) {
                printf("%s got signal %d\n", p.name, s);
            }
        }
        if (ep == want_ep) {
            wanted = set;
        } else {
            sys_endksig(ep);
        }
    }
    return wanted;
}

/* After CLEAR: GET_PROC of the slot shows nothing of the process. */
static void no_trace(const char *label, int ep)
{
    proc_info p;
    message m;

    check(nm("GET_PROC of %s's slot", label), sys_getproc(slot_of(ep), &p), OK);
    check_true(nm("%s leaves no trace (PROC_FREE, endpoint NONE)", label),
               (p.state & PROC_FREE) != 0 && p.endpoint == NONE,
               nm("endpoint %d state 0x%x name %s", p.endpoint, (unsigned)p.state, p.name));
    memset(&m, 0, sizeof m);
    check(nm("IPC to %s's endpoint is EDEADSRCDST", label), ipc_sendnb(ep, &m), EDEADSRCDST);
}

static void crash_case(const char *label, int ep, int sig)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = SG_CRASH;
    check(nm("%s takes the order to crash", label), ipc_send(ep, &m), OK);
    uint32_t set = take_signals(ep, label);
    check_value(nm("%s gets %s", label, signame(sig)), set, 1u << sig);
    proc_info p = proc_of(ep);
    check_true(nm("%s is held in PROC_SIGNALED", label), (p.state & PROC_SIGNALED) != 0,
               nm("state 0x%x", (unsigned)p.state));
    check(nm("CLEAR %s", label), sys_clear(ep), OK);
    no_trace(label, ep);
}

static int echo_ok(int ep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = ECHO_REQUEST;
    m.m1_i1 = 77;
    return ipc_sendrec(ep, &m) == OK && m.m_type == ECHO_REQUEST + 1 && m.m1_i1 == 77;
}

static void healthy_case(int ep)
{
    check("KILL healthy with SIGTERM", sys_kill(ep, SIGTERM), OK);
    check_value("healthy gets SIGTERM", take_signals(ep, "healthy"), 1u << SIGTERM);
    proc_info p = proc_of(ep);
    check_true("healthy is held in PROC_SIGNALED", (p.state & PROC_SIGNALED) != 0,
               nm("state 0x%x", (unsigned)p.state));
    check("ENDKSIG healthy", sys_endksig(ep), OK);
    check_true("healthy answers after ENDKSIG", echo_ok(ep), "no answer");
    check("KILL healthy with SIGUSR1", sys_kill(ep, SIGUSR1), OK);
    check("KILL healthy with SIGUSR2", sys_kill(ep, SIGUSR2), OK);
    check_value("two signals come as one set", take_signals(ep, "healthy, twice"),
                (1u << SIGUSR1) | (1u << SIGUSR2));
    check("ENDKSIG healthy again", sys_endksig(ep), OK);
    check("ENDKSIG of a process no longer signalled is EINVAL", sys_endksig(ep), EINVAL);
    check_true("healthy still answers", echo_ok(ep), "no answer");
}

static void pager_case(int pager_ep, int pfault_ep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = SG_PAGER_RUN;
    check("the pager runs its checks", ipc_sendrec(pager_ep, &m), OK);
    check_value("the pager saw no failures", (uint32_t)m.m1_i1, 0);
    check_value("pfault gets SIGSEGV from its pager's KILL", take_signals(pfault_ep, "pfault"), 1u << SIGSEGV);
    check("CLEAR pfault", sys_clear(pfault_ep), OK);
    no_trace("pfault", pfault_ep);
}

/* SVC_HELLO to ep: the answer's fields. */
struct hello {
    int tag, served, ep;
    char label[16];
};

static struct hello hello(int ep)
{
    message m;
    struct hello h = {0, 0, NONE, ""};

    memset(&m, 0, sizeof m);
    m.m_type = SVC_HELLO;
    if (ipc_sendrec(ep, &m) == OK && m.m_type == SVC_HELLO + 1) {
        h.tag = m.m3_i1;
        h.served = m.m3_i2;
        h.ep = (int)(intptr_t)m.m3_p1;
        strlcpy(h.label, m.m3_ca1, sizeof h.label);
    }
    return h;
}

static void hello_is(const char *when, int ep, int tag, int served, const char *label)
{
    struct hello h = hello(ep);

    check_value(nm("%s: the program's tag", when), (uint32_t)h.tag, (uint32_t)tag);
    check_value(nm("%s: the requests that program has served", when), (uint32_t)h.served, (uint32_t)served);
    check_value(nm("%s: whoami gives the slot's endpoint", when), (uint32_t)h.ep, (uint32_t)ep);
    check_string(nm("%s: whoami gives the program's label", when), h.label, label);
}

static void update_case(int one, int two)
{
    hello_is("svcone before the update", one, SVC_TAG_ONE, 1, "svcone");
    hello_is("svctwo before the update", two, SVC_TAG_TWO, 1, "svctwo");
    check_true("both wait in RECEIVE", wait_state(one, PROC_RECEIVING, 10) && wait_state(two, PROC_RECEIVING, 10),
               "not receiving");
    check("UPDATE of two live servers", sys_update(one, two), OK);
    hello_is("svcone's endpoint after the update", one, SVC_TAG_TWO, 2, "svctwo");
    hello_is("svctwo's endpoint after the update", two, SVC_TAG_ONE, 2, "svcone");
    check_string("GET_PROC of svcone's slot names the program now in it", proc_of(one).name, "svctwo");
    int good = 0;
    for (int round = 0; round < 5; round++) {
        struct hello a = hello(one), b = hello(two);
        good += a.tag == SVC_TAG_TWO && a.served == 3 + round && b.tag == SVC_TAG_ONE && b.served == 3 + round;
    }
    check_value("both keep answering, each from its program", (uint32_t)good, 5);
}

static _Noreturn void mgr_role(int argc, char **argv)
{
    static const struct {
        const char *label;
        int sig;
    } crashes[] = {{"segv", SIGSEGV}, {"fpe", SIGFPE}, {"ill", SIGILL},
                   {"trap", SIGTRAP}, {"gp", SIGSEGV}, {"abrt", SIGABRT}};
    int n = (int)(sizeof crashes / sizeof crashes[0]);

    if (argc != 2 + n + 6) {
        panic("usage: signals mgr @segv @fpe @ill @trap @gp @abrt @healthy @pfault @pager @svcone @svctwo @orphan");
    }
    int healthy = arg_ep(argc, argv, 2 + n), pfault = arg_ep(argc, argv, 3 + n), pager = arg_ep(argc, argv, 4 + n);
    int one = arg_ep(argc, argv, 5 + n), two = arg_ep(argc, argv, 6 + n);
    int orphan = arg_ep(argc, argv, 7 + n);

    sleep_ticks(3); /* every process starts; orphan crashes with no one to manage it */
    proc_info p = proc_of(orphan);
    check_true("a process with no signal manager is removed when it crashes",
               (p.state & PROC_FREE) != 0 && p.endpoint == NONE,
               nm("endpoint %d state 0x%x", p.endpoint, (unsigned)p.state));
    for (int i = 0; i < n; i++) {
        crash_case(crashes[i].label, arg_ep(argc, argv, 2 + i), crashes[i].sig);
    }
    healthy_case(healthy);
    pager_case(pager, pfault);
    update_case(one, two);
    check_true("healthy survived and answers", echo_ok(healthy), "no answer");
    ktest_finish();
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        panic("usage: signals mgr|crash|echo|pfault|pager ...");
    }
    const char *role = argv[1];
    if (strcmp(role, "mgr") == 0) {
        mgr_role(argc, argv);
    }
    if (strcmp(role, "crash") == 0 && argc == 3) {
        crash_role(argv[2]);
    }
    if (strcmp(role, "echo") == 0) {
        echo_role();
    }
    if (strcmp(role, "pfault") == 0) {
        pfault_role();
    }
    if (strcmp(role, "pager") == 0 && argc == 3) {
        pager_role(arg_ep(argc, argv, 2));
    }
    panic("unknown role %s", role);
}
