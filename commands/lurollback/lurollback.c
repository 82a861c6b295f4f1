/*
 * lurollback -- live updates that must not happen, and the old version that goes on
 * (issue 13, acceptance 3).
 *
 *   lurollback [LABEL]     LABEL: the service (default "lusvc"; lusvc.elf or lusvc2.elf)
 *
 * The table is filled first (every entry written with its own number); after every case the
 * service must still be at its endpoint, answered by the version that ran before, with the
 * same update count, and the whole table, entry by entry, as it was; a request must still be
 * served. The cases:
 *   1. init fails: the update to lusvcbad.elf (its live-update init copies and checks the state,
 *      then fails) is refused with ERESTART, and VM has as many processes as before. A
 *      forked client reads entries meanwhile: every answer comes from the old version (one
 *      of its requests waits at the endpoint while the new version fails: see client()).
 *   2. prepare timeout: the custom state LUSVC_STATE_NEVER (valid, never reached) with a
 *      maxtime of 30 ticks is refused with EINTR, after at least 30 ticks.
 *   3. a request half done: BEGIN, then an update in REQUEST_FREE (maxtime 30 ticks) is
 *      refused with EINTR; the COMMIT afterwards is answered by the old version.
 *   4. a request half done that completes: BEGIN, a child COMMITs one second later while RS
 *      waits (REQUEST_FREE, maxtime 600 ticks): the update succeeds after the commit (the
 *      commit answered by the old version), the table carries the committed entry; then
 *      an update back to the first program (WORK_FREE) leaves the service as it was found.
 *   5. refusals at once: state NULL, a state lusvc does not know (99), a maxtime above
 *      RS_MAX_PREPARE_MAXTIME (EINVAL); no such program (ENOENT); no such label (ESRCH); a
 *      service without live-update callbacks, testsvc, if there is one (ENOSYS); a second
 *      update while one is preparing (EBUSY).
 * Ends with "lurollback: N passed, M failed" (gtest.h); must be run as root.
 */
#include "../include/luclient.h"   /* first: see svcclient.h */
#include "../include/gtest.h"
#include <minix/vm.h>
#include <stdlib.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR LUSVC_NR_ENTRIES
#define SHORT_MAXTIME 30

struct lu_entry {
    int32_t value;
    int32_t seq;
    uint32_t writes;
};

static const char *label = "lusvc";
static int ep;
static int version;             /* the version that must keep answering */
static uint32_t updates;        /* the table's update count that must stay */
static struct lu_entry model[NR];
static int32_t next_seq = 1000000;

static const char *program_of(int v)
{
    return v == 1 ? "lusvc.elf" : "lusvc2.elf";
}

static int processes(void)
{
    vm_stats st;

    return vm_info(&st) == 0 ? (int)st.processes : -1;
}

static int set(int32_t key, struct lusvc_reply *rep)
{
    int32_t seq = next_seq++, value = lusvc_value(key, seq);
    int r = lusvc_call(ep, LUSVC_SET, key, value, seq, rep);

    if (r == OK) {
        model[key].value = value;
        model[key].seq = seq;
        model[key].writes++;
    }
    return r;
}

/* The service is still what it was: same endpoint, same version, same update count, every
   entry as the copy says, and it serves a SET. */
static void intact(const char *after)
{
    struct lusvc_reply rep;
    int now, r, bad = 0;

    r = svc_endpoint(label, &now);
    CHECK(r == OK && now == ep, "%s: endpoint %d, was %d (%d)", after, now, ep, r);
    r = lusvc_call(ep, LUSVC_COUNT, 0, 0, 0, &rep);
    CHECK(r == OK && rep.version == version, "%s: answered by version %d, expected %d (%d)",
          after, rep.version, version, r);
    CHECK(r == OK && (uint32_t)rep.seq == updates, "%s: update count %ld, expected %lu", after,
          (long)rep.seq, (unsigned long)updates);
    for (int32_t k = 0; k < NR; k++) {
        r = lusvc_call(ep, LUSVC_GET, k, 0, 0, &rep);
        if (r != OK || rep.value != model[k].value || rep.seq != model[k].seq
                || rep.writes != model[k].writes)
            bad++;
    }
    CHECK(bad == 0, "%s: %d of %d entries differ", after, bad, NR);
    int32_t key = next_seq % NR;
    r = set(key, &rep);
    CHECK(r == OK && rep.version == version && rep.writes == model[key].writes,
          "%s: a SET afterwards: %d, version %d", after, r, rep.version);
}

/* A client (forked) that reads entries until the update is over (the parent publishes
   DONE_KEY in DS then; at most CLIENT_TICKS), checking every answer: from version
   `version`, the entry as the copy says, the served count growing. The failing update runs
   meanwhile: its new version's init takes a tick (lusvc's LUSVC_LU_DELAY_TICKS) in which the
   system is idle, so the client runs and its request waits at the endpoint until the old
   version is back. Prints what it saw; exits 0 if every answer was right, else 1. */
