/*
 * lusoak -- live update under load (issue 13, acceptance 2).
 *
 *   lusoak [-l LABEL] [UPDATES]
 *
 *   UPDATES   how many live updates (default 200), back and forth between lusvc.elf (version
 *             1) and lusvc2.elf (version 2)
 *   -l LABEL  the service (default "lusvc"; it must speak the lusvc protocol and run one of
 *             the two programs)
 *
 * A client (a forked child) sends requests to the stateful test service one after another --
 * SET then GET of an entry, and every fourth time a write in two requests (BEGIN, a GET of
 * another entry, COMMIT: a request half done in between) -- each with its own sequence number
 * and a value made from key and number, and keeps its own copy of the table. The soak's main
 * process meanwhile asks RS for UPDATES live updates (updater.c; RS_UPDATE, so the soak must
 * be root), alternating WORK_FREE and REQUEST_FREE, then tells the client through DS that it
 * is done. Every update holds one of the client's requests at the service's endpoint: the new
 * version's init takes a tick (lusvc's LUSVC_LU_DELAY_TICKS), the only time the client runs
 * while the slots change hands.
 *
 * Checks, per request: it is answered (an update neither loses nor refuses it), by version 1
 * or 2, and the answer is its own: SET/COMMIT wrote exactly one more time (not twice, not
 * lost: the entry's write count), GET reads what the copy says; the requests-served count in
 * every answer grows (it moves with the table, so a version that started from an old table
 * or answered twice shows). At the end: the updater saw every update succeed, each answered
 * by the new version at the same endpoint; the whole table, entry by entry, equals the copy;
 * the service counts exactly UPDATES more updates, the sets we made, and every request of the
 * two processes exactly once (ours plus one COUNT per update); no update under REQUEST_FREE
 * found a transaction open.
 *
 * Output: the updater's progress every 50 updates and its summary, then (from the client)
 *   lusoak: U updates, Q requests (v1 A, v2 B), T transactions (X across an update), V version changes seen, S s
 *   lusoak: N passed, M failed
 * where the checks are the requests answered correctly plus one per final check. S is the
 * run's wall time on the guest clock (from the first update to the last check). Exits with
 * M (at most 255), 1 on a usage error.
 */
#include "lusoak.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR LUSVC_NR_ENTRIES
/* The DS entry (ours, a user's) by which the updater tells the client it is done. */
#define DONE_KEY "lusoak.done"
#define UPDATER_DONE 0x10000u

static unsigned long passed, failed;

static void check(int ok, const char *fmt, long a, long b)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        if (failed <= 30) {
            printf("FAIL ");
            printf(fmt, a, b);
            printf("\n");
        }
    }
}

/* The client's state: its copy of the table and what it saw. */
static struct lu_entry model[NR];
static int ep;
static int32_t next_seq = 1;
static uint32_t last_served;
static int last_version;
static unsigned long requests, by_version[3], version_changes, transactions, crossed, sets;

/* One request; checks what every answer must hold. OK, or the error (counted failed). */
static int call(int type, int32_t key, int32_t value, int32_t seq, struct lusvc_reply *rep)
{
    int r = lusvc_call(ep, type, key, value, seq, rep);

    requests++;
    if (r != OK) {
        check(0, "request %ld: error %ld", seq, r);
        return r;
    }
    if (rep->version != 1 && rep->version != 2) {
        check(0, "request %ld answered by version %ld", seq, rep->version);
        return EGENERIC;
    }
    by_version[rep->version]++;
    if (last_version != 0 && rep->version != last_version)
        version_changes++;
    last_version = rep->version;
    if (rep->served <= last_served) {
        check(0, "request %ld: served count did not grow (%ld)", seq, (long)rep->served);
        return EGENERIC;
    }
    last_served = rep->served;
    return OK;
}

static int entry_is(const struct lusvc_reply *rep, int32_t key)
{
    return rep->value == model[key].value && rep->seq == model[key].seq
        && rep->writes == model[key].writes;
}

static void write_done(int32_t key, int32_t value, int32_t seq)
{
    model[key].value = value;
    model[key].seq = seq;
    model[key].writes++;
    sets++;
}

