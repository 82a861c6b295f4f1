/*
 * service -- asks the reincarnation server (RS) to start, stop, restart and list services.
 *
 *   service list                           every service: label, endpoint, state, restarts, uptime
 *   service up PROGRAM [-label LABEL] [-period TICKS|NHZ] [-arg WORD]
 *                                          starts PROGRAM (a file of the boot archive) as a
 *                                          service; waits until it has answered its init
 *   service down LABEL                     stops it for good (SIGTERM, SIGKILL after 2 s)
 *   service restart LABEL                  starts it again (a dead one at once)
 *   service refresh LABEL                  stops it and starts it again
 *   service lookup LABEL                   prints its endpoint
 *   service shutdown                       RS stops restarting services
 *   service fi LABEL KIND                  crashes it on purpose; KIND: sigkill, nullderef,
 *                                          panic, hang, badmsg
 *   service update LABEL [-state N] [-maxtime TICKS|NHZ] [PROGRAM]
 *                                          live update: replaces the running instance by
 *                                          PROGRAM (default: the service's own) at the same
 *                                          endpoint, once the service has reached state N
 *                                          (1 work free, the default; 2 request free;
 *                                          3 protocol free; 4+ its own) within the time
 *                                          (default 120 ticks, at most 1200); waits for the
 *                                          outcome. A refusal names the reason, e.g.
 *                                          "service: update of hello rolled back: the new
 *                                          version failed its init" (the old version serves on)
 *
 * Exit status: 0 done; 1 bad arguments (the usage is printed); 2 RS refused or failed (one line
 * on stderr naming the label, e.g. "service: no service labelled 'x'"). Everything but list and
 * lookup needs root: "permission denied" otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "rsclient.h"

#define EXIT_USAGE 1
#define EXIT_REFUSED 2
#define RS_MAXTIME 1200u           /* RS_MAX_PREPARE_MAXTIME (abi/minix.abi) */

static void usage(void)
{
    fprintf(stderr,
            "usage: service list\n"
            "       service up PROGRAM [-label LABEL] [-period TICKS|NHZ] [-arg WORD]\n"
            "       service down|restart|refresh|lookup LABEL\n"
            "       service shutdown\n"
            "       service fi LABEL sigkill|nullderef|panic|hang|badmsg\n"
            "       service update LABEL [-state N] [-maxtime TICKS|NHZ] [PROGRAM]\n");
    exit(EXIT_USAGE);
}

/* One line for a refusal; exits 2. */
static void refused(const char *what, const char *label, int r)
{
    if (r == RSC_ESRCH && label != NULL)
        fprintf(stderr, "service: no service labelled '%s'\n", label);
    else if (r == RSC_OTHER)
        fprintf(stderr, "service: %s '%s': error %d\n", what, label != NULL ? label : "", rsc_last_error);
    else if (label != NULL)
        fprintf(stderr, "service: %s '%s': %s\n", what, label, rsc_strerror(r));
    else
        fprintf(stderr, "service: %s: %s\n", what, rsc_strerror(r));
    exit(EXIT_REFUSED);
}

/* TICKS, or N followed by HZ (N seconds). */
static int parse_period(const char *s, unsigned *ticks)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);

    if (end == s || v > 1000000)
        return -1;
    if (strcmp(end, "HZ") == 0)
        v *= CLOCKS_PER_SEC;
    else if (*end != '\0')
        return -1;
    *ticks = (unsigned) v;
    return 0;
}

static int do_list(void)
{
    static struct rsc_info info[64];
    int n = rsc_list(info, 64);

    if (n < 0)
        refused("list", NULL, n);
    printf("%-16s %8s %-10s %8s %10s\n", "LABEL", "ENDPOINT", "STATE", "RESTARTS", "UPTIME");
    for (int i = 0; i < n && i < 64; i++) {
        char ep[16];
        if (info[i].endpoint < 0)
            snprintf(ep, sizeof ep, "-");
        else
            snprintf(ep, sizeof ep, "%d", info[i].endpoint);
        unsigned secs = info[i].uptime_ticks / CLOCKS_PER_SEC;
        printf("%-16s %8s %-10s %8u %7u.%us\n", info[i].label, ep, rsc_state(info[i].flags),
               info[i].restarts, secs, (info[i].uptime_ticks % CLOCKS_PER_SEC) * 10 / CLOCKS_PER_SEC);
    }
    return 0;
}

static int do_up(int argc, char *argv[])
{
    const char *program = argv[2], *label = NULL, *arg = NULL;
    unsigned period = 0;

    for (int i = 3; i < argc; i += 2) {
        if (i + 1 >= argc)
            usage();
        if (strcmp(argv[i], "-label") == 0)
            label = argv[i + 1];
        else if (strcmp(argv[i], "-period") == 0) {
            if (parse_period(argv[i + 1], &period) != 0)
                usage();
        } else if (strcmp(argv[i], "-arg") == 0)
            arg = argv[i + 1];
        else
            usage();
    }
    int r = rsc_up(program, label, period, arg);
    if (r < 0)
        refused("up", label != NULL ? label : program, r);
    return 0;
}