#define CLIENT_TICKS (10 * CLOCKS_PER_SEC)
#define DONE_KEY "lurollback.done"
static void client(void)
{
    struct lusvc_reply rep;
    clock_t t0 = times(NULL), longest = 0;
    unsigned long n = 0, bad = 0;
    uint32_t last_served = 0;

    memset(&rep, 0, sizeof rep);

    uint32_t done;

    while (times(NULL) - t0 < CLIENT_TICKS
            && (n % 64 != 63 || ds_retrieve_u32(DONE_KEY, &done) != OK)) {
        int32_t key = (int32_t)(n % NR);
        clock_t tb = times(NULL);
        int r = lusvc_call(ep, LUSVC_GET, key, 0, 0, &rep);
        clock_t took = times(NULL) - tb;

        n++;
        if (took > longest)
            longest = took;
        if (r != OK || rep.version != version || rep.value != model[key].value
                || rep.seq != model[key].seq || rep.writes != model[key].writes
                || rep.served <= last_served) {
            if (bad++ < 5)
                printf("client: GET %ld: %d, version %d, served %lu\n", (long)key, r,
                       rep.version, (unsigned long)rep.served);
        }
        last_served = rep.served;
    }
    printf("client: %lu requests during the update, %lu wrong, the longest took %ld ticks\n", n,
           bad, (long)longest);
    exit(bad == 0 ? 0 : 1);
}

static void case_init_fails(void)
{
    int before = processes(), status = -1, r;
    pid_t child;

    ds_delete_u32(DONE_KEY);
    child = fork();

    if (child == 0)
        client();
    CHECK(child > 0, "fork: %d", (int)child);
    r = lu_update(label, "lusvcbad.elf", SEF_LU_STATE_WORK_FREE, RS_DEFAULT_PREPARE_MAXTIME);
    CHECK(r == ERESTART, "update to lusvcbad.elf: %d (%s), expected ERESTART", r, lu_strerror(r));
    printf("update to lusvcbad.elf: %s\n", lu_strerror(r));
    ds_publish_u32(DONE_KEY, 1, DSF_OVERWRITE);
    if (child > 0)
        waitpid(child, &status, 0);
    ds_delete_u32(DONE_KEY);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "a client's requests during the failed update: all answered by the old version "
          "(child status %d)", status);
    intact("after the failed init");
    CHECK(processes() == before, "processes %d after the rollback, %d before", processes(), before);
}

static void case_never_ready(void)
{
    clock_t t0 = times(NULL);
    int r = lu_update(label, program_of(version == 1 ? 2 : 1), LUSVC_STATE_NEVER, SHORT_MAXTIME);
    clock_t took = times(NULL) - t0;

    CHECK(r == EINTR, "update in a state never reached: %d (%s), expected EINTR", r,
          lu_strerror(r));
    CHECK(took >= SHORT_MAXTIME && took < SHORT_MAXTIME + 10 * CLOCKS_PER_SEC,
          "refused after %ld ticks, maxtime %d", (long)took, SHORT_MAXTIME);
    printf("update in state %d: %s after %ld ticks\n", LUSVC_STATE_NEVER, lu_strerror(r),
           (long)took);
    intact("after the prepare timeout");
}

static void case_half_done(void)
{
    struct lusvc_reply rep;
    int32_t key = 7, seq = next_seq++, value = lusvc_value(key, seq);
    int r = lusvc_call(ep, LUSVC_BEGIN, key, 0, seq, &rep);

    CHECK(r == OK, "BEGIN: %d", r);
    r = lu_update(label, program_of(version == 1 ? 2 : 1), SEF_LU_STATE_REQUEST_FREE,
                  SHORT_MAXTIME);
    CHECK(r == EINTR, "update in REQUEST_FREE with a request half done: %d (%s), expected EINTR",
          r, lu_strerror(r));
    r = lusvc_call(ep, LUSVC_COMMIT, key, value, seq, &rep);
    CHECK(r == OK && rep.version == version && rep.p1 == version,
          "COMMIT after the refused update: %d, version %d, begun by %d", r, rep.version,
          (int)rep.p1);
    if (r == OK) {
        model[key].value = value;
        model[key].seq = seq;
        model[key].writes++;
    }
    intact("after the refused REQUEST_FREE update");
}