/* SET then GET of key. */
static void set_and_get(int32_t key)
{
    int32_t seq = next_seq++, value = lusvc_value(key, seq);
    struct lusvc_reply rep;

    if (call(LUSVC_SET, key, value, seq, &rep) != OK)
        return;
    write_done(key, value, seq);
    check(entry_is(&rep, key), "SET %ld: entry written %ld times, not once more", seq,
          (long)rep.writes);
    if (call(LUSVC_GET, key, 0, next_seq++, &rep) != OK)
        return;
    check(entry_is(&rep, key), "GET of key %ld after SET %ld: another entry", key, seq);
}

/* BEGIN on key, a GET of another key while the write is half done, COMMIT. */
static void transaction(int32_t key, int32_t other)
{
    int32_t seq = next_seq++, value = lusvc_value(key, seq);
    struct lusvc_reply rep;
    int begun_by;

    if (call(LUSVC_BEGIN, key, 0, seq, &rep) != OK)
        return;
    begun_by = rep.version;
    transactions++;
    if (call(LUSVC_GET, other, 0, next_seq++, &rep) == OK)
        check(entry_is(&rep, other), "GET of key %ld inside transaction %ld: wrong entry", other,
              seq);
    if (call(LUSVC_COMMIT, key, value, seq, &rep) != OK)
        return;
    write_done(key, value, seq);
    check(entry_is(&rep, key), "COMMIT %ld: entry written %ld times, not once more", seq,
          (long)rep.writes);
    check(rep.p1 == begun_by, "COMMIT %ld: the service says version %ld began it", seq, rep.p1);
    if (rep.version != begun_by)
        crossed++;
}

/* GET of every entry: into the copy (initial), or compared with it (final). */
static int read_table(int compare)
{
    struct lusvc_reply rep;
    int bad = 0;

    for (int32_t k = 0; k < NR; k++) {
        if (call(LUSVC_GET, k, 0, next_seq++, &rep) != OK)
            return EGENERIC;
        if (!compare) {
            model[k].value = rep.value;
            model[k].seq = rep.seq;
            model[k].writes = rep.writes;
        } else if (!entry_is(&rep, k)) {
            bad++;
            check(0, "entry %ld differs (written %ld times)", k, (long)rep.writes);
        }
    }
    if (compare)
        check(bad == 0, "table: %ld entries differ of %ld", bad, NR);
    return OK;
}

static int usage(void)
{
    printf("usage: lusoak [-l LABEL] [UPDATES]\n");
    return 1;
}

