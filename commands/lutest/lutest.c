/*
 * lutest -- RS_UPDATE's rules, as a user sees them (docs/live-update.md).
 *
 *   lutest [LABEL]     LABEL: the service to update to its own program (default hello; it must
 *                      support live update: state_isvalid and prepare callbacks)
 *
 * Run as root by init. Checks:
 *   - bad requests: state NULL (0) or negative, a maxtime above RS_MAX_PREPARE_MAXTIME, a
 *     wrong size, a bad label: EINVAL; an unknown label: ESRCH; PM (not replaceable): EPERM;
 *     a missing program: ENOENT;
 *   - updating LABEL to its own program (three times): OK, and the service keeps its endpoint
 *     (RS's lookup, DS's label, the list entry), its pid and restart count, is running again
 *     (not "updating") and serves;
 *   - a service without live-update callbacks (testsvc, else ds) answers ENOSYS at once (well
 *     within a second) and goes on serving at the same endpoint;
 *   - nothing leaks: after the first update, two more and the refused one leave VM with the
 *     same number of processes and free pages;
 *   - a second update while one runs is EBUSY: a child holds lusvc in a state it never reaches
 *     (LUSVC_STATE_NEVER, 300 ticks); meanwhile updates of lusvc and of LABEL are EBUSY; the
 *     held one ends EINTR (cancelled) and lusvc serves on at its endpoint. lusvc is started
 *     for the test if it is not running (and stopped again);
 *   - a user who is not root: EPERM.
 * Ends with "lutest: N passed, M failed".
 */
#include "../include/svcclient.h"     /* first: <minix/abi.h> */
#include <stdio.h>
#include <stdlib.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <minix/vm.h>
#include "../include/gtest.h"

#ifdef LUSVC_STATE_NEVER
#define HOLD_STATE LUSVC_STATE_NEVER
#else
#define HOLD_STATE SEF_LU_STATE_CUSTOM_BASE
#endif

/* RS_UPDATE with a request of size bytes. */
static int update_raw(const rs_update *u, int size)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = RS_UPDATE;
    m.m1_p1 = (void *) u;
    m.m1_i1 = size;
    int r = ipc_sendrec(RS_PROC_NR, &m);
    return r != OK ? r : m.m_type;
}

static int update(const char *label, const char *program, int state, uint32_t maxtime)
{
    static rs_update u;

    memset(&u, 0, sizeof u);
    strncpy(u.label, label, sizeof u.label - 1);
    if (program != NULL)
        strncpy(u.program, program, sizeof u.program - 1);
    u.state = state;
    u.maxtime = maxtime;
    return update_raw(&u, (int) sizeof u);
}

static int rs_lookup(const char *label, int *ep)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = RS_LOOKUP;
    m.m1_p1 = (void *) label;
    m.m1_i1 = (int) strlen(label) + 1;
    int r = ipc_sendrec(RS_PROC_NR, &m);
    if (r != OK)
        return r;
    *ep = m.m1_i1;
    return m.m_type;
}

static uint32_t now_ticks(void)
{
    struct tms t;
    return (uint32_t) times(&t);
}

/* Whether the service at ep answers a request of its own kind. */
static int serves(const char *label, int ep)
{
    if (strcmp(label, "hello") == 0) {
        uint32_t count = 0;
        return hello_count(ep, &count) >= 0;
    }
    if (strcmp(label, "testsvc") == 0) {
        struct testsvc_answer a;
        return testsvc_call(ep, 4711, &a) == OK && a.seq == 4711 && a.copied == 4711;
    }
    if (strcmp(label, "ds") == 0) {
        int dsep = NONE;
        return ds_retrieve_label("rs", &dsep) == OK && dsep == RS_PROC_NR;
    }
    return 1;     /* a service lutest does not know how to ask: RS's state only */
}

