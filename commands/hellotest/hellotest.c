/*
 * hellotest -- crash recovery of the hello driver and the test service, one fault at a time
 * (issue 12, acceptance 1).
 *
 *   hellotest [-k KINDS]     KINDS: letters as rssoak's (k SIGKILL, n NULL dereference,
 *                            p panic, h hang, b corrupted message); default "knphb"
 *
 * For hello and for testsvc, and for each kind: one request is served (hello: open, read
 * "Hello, World!\n", the open count c by HELLO_GETCOUNT, close); RS is asked to crash the
 * service that way (RS_FI); we wait, polling RS_LIST once a second, until RS shows a new
 * instance running with one more restart; then the next request must be served by the new
 * instance -- and hello's next open must bring its count to c + 1 (the count survived in
 * DS). The recovery must come within the documented time (minix3-facts.md section 8,
 * servers/rs):
 *   detection  0 for a signal, a fault, a panic or a corrupted message (RS hears of the
 *              death at once); for a hang 2 x period + 1 s (RS kills a service that gave no
 *              sign of life for 2 x period, and looks once a second)
 *   + back-off 0 for the service's first restart, else 1 s (the program is in RS's memory)
 *   + RECOVERY_SLACK_SECONDS for the restart itself and our once-a-second polling.
 * Each case prints how long the recovery took. Must be run as root (RS_FI). Ends with
 * "hellotest: N passed, M failed" and exits with M.
 */
#include "../include/svcclient.h"   /* first: see there */
#include "../include/gtest.h"
#include <stdlib.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#define RECOVERY_SLACK_SECONDS 3
/* Give up waiting for a recovery after this long, whatever the bound. */
#define RECOVERY_GIVE_UP_SECONDS 120