int main(int argc, char *argv[])
{
    struct updater_config cfg;
    struct lusvc_reply before, after;
    uint32_t rnd = 13;
    clock_t start;
    pid_t client;
    uint32_t done = 0;
    int status = 0, opt, r;
    char *end;

    cfg.label = "lusvc";
    cfg.updates = 200;
    while ((opt = getopt(argc, argv, "l:")) != -1) {
        if (opt != 'l')
            return usage();
        cfg.label = optarg;
    }
    if (optind < argc - 1)
        return usage();
    if (optind == argc - 1) {
        cfg.updates = (int)strtol(argv[optind], &end, 10);
        if (*end != '\0' || cfg.updates < 0)
            return usage();
    }

    r = svc_endpoint(cfg.label, &ep);
    if (r != OK) {
        printf("cannot find %s in DS: %d\n", cfg.label, r);
        check(0, "service found (%ld)", r, 0);
        printf("lusoak: %lu passed, %lu failed\n", passed, failed);
        return 1;
    }
    cfg.endpoint = ep;
    r = call(LUSVC_COUNT, 0, 0, 0, &before);
    if (r != OK || read_table(0) != OK) {
        printf("lusoak: %lu passed, %lu failed\n", passed, failed);
        return 1;
    }
    cfg.first_version = before.version;
    cfg.updates_before = (uint32_t)before.seq;
    printf("%d live updates of %s (endpoint %d, version %d, %ld entries written, %lu updates so far)\n",
           cfg.updates, cfg.label, ep, before.version, (long)before.value,
           (unsigned long)before.seq);

    /* The updater is this process, the client a forked child: a process that has just forked
       keeps the processor until its quantum is used up (it wakes at the front of its queue
       after each request), so the client would otherwise run alone for a while before the
       first update; the updater blocks in its first RS_UPDATE at once. */
    r = ds_publish_u32(DONE_KEY, 0, DSF_OVERWRITE);
    if (r != OK) {
        printf("cannot publish %s in DS: %d\n", DONE_KEY, r);
        printf("lusoak: %lu passed, %lu failed\n", passed, failed + 1);
        return 1;
    }
    start = times(NULL);
    client = fork();
    if (client < 0) {
        check(0, "fork the client (%ld)", client, 0);
        printf("lusoak: %lu passed, %lu failed\n", passed, failed);
        return 1;
    }
    if (client > 0) {
        int problems = updater_run(&cfg);
        /* The client stops when it sees this: our problems, and that we are done. */
        ds_publish_u32(DONE_KEY, UPDATER_DONE | (uint32_t)problems, DSF_OVERWRITE);
        if (waitpid(client, &status, 0) != client || !WIFEXITED(status)) {
            printf("lusoak: the client did not finish (status %d)\n", status);
            printf("lusoak: %lu passed, %lu failed\n", passed, failed + 1);
            ds_delete_u32(DONE_KEY);
            return 1;
        }
        ds_delete_u32(DONE_KEY);
        return WEXITSTATUS(status);
    }

    /* The client: requests until the updater is done. */
    for (unsigned long i = 0;; i++) {
        int32_t key = (int32_t)(soak_rand(&rnd) % NR);
        if (i % 4 == 3)
            transaction(key, (key + 1 + (int32_t)(soak_rand(&rnd) % (NR - 1))) % NR);
        else
            set_and_get(key);
        if (i % 16 == 15 && ds_retrieve_u32(DONE_KEY, &done) == OK && (done & UPDATER_DONE))
            break;
    }
    for (int i = 0; i < 8; i++)
        set_and_get((int32_t)(soak_rand(&rnd) % NR));

    /* The final checks. */
    check((done & ~UPDATER_DONE) == 0,
          "updater: every update done and answered by the new version (%ld problems)",
          (long)(done & ~UPDATER_DONE), 0);
    /* Not a law of live update but of this soak: the client must have been served by both
       versions, or it tested nothing (each update holds one of its requests: see above). */
    check(cfg.updates == 0 || (by_version[1] > 0 && by_version[2] > 0 && version_changes > 0),
          "the client was answered by version 1 %ld times and by version 2 %ld times",
          (long)by_version[1], (long)by_version[2]);
    read_table(1);
    r = call(LUSVC_COUNT, 0, 0, 0, &after);
    check(r == OK, "final COUNT (%ld)", r, 0);
    if (r == OK) {
        long used = 0;
        for (int k = 0; k < NR; k++)
            used += model[k].writes != 0;
        check(after.seq - before.seq == cfg.updates, "updates counted by the table: %ld, expected %ld",
              (long)(after.seq - before.seq), cfg.updates);
        check((uint32_t)after.p2 - (uint32_t)before.p2 == sets, "sets applied: %ld, expected %ld",
              (long)((uint32_t)after.p2 - (uint32_t)before.p2), (long)sets);
        check(after.value == used, "entries written: %ld, expected %ld", (long)after.value, used);
        /* Every request of both processes answered exactly once: ours (the first COUNT is
           `before`, already counted in before.served) and the updater's one COUNT per update. */
        check(after.served - before.served == requests - 1 + (unsigned long)cfg.updates,
              "requests served: %ld, expected %ld", (long)(after.served - before.served),
              (long)(requests - 1 + (unsigned long)cfg.updates));
        check(after.p1 == before.p1, "updates under REQUEST_FREE with a transaction open: %ld (%ld before)",
              (long)after.p1, (long)before.p1);
        check(after.version == (cfg.updates % 2 == 0 ? before.version : 3 - before.version),
              "final version %ld, expected %ld", after.version,
              cfg.updates % 2 == 0 ? before.version : 3 - before.version);
        printf("open transactions carried by a WORK_FREE update: %ld\n",
               (long)(after.writes - before.writes));
    }
    clock_t took = times(NULL) - start;
    printf("lusoak: %d updates, %lu requests (v1 %lu, v2 %lu), %lu transactions (%lu across an update), "
           "%lu version changes seen, %ld.%03ld s\n",
           cfg.updates, requests, by_version[1], by_version[2], transactions, crossed,
           version_changes, (long)(took / CLOCKS_PER_SEC),
           (long)(took % CLOCKS_PER_SEC * 1000 / CLOCKS_PER_SEC));
    printf("lusoak: %lu passed, %lu failed\n", passed, failed);
    return failed > 255 ? 255 : (int)failed;
}
