/*
 * kill [-SIGNAL | -s SIGNAL] PID...    sends SIGNAL (default TERM) to each PID
 * kill -l                              lists the signal names
 *
 * SIGNAL is a name (TERM, SIGTERM, term) or a number (9). A PID below 0 is a process group.
 * Exit status 0 when every PID got the signal, else 1 (each failure named on stderr).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; int sig; } sigs[] = {
    { "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT }, { "ILL", SIGILL },
    { "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS },   { "FPE", SIGFPE },
    { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
    { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
    { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
    { "TTOU", SIGTTOU }, { "WINCH", SIGWINCH }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
};
#define NSIGS (int)(sizeof sigs / sizeof sigs[0])

static int upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* The signal named by s ("9", "KILL", "SIGKILL", "kill"); -1 if none. */
static int parse_signal(const char *s)
{
    char name[16];
    size_t i;

    if (*s >= '0' && *s <= '9') {
        char *end;
        long v = strtol(s, &end, 10);

        return *end == '\0' && v >= 0 && v < 26 ? (int)v : -1;
    }
    for (i = 0; s[i] != '\0' && i < sizeof name - 1; i++)
        name[i] = (char)upper((unsigned char)s[i]);
    name[i] = '\0';
    if (s[i] != '\0')
        return -1;
    s = strncmp(name, "SIG", 3) == 0 ? name + 3 : name;
    for (int j = 0; j < NSIGS; j++)
        if (strcmp(sigs[j].name, s) == 0)
            return sigs[j].sig;
    return -1;
}

static int usage(void)
{
    fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] PID...\n       kill -l\n");
    return 1;
}

int main(int argc, char *argv[])
{
    int i = 1, sig = SIGTERM, st = 0;

    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        for (int j = 0; j < NSIGS; j++)
            printf("%2d %s%s", sigs[j].sig, sigs[j].name, j % 6 == 5 || j == NSIGS - 1 ? "\n" : "\t");
        return 0;
    }
    if (i < argc && strcmp(argv[i], "-s") == 0) {
        if (i + 1 >= argc)
            return usage();
        sig = parse_signal(argv[i + 1]);
        if (sig < 0) {
            fprintf(stderr, "kill: unknown signal '%s' (kill -l lists them)\n", argv[i + 1]);
            return 1;
        }
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' &&
               !(argv[i][1] >= '0' && argv[i][1] <= '9' && i + 1 == argc)) {
        sig = parse_signal(argv[i] + 1);
        if (sig < 0) {
            fprintf(stderr, "kill: unknown signal '%s' (kill -l lists them)\n", argv[i] + 1);
            return 1;
        }
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i >= argc)
        return usage();
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);

        if (*argv[i] == '\0' || *end != '\0') {
            fprintf(stderr, "kill: bad pid '%s'\n", argv[i]);
            st = 1;
            continue;
        }
        if (kill((pid_t)pid, sig) < 0) {
            fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno));
            st = 1;
        }
    }
    return st;
}