static void bad_requests(const char *subject)
{
    static rs_update u;

    CHECK(update(subject, NULL, SEF_LU_STATE_NULL, 0) == EINVAL, "state NULL: EINVAL");
    CHECK(update(subject, NULL, -1, 0) == EINVAL, "state -1: EINVAL");
    CHECK(update(subject, NULL, SEF_LU_STATE_WORK_FREE, RS_MAX_PREPARE_MAXTIME + 1) == EINVAL,
          "maxtime %d: EINVAL", RS_MAX_PREPARE_MAXTIME + 1);
    CHECK(update(subject, NULL, SEF_LU_STATE_WORK_FREE, 0xFFFFFFFFu) == EINVAL,
          "maxtime 0xffffffff: EINVAL");
    memset(&u, 0, sizeof u);
    strcpy(u.label, subject);
    u.state = SEF_LU_STATE_WORK_FREE;
    CHECK(update_raw(&u, (int) sizeof u - 4) == EINVAL, "short request: EINVAL");
    CHECK(update("Bad label", NULL, SEF_LU_STATE_WORK_FREE, 0) == EINVAL, "bad label: EINVAL");
    CHECK(update("nosuchservice", NULL, SEF_LU_STATE_WORK_FREE, 0) == ESRCH, "unknown label: ESRCH");
    CHECK(update("pm", NULL, SEF_LU_STATE_WORK_FREE, 0) == EPERM, "pm: EPERM");
    int r = update(subject, "nosuchprogram.elf", SEF_LU_STATE_WORK_FREE, 0);
    CHECK(r == ENOENT, "missing program: ENOENT (got %d)", r);
}

/* Updating label to its own program keeps everything a client sees. */
static void same_program(const char *label, int round)
{
    rs_service_info before, after;
    int ep = NONE, ep2 = NONE, dsep = NONE;

    CHECK(svc_info(label, &before) == OK && rs_lookup(label, &ep) == OK,
          "%s known before update %d", label, round);
    int r = update(label, NULL, SEF_LU_STATE_WORK_FREE, 0);
    CHECK(r == OK, "update %d of %s to its own program: OK (got %d)", round, label, r);
    CHECK(svc_info(label, &after) == OK, "%s listed after update %d", label, round);
    CHECK(rs_lookup(label, &ep2) == OK && ep2 == ep, "same endpoint after update %d (%d, %d)",
          round, ep, ep2);
    CHECK(ds_retrieve_label(label, &dsep) == OK && dsep == ep, "DS: same endpoint (%d)", dsep);
    CHECK(after.endpoint == before.endpoint && after.pid == before.pid
          && after.restarts == before.restarts && after.period == before.period,
          "list entry kept (endpoint %d/%d, pid %d/%d, restarts %u/%u)", before.endpoint,
          after.endpoint, before.pid, after.pid, (unsigned) before.restarts,
          (unsigned) after.restarts);
    CHECK((after.flags & RS_ACTIVE) && !(after.flags & (RS_UPDATING | RS_INITIALIZING)),
          "running again after update %d (flags %#x)", round, (unsigned) after.flags);
    CHECK(serves(label, ep), "%s serves after update %d", label, round);
}

/* A service without live-update callbacks: ENOSYS at once. Returns 0 if it could update. */
static int without_callbacks(const char *label)
{
    int ep = NONE, ep2 = NONE;

    if (rs_lookup(label, &ep) != OK)
        return 0;
    uint32_t t0 = now_ticks();
    int r = update(label, NULL, SEF_LU_STATE_WORK_FREE, RS_MAX_PREPARE_MAXTIME);
    uint32_t took = now_ticks() - t0;
    if (r == OK)
        return 0;             /* it supports live update after all: try another */
    CHECK(r == ENOSYS, "%s without callbacks: ENOSYS (got %d)", label, r);
    CHECK(took < 30, "%s answered in %u ticks (< 30)", label, (unsigned) took);
    CHECK(rs_lookup(label, &ep2) == OK && ep2 == ep && serves(label, ep2),
          "%s serves on at endpoint %d", label, ep2);
    return 1;
}