static void case_waits_for_commit(void)
{
    struct lusvc_reply rep;
    int32_t key = 9, seq = next_seq++, value = lusvc_value(key, seq);
    int first = version, other = version == 1 ? 2 : 1, status = -1, r;
    pid_t child;

    r = lusvc_call(ep, LUSVC_BEGIN, key, 0, seq, &rep);
    CHECK(r == OK, "BEGIN: %d", r);
    child = fork();
    if (child == 0) {
        sleep(1);
        r = lusvc_call(ep, LUSVC_COMMIT, key, value, seq, &rep);
        exit(r == OK && rep.version == first && rep.p1 == first ? 0 : 1);
    }
    CHECK(child > 0, "fork: %d", (int)child);
    r = lu_update(label, program_of(other), SEF_LU_STATE_REQUEST_FREE, 600);
    CHECK(r == OK, "update in REQUEST_FREE while the commit is on its way: %d (%s)", r,
          lu_strerror(r));
    if (child > 0)
        waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the COMMIT was answered by version %d before the update (child status %d)", first,
          status);
    model[key].value = value;
    model[key].seq = seq;
    model[key].writes++;
    if (r == OK) {
        version = other;
        updates++;
    }
    intact("after the update that waited for the commit");
    r = lu_update(label, program_of(first), SEF_LU_STATE_WORK_FREE, RS_DEFAULT_PREPARE_MAXTIME);
    CHECK(r == OK, "update back to %s: %d (%s)", program_of(first), r, lu_strerror(r));
    if (r == OK) {
        version = first;
        updates++;
    }
    intact("after the update back");
}

static void case_refusals(void)
{
    int r, tep, status = -1;
    pid_t child;

    r = lu_update(label, NULL, SEF_LU_STATE_NULL, RS_DEFAULT_PREPARE_MAXTIME);
    CHECK(r == EINVAL, "state NULL: %d, expected EINVAL", r);
    r = lu_update(label, NULL, 99, RS_DEFAULT_PREPARE_MAXTIME);
    CHECK(r == EINVAL, "state 99 (lusvc's state_isvalid says no): %d, expected EINVAL", r);
    r = lu_update(label, NULL, SEF_LU_STATE_WORK_FREE, RS_MAX_PREPARE_MAXTIME + 1);
    CHECK(r == EINVAL, "maxtime %d: %d, expected EINVAL", RS_MAX_PREPARE_MAXTIME + 1, r);
    r = lu_update(label, "nosuch.elf", SEF_LU_STATE_WORK_FREE, RS_DEFAULT_PREPARE_MAXTIME);
    CHECK(r == ENOENT, "program nosuch.elf: %d, expected ENOENT", r);
    r = lu_update("nosuch", NULL, SEF_LU_STATE_WORK_FREE, RS_DEFAULT_PREPARE_MAXTIME);
    CHECK(r == ESRCH, "label nosuch: %d, expected ESRCH", r);
    if (svc_endpoint("testsvc", &tep) == OK) {
        r = lu_update("testsvc", NULL, SEF_LU_STATE_WORK_FREE, RS_DEFAULT_PREPARE_MAXTIME);
        CHECK(r == ENOSYS, "testsvc (no live-update callbacks): %d, expected ENOSYS", r);
    }
    /* One update at a time: a child's update waits for a state never reached (2 s). */
    child = fork();
    if (child == 0) {
        r = lu_update(label, NULL, LUSVC_STATE_NEVER, 120);
        exit(r == EINTR ? 0 : 1);
    }
    CHECK(child > 0, "fork: %d", (int)child);
    sleep(1);
    r = lu_update(label, NULL, SEF_LU_STATE_WORK_FREE, RS_DEFAULT_PREPARE_MAXTIME);
    CHECK(r == EBUSY, "a second update while one prepares: %d, expected EBUSY", r);
    if (child > 0)
        waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the first update timed out with EINTR (child status %d)", status);
    intact("after the refusals");
}

int main(int argc, char *argv[])
{
    struct lusvc_reply rep;
    int r;

    if (argc > 2) {
        printf("usage: lurollback [LABEL]\n");
        return 1;
    }
    if (argc == 2)
        label = argv[1];
    r = svc_endpoint(label, &ep);
    CHECK(r == OK, "%s in DS: %d", label, r);
    if (r != OK)
        return gt_summary("lurollback");
    r = lusvc_call(ep, LUSVC_COUNT, 0, 0, 0, &rep);
    CHECK(r == OK && (rep.version == 1 || rep.version == 2), "COUNT: %d, version %d", r,
          rep.version);
    if (r != OK)
        return gt_summary("lurollback");
    version = rep.version;
    updates = (uint32_t)rep.seq;
    /* The copy starts from what the service holds; then every entry is written once more. */
    for (int32_t k = 0; k < NR; k++) {
        r = lusvc_call(ep, LUSVC_GET, k, 0, 0, &rep);
        model[k].value = rep.value;
        model[k].seq = rep.seq;
        model[k].writes = rep.writes;
    }
    for (int32_t k = 0; k < NR; k++)
        set(k, &rep);
    printf("%s: version %d at endpoint %d, %d entries written\n", label, version, ep, NR);

    case_init_fails();
    case_never_ready();
    case_half_done();
    case_waits_for_commit();
    case_refusals();
    return gt_summary("lurollback");
}