/* One line for an update that did not happen; exits 2. */
static void update_failed(const char *label, int state, unsigned maxtime, int r)
{
    static const char *const states[] = { "none", "work free", "request free", "protocol free" };
    const char *sname = state >= 0 && state < 4 ? states[state] : "the service's own";

    switch (r) {
    case RSC_ESRCH:
        fprintf(stderr, "service: no service labelled '%s'\n", label);
        break;
    case RSC_ERESTART:
        fprintf(stderr, "service: update of %s rolled back: the new version failed its init\n",
                label);
        break;
    case RSC_EINTR:
        if (maxtime == 0)
            fprintf(stderr, "service: update of %s cancelled: it did not reach state %d (%s) "
                    "within the default time\n", label, state, sname);
        else
            fprintf(stderr, "service: update of %s cancelled: it did not reach state %d (%s) "
                    "within %u ticks\n", label, state, sname, maxtime);
        break;
    case RSC_ENOSYS:
        fprintf(stderr, "service: update of %s refused: the service does not support live "
                "update\n", label);
        break;
    case RSC_EINVAL:
        if (state <= 0)
            fprintf(stderr, "service: update of %s refused: invalid state %d (states start at "
                    "1, work free)\n", label, state);
        else if (maxtime > RS_MAXTIME)
            fprintf(stderr, "service: update of %s refused: maximum time %u ticks is over %u\n",
                    label, maxtime, RS_MAXTIME);
        else
            fprintf(stderr, "service: update of %s refused: the service does not accept state "
                    "%d (%s)\n", label, state, sname);
        break;
    case RSC_EBUSY:
        fprintf(stderr, "service: update of %s refused: another update is running, or the "
                "service is starting, stopping or restarting\n", label);
        break;
    case RSC_EDIED:
        fprintf(stderr, "service: update of %s failed: the service died while preparing "
                "(it is restarted)\n", label);
        break;
    case RSC_OTHER:
        fprintf(stderr, "service: update of %s failed: error %d\n", label, rsc_last_error);
        break;
    default:
        fprintf(stderr, "service: update of %s refused: %s\n", label, rsc_strerror(r));
        break;
    }
    exit(EXIT_REFUSED);
}

static int do_update(int argc, char *argv[])
{
    const char *label = argv[2], *program = NULL;
    int state = 1;                 /* SEF_LU_STATE_WORK_FREE */
    unsigned maxtime = 0;          /* RS's default */

    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "-state") == 0 || strcmp(argv[i], "-maxtime") == 0) {
            if (i + 1 >= argc)
                usage();
            char *end;
            if (argv[i][1] == 's') {
                long v = strtol(argv[i + 1], &end, 10);
                if (end == argv[i + 1] || *end != '\0' || v < 0 || v > 1000000)
                    usage();
                state = (int) v;
            } else if (parse_period(argv[i + 1], &maxtime) != 0) {
                usage();
            }
            i++;
        } else if (argv[i][0] == '-' || program != NULL) {
            usage();
        } else {
            program = argv[i];
        }
    }
    int r = rsc_update(label, program, state, maxtime);
    if (r < 0)
        update_failed(label, state, maxtime, r);
    return 0;
}

int main(int argc, char *argv[])
{
    if (argc < 2)
        usage();
    const char *cmd = argv[1];
    const char *label = argc > 2 ? argv[2] : NULL;
    int r;

    if (strcmp(cmd, "list") == 0) {
        if (argc != 2)
            usage();
        return do_list();
    }
    if (strcmp(cmd, "shutdown") == 0) {
        if (argc != 2)
            usage();
        r = rsc_shutdown();
        if (r < 0)
            refused("shutdown", NULL, r);
        return 0;
    }
    if (strcmp(cmd, "up") == 0) {
        if (argc < 3)
            usage();
        return do_up(argc, argv);
    }
    if (strcmp(cmd, "update") == 0) {
        if (argc < 3)
            usage();
        return do_update(argc, argv);
    }
    if (strcmp(cmd, "fi") == 0) {
        if (argc != 4)
            usage();
        r = rsc_fi(label, argv[3]);
        if (r == RSC_EINVAL && strcmp(argv[3], "sigkill") && strcmp(argv[3], "nullderef")
                && strcmp(argv[3], "panic") && strcmp(argv[3], "hang") && strcmp(argv[3], "badmsg"))
            usage();
        if (r < 0)
            refused("fi", label, r);
        return 0;
    }
    if (argc != 3)
        usage();
    if (strcmp(cmd, "down") == 0)
        r = rsc_down(label);
    else if (strcmp(cmd, "restart") == 0)
        r = rsc_restart(label);
    else if (strcmp(cmd, "refresh") == 0)
        r = rsc_refresh(label);
    else if (strcmp(cmd, "lookup") == 0) {
        int ep = 0;
        r = rsc_lookup(label, &ep);
        if (r == 0)
            printf("%d\n", ep);
    } else
        usage();
    if (r < 0)
        refused(cmd, label, r);
    return 0;
}
