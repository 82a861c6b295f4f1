/*
 * rssoak -- crash recovery under load (issue 12, acceptance 2).
 *
 *   rssoak [-c CRASHES] [-s SEED] [-d TICKS] [-k KINDS] [-w WORK] [LABEL]
 *
 *   -c CRASHES  how many times to crash the service (default 1000)
 *   -s SEED     the seed of the crash times (default 12)
 *   -d TICKS    each crash comes 1..TICKS clock ticks after the service is back (default 30)
 *   -k KINDS    the crash kinds, used in turn, one letter each: k SIGKILL, n NULL
 *               dereference, p panic, h hang, b corrupted message (default "knphb")
 *   -w WORK     loop iterations of work the client does with each answer before its next
 *               request (default 2000). A request costs the guest almost no instructions (the
 *               kernel's IPC is host code, outside the virtual clock), so a client that only
 *               asks would make the soak's wall time tens of thousands of round trips per
 *               crash; a little work per answer keeps it a steady, realistic load.
 *   LABEL       the service (default "testsvc"; it must speak TESTSVC_REQ)
 *
 * A client (this process) sends TESTSVC_REQ requests with consecutive sequence numbers in a
 * loop, under the retry rule of client.c, while a second process (crasher.c, forked) has RS
 * crash the service CRASHES times at random virtual times (seeded), each time after the
 * service came back. Must be run as root (RS_FI).
 *
 * Before the first census the service is crashed once (SIGKILL) and requests warm
 * everything up (see main). Checks: every request is answered exactly once with its own number, or lost (no new
 * instance within REQUEST_LIMIT_SECONDS) -- the client's count; the crasher got every crash
 * in and saw every recovery; RS counts exactly CRASHES more restarts; and the census
 * (census.c: processes, free memory, DS entries, our grant table) is the same before and
 * after (waiting up to SETTLE_SECONDS for the last dead instance to be cleaned up).
 *
 * Output: a progress line every 100 crashes (from the crasher), then
 *   rssoak: crashes C, requests Q, retries R, DS lookups L, waits W, T s
 *   rssoak: N passed, M failed
 * where the checks are the requests answered correctly, plus one per final check. Exits
 * with M (at most 255), 1 on a usage error.
 */
#include "rssoak.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Requests before the first census, and after the last crash. */
#define WARM_UP_REQUESTS 20
/* How long the census may take to come back to its old values after the last crash. */
#define SETTLE_SECONDS 10

static unsigned long checks_passed, checks_failed;

static void check(int ok, const char *what)
{
    if (ok) {
        checks_passed++;
    } else {
        checks_failed++;
        printf("FAIL %s\n", what);
    }
}

/* Work on an answer: iterations of arithmetic the compiler cannot drop. */
static void think(int iterations)
{
    volatile uint32_t x = 1;

    for (int i = 0; i < iterations; i++)
        x = x * 1103515245u + 12345u;
}

static int usage(void)
{
    printf("usage: rssoak [-c CRASHES] [-s SEED] [-d TICKS] [-k KINDS] [-w WORK] [LABEL]\n");
    return 1;
}

static int parse_kinds(const char *s, struct soak_config *cfg)
{
    cfg->nkinds = 0;
    for (; *s != '\0'; s++) {
        int kind;
        switch (*s) {
        case 'k': kind = RS_FI_SIGKILL; break;
        case 'n': kind = RS_FI_NULLDEREF; break;
        case 'p': kind = RS_FI_PANIC; break;
        case 'h': kind = RS_FI_HANG; break;
        case 'b': kind = RS_FI_BADMSG; break;
        default: return -1;
        }
        if (cfg->nkinds == 5)
            return -1;
        cfg->kinds[cfg->nkinds++] = kind;
    }
    return cfg->nkinds > 0 ? 0 : -1;
}

static int parse_args(int argc, char *argv[], struct soak_config *cfg)
{
    char *end;
    int opt;

    cfg->label = "testsvc";
    cfg->crashes = 1000;
    cfg->seed = 12;
    cfg->max_delay = 30;
    cfg->think = 2000;
    parse_kinds("knphb", cfg);
    while ((opt = getopt(argc, argv, "c:s:d:k:w:")) != -1) {
        switch (opt) {
        case 'c':
            cfg->crashes = (int)strtol(optarg, &end, 10);
            if (*end != '\0' || cfg->crashes < 0)
                return -1;
            break;
        case 's':
            cfg->seed = (uint32_t)strtoul(optarg, &end, 10);
            if (*end != '\0')
                return -1;
            break;
        case 'd':
            cfg->max_delay = (int)strtol(optarg, &end, 10);
            if (*end != '\0' || cfg->max_delay < 1)
                return -1;
            break;
        case 'k':
            if (parse_kinds(optarg, cfg) != 0)
                return -1;
            break;
        case 'w':
            cfg->think = (int)strtol(optarg, &end, 10);
            if (*end != '\0' || cfg->think < 0)
                return -1;
            break;
        default:
            return -1;
        }
    }
    if (optind < argc - 1)
        return -1;
    if (optind == argc - 1)
        cfg->label = argv[optind];
    return 0;
}