static const struct { char letter; int kind; const char *name; } kinds[] = {
    { 'k', RS_FI_SIGKILL, "sigkill" },
    { 'n', RS_FI_NULLDEREF, "nullderef" },
    { 'p', RS_FI_PANIC, "panic" },
    { 'h', RS_FI_HANG, "hang" },
    { 'b', RS_FI_BADMSG, "badmsg" },
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

static const char *const services[] = { "hello", "testsvc" };

/* What one served request tells us. */
struct served {
    int endpoint;       /* the instance that served it */
    uint32_t count;     /* hello: the open count after our open */
};

/* One request to hello: open, read, count, close. OK, or the first error. */
static int hello_once(int ep, struct served *s)
{
    char text[32];
    int n, r;

    r = hello_open(ep);
    if (r != OK)
        return r;
    n = hello_read(ep, text, sizeof text - 1, 0);
    if (n < 0) {
        hello_close(ep);
        return n;
    }
    text[n] = '\0';
    CHECK(strcmp(text, "Hello, World!\n") == 0, "hello read \"%s\" (%d bytes)", text, n);
    r = hello_count(ep, &s->count);
    if (r != OK) {
        hello_close(ep);
        return r;
    }
    s->endpoint = ep;
    return hello_close(ep);
}

static int testsvc_once(int ep, struct served *s)
{
    static int32_t seq = 1;
    struct testsvc_answer a;
    int r = testsvc_call(ep, seq, &a);

    if (r != OK)
        return r;
    CHECK(a.seq == seq && a.copied == seq, "testsvc answered %ld / %ld to request %ld",
          (long)a.seq, (long)a.copied, (long)seq);
    seq++;
    s->endpoint = a.endpoint;
    return OK;
}

/* A request to label's current instance (from DS), sent again while the endpoint turns out
   dead (EDEADSRCDST: DS may still name the old instance for a moment). */
static int serve(const char *label, struct served *s)
{
    for (int tries = 0;; tries++) {
        int ep, r = svc_endpoint(label, &ep);

        if (r == OK)
            r = strcmp(label, "hello") == 0 ? hello_once(ep, s) : testsvc_once(ep, s);
        if ((r != EDEADSRCDST && r != ESRCH) || tries == 10)
            return r;
        sleep(1);
    }
}

static long seconds_since(clock_t start)
{
    return (long)((times(NULL) - start + CLOCKS_PER_SEC - 1) / CLOCKS_PER_SEC);
}

static void one_case(const char *label, int kind, const char *kind_name)
{
    rs_service_info before, after;
    struct served s0, s1;
    clock_t start;
    long took, bound;
    int r;

    r = serve(label, &s0);
    CHECK(r == OK, "%s before %s: request failed: %d", label, kind_name, r);
    r = svc_info(label, &before);
    CHECK(r == OK, "%s: RS_LIST: %d", label, r);
    if (r != OK)
        return;
    if (kind == RS_FI_HANG && before.period == 0) {
        CHECK(0, "%s has no heartbeat: a hang would never be noticed", label);
        return;
    }

    start = times(NULL);
    r = svc_fault(label, kind);
    CHECK(r == OK, "%s: RS_FI %s refused: %d", label, kind_name, r);
    if (r != OK)
        return;

    /* Recovered: RS shows a new instance, running, with one more restart. */
    for (;;) {
        sleep(1);
        r = svc_info(label, &after);
        if (r == OK && after.endpoint != before.endpoint && after.endpoint != NONE
            && (after.flags & RS_ACTIVE) && after.restarts > before.restarts)
            break;
        if (seconds_since(start) > RECOVERY_GIVE_UP_SECONDS) {
            CHECK(0, "%s after %s: not back within %d s", label, kind_name,
                  RECOVERY_GIVE_UP_SECONDS);
            return;
        }
    }
    took = seconds_since(start);
    bound = (kind == RS_FI_HANG ? 2 * (long)before.period + CLOCKS_PER_SEC : 0)
            + (before.restarts == 0 ? 0 : CLOCKS_PER_SEC)
            + RECOVERY_SLACK_SECONDS * CLOCKS_PER_SEC;
    bound = (bound + CLOCKS_PER_SEC - 1) / CLOCKS_PER_SEC;
    printf("%s after %s: back in %ld s (bound %ld s), endpoint %d -> %d, restarts %lu\n",
           label, kind_name, took, bound, before.endpoint, after.endpoint,
           (unsigned long)after.restarts);
    CHECK(took <= bound, "%s after %s: recovery took %ld s, bound %ld s", label, kind_name,
          took, bound);
    CHECK(after.restarts == before.restarts + 1, "%s after %s: restarts %lu -> %lu", label,
          kind_name, (unsigned long)before.restarts, (unsigned long)after.restarts);

    r = serve(label, &s1);
    CHECK(r == OK, "%s after %s: the next request failed: %d", label, kind_name, r);
    if (r != OK)
        return;
    CHECK(s1.endpoint == after.endpoint, "%s after %s: served by %d, RS says %d", label,
          kind_name, s1.endpoint, after.endpoint);
    if (strcmp(label, "hello") == 0)
        CHECK(s1.count == s0.count + 1, "hello after %s: open count %lu, expected %lu",
              kind_name, (unsigned long)s1.count, (unsigned long)s0.count + 1);
}

int main(int argc, char *argv[])
{
    const char *letters = "knphb";
    int opt;

    while ((opt = getopt(argc, argv, "k:")) != -1) {
        if (opt != 'k') {
            printf("usage: hellotest [-k KINDS]\n");
            return 1;
        }
        letters = optarg;
    }
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
        for (const char *l = letters; *l != '\0'; l++) {
            int k = 0;
            while (k < NKINDS && kinds[k].letter != *l)
                k++;
            if (k == NKINDS) {
                printf("usage: hellotest [-k KINDS]   (KINDS: letters of knphb)\n");
                return 1;
            }
            one_case(services[i], kinds[k].kind, kinds[k].name);
        }
    return gt_summary("hellotest");
}
