/*
 * updater.c -- the soak's main process: live updates, back and forth, as fast as RS takes
 * them.
 *
 * Update i (from 0) goes to the other version's program, in state WORK_FREE when i is even
 * and REQUEST_FREE when i is odd (so half the updates must wait for the client's open
 * transaction to be committed), with the default prepare time. Each must answer OK, and the
 * COUNT request that follows it must be answered by the new version, with the table's update
 * count one higher and the service still at its endpoint (DS). The COUNT requests are the
 * updater's only requests to the service: exactly one per update.
 */
#include "lusoak.h"
#include <stdio.h>
#include <sys/times.h>
#include <time.h>

static int problems;

static void problem(int i, const char *what, long a, long b)
{
    problems++;
    if (problems <= 20)
        printf("update %d: %s (%ld, expected %ld)\n", i, what, a, b);
}

int updater_run(const struct updater_config *cfg)
{
    int version = cfg->first_version;
    uint32_t done = 0;
    clock_t start = times(NULL), slowest = 0;

    for (int i = 0; i < cfg->updates; i++) {
        int next = version == 1 ? 2 : 1;
        int state = i % 2 == 0 ? SEF_LU_STATE_WORK_FREE : SEF_LU_STATE_REQUEST_FREE;
        struct lusvc_reply rep;
        clock_t t0 = times(NULL), took;
        int ep, r;

        r = lu_update(cfg->label, next == 1 ? LUSOAK_V1_PROGRAM : LUSOAK_V2_PROGRAM, state,
                      RS_DEFAULT_PREPARE_MAXTIME);
        took = times(NULL) - t0;
        if (took > slowest)
            slowest = took;
        if (r == OK) {
            done++;
            version = next;
        } else {
            problem(i, lu_strerror(r), r, OK);
        }
        r = lusvc_call(cfg->endpoint, LUSVC_COUNT, 0, 0, 0, &rep);
        if (r != OK) {
            problem(i, "COUNT after the update failed", r, OK);
            continue;
        }
        if (rep.version != version)
            problem(i, "COUNT answered by the wrong version", rep.version, version);
        if ((uint32_t)rep.seq != cfg->updates_before + done)
            problem(i, "the table's update count", rep.seq, (long)(cfg->updates_before + done));
        r = svc_endpoint(cfg->label, &ep);
        if (r != OK || ep != cfg->endpoint)
            problem(i, "the service's endpoint changed", r == OK ? ep : r, cfg->endpoint);
        if ((i + 1) % 50 == 0)
            printf("lusoak: %d updates\n", i + 1);
    }
    clock_t total = times(NULL) - start;
    printf("updater: %d updates, %lu done, %ld ms each on average, slowest %ld ms\n",
           cfg->updates, (unsigned long)done,
           cfg->updates > 0 ? (long)(total * 1000 / CLOCKS_PER_SEC / cfg->updates) : 0L,
           (long)(slowest * 1000 / CLOCKS_PER_SEC));
    return problems;
}
