/*
 * crasher.c -- the soak's second process: it crashes the test service again and again.
 *
 * For each crash: wait until an instance other than the one crashed last answers a request
 * (the service is back; the crasher is a client too, with the retry rule of client.c and
 * sequence numbers of its own), then wait a random number of clock ticks (1..max_delay,
 * from the seeded generator: the crash lands at a random virtual time relative to the main
 * client's requests), then ask RS to crash it (RS_FI), the kinds taken in turn. RS answers
 * EBUSY while the service is still being restarted; the crasher then waits for the service
 * again and repeats the crash (not counted twice). After the last crash it waits for the
 * service to come back once more, so that the soak ends on a running service.
 */
#include "rssoak.h"
#include <stdio.h>
#include <sys/times.h>
#include <time.h>

/* The crasher's sequence numbers, far from the main client's. */
#define CRASHER_FIRST_SEQ 0x40000000

static const char *kind_name(int kind)
{
    switch (kind) {
    case RS_FI_SIGKILL: return "sigkill";
    case RS_FI_NULLDEREF: return "nullderef";
    case RS_FI_PANIC: return "panic";
    case RS_FI_HANG: return "hang";
    case RS_FI_BADMSG: return "badmsg";
    default: return "?";
    }
}

int wait_for_instance(struct client *c, int old)
{
    clock_t start = times(NULL);

    for (;;) {
        int r = client_request(c);

        if (r != OK)
            return r;
        if (c->last_answerer != old)
            return OK;
        /* The old instance has not taken RS's message yet; it will. Give it a moment, but
           not for ever. */
        if (times(NULL) - start > (clock_t)REQUEST_LIMIT_SECONDS * CLOCKS_PER_SEC) {
            printf("crasher: instance %d still answers %d s after its crash\n", old,
                   REQUEST_LIMIT_SECONDS);
            return EGENERIC;
        }
    }
}

/* Spends ticks clock ticks (polling the clock: there is no shorter sleep than a second). */
static void delay_ticks(int ticks)
{
    clock_t until = times(NULL) + ticks;

    while (times(NULL) - until < 0) {
    }
}

int crasher_run(const struct soak_config *cfg)
{
    struct client c;
    uint32_t rng = cfg->seed;
    int problems = 0, crashed = NONE, r;

    r = client_start(&c, cfg->label, CRASHER_FIRST_SEQ);
    if (r != OK) {
        printf("crasher: cannot find %s in DS: %d\n", cfg->label, r);
        return 1;
    }
    for (int i = 0; i < cfg->crashes && problems < 255; ) {
        int kind = cfg->kinds[i % cfg->nkinds];

        if (wait_for_instance(&c, crashed) != OK) {
            problems++;
            break;
        }
        delay_ticks(1 + (int)(soak_random(&rng) % (uint32_t)cfg->max_delay));
        r = svc_fault(cfg->label, kind);
        if (r == EBUSY)
            continue;
        if (r != OK) {
            printf("crasher: RS refused crash %d (%s): %d\n", i + 1, kind_name(kind), r);
            problems++;
            break;
        }
        crashed = c.last_answerer;
        i++;
        if (i % 100 == 0 || i == cfg->crashes)
            printf("crasher: %d crashes (last: %s) at %ld s\n", i, kind_name(kind),
                   (long)(times(NULL) / CLOCKS_PER_SEC));
    }
    if (problems == 0 && wait_for_instance(&c, crashed) != OK)
        problems++;
    problems += (int)c.failed;
    if (c.failed > 0)
        printf("crasher: %lu of its own requests failed\n", c.failed);
    return problems > 255 ? 255 : problems;
}
