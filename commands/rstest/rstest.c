/*
 * rstest -- the reincarnation server's requests and crash recovery, as a user sees them.
 *
 * Needs the test service (label testsvc) in the image; run as root by init. Checks:
 *   - RS_LOOKUP / RS_LIST agree; unknown labels are ESRCH, bad ones EINVAL;
 *   - every fault kind (SIGKILL, NULL dereference, panic, hang, corrupted message) ends the
 *     instance, RS starts a new one (new endpoint, restart count + 1) within the documented
 *     time (immediately or after the 1 s back-off; a hang within 2 x period + 1 s), and the
 *     new instance answers requests;
 *   - refresh and restart; down (the label goes, requests fail) and up again;
 *   - core services cannot go down (EPERM); a non-root user is refused (EPERM) but may look up.
 * Ends with "rstest: N passed, M failed".
 */
#include "../include/svcclient.h"     /* first: <minix/abi.h> */
#include <stdio.h>
#include <sys/times.h>
#include <minix/vm.h>
#include <sys/wait.h>
#include "../include/gtest.h"

static int rs_label_call(int type, const char *label, int *out)
{
    message m;
    memset(&m, 0, sizeof m);
    m.m_type = type;
    m.m1_p1 = (void *) label;
    m.m1_i1 = (int) strlen(label) + 1;
    int r = ipc_sendrec(RS_PROC_NR, &m);
    if (r != OK)
        return r;
    if (out != NULL)
        *out = m.m1_i1;
    return m.m_type;
}

static int lookup(const char *label, int *ep)
{
    return rs_label_call(RS_LOOKUP, label, ep);
}

static uint32_t now_ticks(void)
{
    struct tms t;
    return (uint32_t) times(&t);
}

/* Waits (polling once a second, at most limit_s) until label runs under an endpoint other
   than old; returns the new one or NONE. */
static int wait_new_instance(const char *label, int old, int limit_s, uint32_t *took)
{
    uint32_t start = now_ticks();
    for (int i = 0; i <= limit_s; i++) {
        int ep = NONE;
        rs_service_info info;
        if (lookup(label, &ep) == OK && ep != old && svc_info(label, &info) == OK
                && (info.flags & RS_ACTIVE)) {
            *took = now_ticks() - start;
            return ep;
        }
        sleep(1);
    }
    return NONE;
}

static int serves(int ep)
{
    struct testsvc_answer a;
    return testsvc_call(ep, 42, &a) == OK && a.seq == 42;
}

static void crash_and_recover(const char *kind_name, int kind, int limit_s)
{
    int ep = NONE, ep2;
    rs_service_info before, after;
    uint32_t took = 0;

    CHECK(lookup("testsvc", &ep) == OK, "lookup before %s", kind_name);
    CHECK(svc_info("testsvc", &before) == OK, "list before %s", kind_name);
    CHECK(svc_fault("testsvc", kind) == OK, "fi %s accepted", kind_name);
    ep2 = wait_new_instance("testsvc", ep, limit_s, &took);
    CHECK(ep2 != NONE, "%s: a new instance within %d s", kind_name, limit_s);
    CHECK(svc_info("testsvc", &after) == OK && after.restarts == before.restarts + 1,
          "%s: restarts %u -> %u", kind_name, before.restarts, after.restarts);
    CHECK(ep2 != NONE && serves(ep2), "%s: the new instance serves", kind_name);
    CHECK(testsvc_call(ep, 1, &(struct testsvc_answer){0}) == EDEADSRCDST,
          "%s: the old endpoint is dead", kind_name);
    printf("%s: recovered in %u ticks (endpoint %d -> %d)\n", kind_name, (unsigned) took, ep, ep2);
}