/* A second update while one runs: EBUSY. */
static void busy(const char *subject)
{
    rs_service_info info;
    int started = 0, ep = NONE, ep2 = NONE;

    if (svc_info("lusvc", &info) != OK) {
        static rs_start rs;
        message m;
        memset(&rs, 0, sizeof rs);
        strcpy(rs.program, "lusvc.elf");
        strcpy(rs.label, "lusvc");
        memset(&m, 0, sizeof m);
        m.m_type = RS_UP;
        m.m1_p1 = &rs;
        m.m1_i1 = (int) sizeof rs;
        int r = ipc_sendrec(RS_PROC_NR, &m);
        CHECK(r == OK && m.m_type == OK, "lusvc started for the EBUSY check (%d)",
              r != OK ? r : m.m_type);
        if (r != OK || m.m_type != OK)
            return;
        started = 1;
    }
    CHECK(rs_lookup("lusvc", &ep) == OK, "lusvc known");
    pid_t pid = fork();
    if (pid == 0) {
        int r = update("lusvc", NULL, HOLD_STATE, 300);
        _exit(r == EINTR ? 0 : 100 + (r < 0 ? -r : r) % 100);
    }
    /* The child's update runs until RS cancels it at 300 ticks. */
    int seen = 0;
    uint32_t t0 = now_ticks();
    while (!seen && now_ticks() - t0 < 240) {
        if (svc_info("lusvc", &info) == OK && (info.flags & RS_UPDATING))
            seen = 1;
        else
            sleep(1);
    }
    CHECK(seen, "lusvc shows as updating while held");
    if (seen) {
        int r1 = update("lusvc", NULL, SEF_LU_STATE_WORK_FREE, 0);
        int r2 = update(subject, NULL, SEF_LU_STATE_WORK_FREE, 0);
        CHECK(r1 == EBUSY, "second update of lusvc: EBUSY (got %d)", r1);
        CHECK(r2 == EBUSY, "update of %s while lusvc's runs: EBUSY (got %d)", subject, r2);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)
          && WEXITSTATUS(status) == 0, "held update ended EINTR (status %#x)", status);
    CHECK(svc_info("lusvc", &info) == OK && (info.flags & RS_ACTIVE)
          && !(info.flags & RS_UPDATING), "lusvc running after the cancel (flags %#x)",
          (unsigned) info.flags);
    CHECK(rs_lookup("lusvc", &ep2) == OK && ep2 == ep, "lusvc kept its endpoint (%d, %d)",
          ep, ep2);
    int r = update(subject, NULL, SEF_LU_STATE_WORK_FREE, 0);
    CHECK(r == OK, "%s can be updated again afterwards (got %d)", subject, r);
    if (started) {
        message m;
        memset(&m, 0, sizeof m);
        m.m_type = RS_DOWN;
        m.m1_p1 = (void *) "lusvc";
        m.m1_i1 = 6;
        ipc_sendrec(RS_PROC_NR, &m);
    }
}

int main(int argc, char *argv[])
{
    const char *subject = argc > 1 ? argv[1] : "hello";

    vm_stats st0, st1;

    bad_requests(subject);
    same_program(subject, 1);
    CHECK(vm_info(&st0) == 0, "vm_info");
    same_program(subject, 2);
    same_program(subject, 3);
    CHECK(without_callbacks("testsvc") || without_callbacks("ds"),
          "a service without live-update callbacks answered ENOSYS");
    CHECK(vm_info(&st1) == 0 && st1.processes == st0.processes && st1.free_pages == st0.free_pages,
          "after 3 updates: %u processes, %u free pages (before: %u, %u)", st1.processes,
          st1.free_pages, st0.processes, st0.free_pages);
    busy(subject);

    pid_t pid = fork();
    if (pid == 0) {
        if (setuid(7) != 0)
            _exit(1);
        _exit(update(subject, NULL, SEF_LU_STATE_WORK_FREE, 0) == EPERM ? 0 : 2);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0,
          "non-root: EPERM (status %#x)", status);
    return gt_summary("lutest");
}
