/*
 * sh -- the shell.
 *
 *   sh               commands from stdin; prompt "# " when stdin is a terminal
 *   sh -c 'LINE' [NAME [ARG...]]   runs LINE ($0 = NAME, $1... = ARGs)
 *   sh FILE [ARG...]               runs the lines of FILE
 *   sh -i                          as plain sh, but prompts even when stdin is no terminal
 *
 * Exit status: that of the last command, or exit's N. ^C at the prompt gives a new prompt
 * ($? = 130); during a foreground job the job gets SIGINT and the shell, which catches it,
 * waits on and then prompts again. The terminal echoes "^C" and a newline, so the shell
 * prints nothing more. See docs/using.md, "At the shell prompt".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

int sh_status;
int sh_interactive;
pid_t sh_pid;
int sh_argc;
char **sh_argv;
volatile int sh_got_sigint;

static void on_sigint(int sig)
{
    (void)sig;
    sh_got_sigint = 1;
}

static void catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;      /* no SA_RESTART: read and waitpid return EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    if (sh_interactive)
        signal(SIGQUIT, SIG_IGN);   /* ^\ kills the job, not the shell (reset in children) */
}

/* Runs one line; returns its status. */
static int run_line(const char *line)
{
    const char *err;
    struct andor *list = sh_parse(line, &err);

    if (list == NULL) {
        if (err != NULL) {
            fprintf(stderr, "sh: syntax error: %s\n", err);
            sh_status = 2;
        }
        sh_free_all();
        return sh_status;
    }
    run_list(list);
    sh_free_all();
    fflush(stdout);
    return sh_status;
}

static int run_input(void)
{
    static char line[SH_LINE_MAX + 1];

    for (;;) {
        enum read_result r;

        if (sh_interactive) {
            jobs_report();
            fputs("# ", stderr);
        }
        sh_got_sigint = 0;
        r = input_line(line);
        if (r == LINE_EOF) {
            if (sh_interactive)
                fputs("\n", stderr);
            return sh_status;
        }
        if (r == LINE_INTR) {
            if (sh_interactive) {       /* the terminal echoed "^C" and a newline */
                sh_status = 130;
                continue;
            }
            return 130;
        }
        if (r == LINE_TOO_LONG) {
            fprintf(stderr, "sh: line too long (more than %d bytes)\n", SH_LINE_MAX);
            sh_status = 2;
            continue;
        }
        run_line(line);
        if (sh_got_sigint && !sh_interactive)
            return sh_status;
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: sh [-i] [-c LINE [NAME [ARG...]] | FILE [ARG...]]\n");
    return 2;
}

/* envp, not environ: the guest's start file passes the environment only as main's third
   argument. */
int main(int argc, char *argv[], char *envp[])
{
    int i = 1, force_prompt = 0;

    sh_pid = getpid();
    vars_init(envp);
    if (var_get("PATH") == NULL)
        var_set("PATH", "/bin", 1);
    sh_argc = 1;
    sh_argv = argv;

    if (i < argc && strcmp(argv[i], "-i") == 0) {
        force_prompt = 1;
        i++;
    }
    if (i < argc && strcmp(argv[i], "-c") == 0) {
        const char *line;

        if (i + 1 >= argc)
            return usage();
        line = argv[i + 1];
        if (strlen(line) > SH_LINE_MAX) {
            fprintf(stderr, "sh: line too long (more than %d bytes)\n", SH_LINE_MAX);
            return 2;
        }
        if (i + 2 < argc) {         /* sh -c LINE NAME ARG...: $0 = NAME */
            sh_argv = argv + i + 2;
            sh_argc = argc - i - 2;
        }
        catch_signals();
        return run_line(line);
    }
    if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0')
        return usage();
    if (i < argc) {                 /* sh FILE ARG... */
        int fd = open(argv[i], O_RDONLY);

        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", argv[i], strerror(errno));
            return 127;
        }
        sh_argv = argv + i;
        sh_argc = argc - i;
        input_init(fd);
    } else {
        input_init(0);
        sh_interactive = force_prompt || isatty(0);
    }
    catch_signals();
    return run_input();
}
