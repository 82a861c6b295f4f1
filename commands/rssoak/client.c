/*
 * client.c -- a client of the test service that survives the service's crashes.
 *
 * The retry rule (every request of the soak follows it):
 *   1. Send TESTSVC_REQ(seq) with SENDREC to the endpoint DS gave for the label.
 *   2. An answer ends the request. It must carry seq, and the buffer we granted must hold
 *      seq: otherwise the request was answered wrongly (or twice: an answer to an earlier
 *      request) and counts as failed. Either way the next request gets seq + 1.
 *   3. EDEADSRCDST means the instance is dead: it died before it took the request, or while
 *      it held it (its answer died with it). The request is sent again, same seq -- the
 *      service keeps no state, so doing it twice is harmless, and only one answer can ever
 *      reach us. Before resending, ask DS for the label again: a different endpoint is the
 *      new instance; the same dead one (or no entry) means RS has not published the new
 *      instance yet (it may be waiting out its back-off), so wait one second and ask again.
 *   4. Any other error fails the request. A request whose new instance does not appear in
 *      DS within REQUEST_LIMIT_SECONDS is lost. (A SENDREC itself has no time-out: one that
 *      waits on a hung instance ends when RS's heartbeat kills it, with EDEADSRCDST.)
 */
#include "rssoak.h"
#include <stdio.h>
#include <sys/times.h>
#include <time.h>

int client_start(struct client *c, const char *label, int32_t first_seq)
{
    memset(c, 0, sizeof *c);
    c->label = label;
    c->next_seq = first_seq;
    c->endpoint = NONE;
    c->last_answerer = NONE;
    return svc_endpoint(label, &c->endpoint);
}

/* Rule 3: asks DS once. OK when it names an endpoint other than dead (now c->endpoint);
   EAGAIN when it still names dead or nothing (wait, then ask again); else the DS error. */
static int find_new_instance(struct client *c, int dead)
{
    int ep, r = svc_endpoint(c->label, &ep);

    c->lookups++;
    if (r == OK && ep != dead) {
        c->endpoint = ep;
        return OK;
    }
    return r == OK || r == ESRCH ? EAGAIN : r;
}

int client_request(struct client *c)
{
    int32_t seq = c->next_seq;
    clock_t start = times(NULL);
    struct testsvc_answer a;
    int r;

    for (;;) {
        r = testsvc_call(c->endpoint, seq, &a);
        if (r == OK) {
            c->requests++;
            c->next_seq++;
            c->last_answerer = a.endpoint;
            if (a.seq == seq && a.copied == seq) {
                c->passed++;
            } else {
                c->failed++;
                printf("request %ld: answered with number %ld, buffer %ld\n",
                       (long)seq, (long)a.seq, (long)a.copied);
            }
            return OK;
        }
        if (r != EDEADSRCDST) {
            c->failed++;
            c->next_seq++;
            printf("request %ld: error %d from endpoint %d\n", (long)seq, r, c->endpoint);
            return r;
        }
        c->retries++;
        for (;;) {
            r = find_new_instance(c, c->endpoint);
            if (r == OK)
                break;
            if (r != EAGAIN) {
                c->failed++;
                c->next_seq++;
                printf("request %ld: DS lookup of %s failed: %d\n", (long)seq, c->label, r);
                return r;
            }
            if (times(NULL) - start > (clock_t)REQUEST_LIMIT_SECONDS * CLOCKS_PER_SEC) {
                c->failed++;
                c->next_seq++;
                printf("request %ld: lost (no new instance of %s within %d s)\n", (long)seq,
                       c->label, REQUEST_LIMIT_SECONDS);
                return EDEADSRCDST;
            }
            c->waits++;
            sleep(1);
        }
    }
}