/* Takes the census until it equals *before (or SETTLE_SECONDS have passed): RS cleans up
   the last dead instance on its own time. */
static int settled_census(const struct census *before, struct census *after)
{
    for (int waited = 0;; waited++) {
        int r = census_take(after);
        if (r != OK)
            return r;
        if (memcmp(before, after, sizeof *after) == 0 || waited == SETTLE_SECONDS)
            return OK;
        sleep(1);
    }
}

int main(int argc, char *argv[])
{
    struct soak_config cfg;
    struct client c;
    struct census before, after;
    rs_service_info info_before, info_after;
    clock_t start;
    pid_t crasher;
    int status, r, have_info;
    char line[128];

    if (parse_args(argc, argv, &cfg) != 0)
        return usage();
    r = client_start(&c, cfg.label, 1);
    if (r != OK) {
        printf("cannot find %s in DS: %d\n", cfg.label, r);
        check(0, "service found");
        return (int)checks_failed;
    }
    /* Warm-up: one crash, so that the census compares a restarted instance with a restarted
       instance (the boot loader's first instance has its pages laid out differently), then
       requests, which grow our stack, heap and grant table to their working size. */
    for (int i = 0; i < WARM_UP_REQUESTS; i++)
        client_request(&c);
    r = svc_fault(cfg.label, RS_FI_SIGKILL);
    check(r == OK, "warm-up crash");
    if (r == OK)
        wait_for_instance(&c, c.last_answerer);
    for (int i = 0; i < WARM_UP_REQUESTS; i++)
        client_request(&c);
    have_info = svc_info(cfg.label, &info_before) == OK;
    check(have_info, "RS lists the service");
    r = census_take(&before);
    check(r == OK, "census before");
    printf("%d crashes of %s (seed %lu), %lu processes, %lu free pages, %d DS entries\n",
           cfg.crashes, cfg.label, (unsigned long)cfg.seed, (unsigned long)before.processes,
           (unsigned long)before.free_pages, before.ds_entries);

    start = times(NULL);
    crasher = fork();
    if (crasher < 0) {
        check(0, "fork the crasher");
        return (int)(checks_failed > 255 ? 255 : checks_failed);
    }
    if (crasher == 0)
        exit(crasher_run(&cfg));

    /* The client: requests until the crasher is done, working a little on each answer. */
    for (;;) {
        client_request(&c);
        think(cfg.think);
        if (c.requests % 16 == 0 && waitpid(crasher, &status, WNOHANG) == crasher)
            break;
    }
    for (int i = 0; i < WARM_UP_REQUESTS; i++)
        client_request(&c);

    snprintf(line, sizeof line, "crasher: %d crashes, all recovered (exit status %d)",
             cfg.crashes, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, line);
    if (have_info) {
        r = svc_info(cfg.label, &info_after);
        snprintf(line, sizeof line, "RS counts %d restarts (%lu before, %lu after)", cfg.crashes,
                 (unsigned long)info_before.restarts, (unsigned long)(r == OK ? info_after.restarts : 0));
        check(r == OK && info_after.restarts - info_before.restarts == (uint32_t)cfg.crashes, line);
    }
    r = settled_census(&before, &after);
    check(r == OK, "census after");
    snprintf(line, sizeof line, "processes %lu before, %lu after",
             (unsigned long)before.processes, (unsigned long)after.processes);
    check(before.processes == after.processes, line);
    snprintf(line, sizeof line, "free pages %lu before, %lu after",
             (unsigned long)before.free_pages, (unsigned long)after.free_pages);
    check(before.free_pages == after.free_pages, line);
    snprintf(line, sizeof line, "DS entries %d before, %d after", before.ds_entries, after.ds_entries);
    check(before.ds_entries == after.ds_entries, line);
    snprintf(line, sizeof line, "grant table %d before, %d after", before.grant_slots, after.grant_slots);
    check(before.grant_slots == after.grant_slots, line);

    checks_passed += c.passed;
    checks_failed += c.failed;
    printf("crashes %d, requests %lu, retries %lu, DS lookups %lu, waits %lu, %ld s\n",
           cfg.crashes, c.requests, c.retries, c.lookups, c.waits,
           (long)((times(NULL) - start) / CLOCKS_PER_SEC));
    printf("rssoak: %lu passed, %lu failed\n", checks_passed, checks_failed);
    return checks_failed > 255 ? 255 : (int)checks_failed;
}