int main(void)
{
    int ep = NONE;

    /* Lookups and errors. */
    CHECK(lookup("testsvc", &ep) == OK && ep != NONE, "lookup testsvc");
    CHECK(serves(ep), "testsvc serves");
    CHECK(lookup("nosuch", NULL) == ESRCH, "unknown label is ESRCH");
    CHECK(lookup("Bad!", NULL) == EINVAL, "bad label is EINVAL");
    CHECK(rs_label_call(RS_DOWN, "nosuch", NULL) == ESRCH, "down unknown: ESRCH");
    CHECK(rs_label_call(RS_DOWN, "pm", NULL) == EPERM, "down pm: EPERM");
    CHECK(rs_label_call(RS_DOWN, "ds", NULL) == EPERM, "down ds: EPERM");
    CHECK(rs_label_call(RS_DOWN, "rs", NULL) == EPERM, "down rs: EPERM");
    CHECK(svc_fault("testsvc", 99) == EINVAL, "unknown fault kind: EINVAL");

    /* Every way to crash. The first restart is immediate, later ones wait 1 s; a hang is
       found within 2 x period (5 s) plus a second. */
    vm_stats st0, st1;
    crash_and_recover("sigkill", RS_FI_SIGKILL, 5);
    CHECK(vm_info(&st0) == 0, "vm_info");
    crash_and_recover("nullderef", RS_FI_NULLDEREF, 5);
    crash_and_recover("panic", RS_FI_PANIC, 5);
    crash_and_recover("badmsg", RS_FI_BADMSG, 5);
    crash_and_recover("hang", RS_FI_HANG, 15);
    /* Each crashed instance was removed: no process and no page is left behind. */
    CHECK(vm_info(&st1) == 0 && st1.processes == st0.processes && st1.free_pages == st0.free_pages,
          "after 4 restarts: %u processes, %u free pages (before: %u, %u)", st1.processes,
          st1.free_pages, st0.processes, st0.free_pages);

    /* Refresh and restart: a new instance each time. */
    int before = NONE, after = NONE;
    lookup("testsvc", &before);
    CHECK(rs_label_call(RS_REFRESH, "testsvc", NULL) == OK, "refresh testsvc");
    CHECK(lookup("testsvc", &after) == OK && after != before && serves(after), "refresh: new instance serves");
    before = after;
    CHECK(rs_label_call(RS_RESTART, "testsvc", NULL) == OK, "restart testsvc");
    CHECK(lookup("testsvc", &after) == OK && after != before && serves(after), "restart: new instance serves");

    /* Down, then up again from the boot archive. */
    CHECK(rs_label_call(RS_DOWN, "testsvc", NULL) == OK, "down testsvc");
    CHECK(lookup("testsvc", NULL) == ESRCH, "testsvc is gone");
    CHECK(testsvc_call(after, 1, &(struct testsvc_answer){0}) == EDEADSRCDST, "its endpoint is dead");
    {
        static rs_start rs;
        message m;
        memset(&rs, 0, sizeof rs);
        strcpy(rs.program, "testsvc");
        rs.period = 5 * 60;
        memset(&m, 0, sizeof m);
        m.m_type = RS_UP;
        m.m1_p1 = &rs;
        m.m1_i1 = (int) sizeof rs;
        CHECK(ipc_sendrec(RS_PROC_NR, &m) == OK && m.m_type == OK, "up testsvc: %d", m.m_type);
        memset(&m, 0, sizeof m);
        m.m_type = RS_UP;
        m.m1_p1 = &rs;
        m.m1_i1 = (int) sizeof rs;
        CHECK(ipc_sendrec(RS_PROC_NR, &m) == OK && m.m_type == EEXIST, "up again: EEXIST");
        strcpy(rs.program, "nosuchprogram");
        strcpy(rs.label, "other");
        memset(&m, 0, sizeof m);
        m.m_type = RS_UP;
        m.m1_p1 = &rs;
        m.m1_i1 = (int) sizeof rs;
        CHECK(ipc_sendrec(RS_PROC_NR, &m) == OK && m.m_type == ENOENT, "up of a missing program: ENOENT");
    }
    CHECK(lookup("testsvc", &ep) == OK && serves(ep), "testsvc is back and serves");
    crash_and_recover("sigkill after up", RS_FI_SIGKILL, 5);

    /* A user that is not root may look, not act. */
    pid_t pid = fork();
    if (pid == 0) {
        int bad = 0;
        if (setuid(7) != 0)
            bad |= 1;
        if (svc_fault("testsvc", RS_FI_SIGKILL) != EPERM)
            bad |= 2;
        if (rs_label_call(RS_DOWN, "testsvc", NULL) != EPERM)
            bad |= 4;
        if (lookup("testsvc", NULL) != OK)
            bad |= 8;
        _exit(bad);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0,
          "non-root: refused, lookup allowed (status %#x)", status);
    return gt_summary("rstest");
}
