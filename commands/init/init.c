/*
 * init -- the first user process (pid 1).
 *
 * Each of its arguments is one command, run in order: a word whose commas separate the
 * command's own arguments ("forktree,50" runs forktree with argv {"forktree", "50"}; "sh" runs
 * the shell). The commands run in a session of their own (design point 6 of issue 14): init
 * forks a runner that calls setsid() and opens /dev/console, which so becomes the session's
 * controlling tty (^C and ^\ signal its process group), and dup2s it to fd 0, 1 and 2. The
 * runner forks each command in turn, the child execs the program (PM finds it by name in the
 * boot archive), and the runner waits for it, reporting how it ended. The runner ignores
 * SIGINT and SIGQUIT itself (they are for the command in front); the commands start with the
 * default actions. Orphans that PM hands to init are reaped silently; after the list init only
 * reaps, for ever. A command that should stop the machine is an ordinary program (poweroff).
 *
 * init's own output goes to /dev/console too, opened with O_NOCTTY (init is no session's
 * terminal owner). Without a console (no tty driver in the image) the output is lost. User
 * output carries no label prefix, so init's lines start with "init: " themselves
 * ("init: forktree exited with status 0").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 32
#define MAX_WORD 256

/* Splits word at commas into argv (NUL-terminated pieces in buf). Returns argc. */
static int split(const char *word, char *buf, char **argv)
{
    int argc = 0;

    strncpy(buf, word, MAX_WORD - 1);
    buf[MAX_WORD - 1] = '\0';
    argv[argc++] = buf;
    for (char *p = buf; *p != '\0' && argc < MAX_ARGS; p++)
        if (*p == ',') {
            *p = '\0';
            argv[argc++] = p + 1;
        }
    argv[argc] = NULL;
    return argc;
}

static void report(const char *name, int status)
{
    if (WIFSIGNALED(status))
        printf("init: %s killed by signal %d\n", name, WTERMSIG(status));
    else
        printf("init: %s exited with status %d\n", name, WEXITSTATUS(status));
}

/* Runs one command and waits for it, reaping any orphan that ends meanwhile. */
static void run(const char *word)
{
    static char buf[MAX_WORD];
    char *argv[MAX_ARGS + 1];
    char *envp[] = { NULL };
    pid_t child, pid;
    int status;

    split(word, buf, argv);
    if (argv[0][0] == '\0')
        return;
    child = fork();
    if (child < 0) {
        printf("init: cannot fork for %s: errno %d\n", argv[0], errno);
        return;
    }
    if (child == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        execve(argv[0], argv, envp);
        printf("init: cannot run %s: errno %d\n", argv[0], errno);
        _exit(127);
    }
    for (;;) {
        pid = waitpid(-1, &status, 0);
        if (pid == child) {
            report(argv[0], status);
            return;
        }
        if (pid < 0 && errno != EINTR) {
            printf("init: lost %s: waitpid errno %d\n", argv[0], errno);
            return;
        }
    }
}

/* fd 0, 1 and 2 on the console (the first open of a session leader without a controlling
   tty makes it the controlling tty, unless O_NOCTTY). */
static int console_stdio(int flags)
{
    int fd = open("/dev/console", O_RDWR | flags);

    if (fd < 0)
        return -1;
    for (int i = 0; i < 3; i++)
        if (fd != i)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
    return 0;
}

/* The session: a runner with the console as controlling tty runs the commands. */
static void run_session(int argc, char *argv[])
{
    pid_t runner = fork();
    int status;

    if (runner < 0) {
        printf("init: cannot fork the session: errno %d\n", errno);
        return;
    }
    if (runner == 0) {
        if (setsid() < 0)
            printf("init: setsid failed: errno %d\n", errno);
        if (console_stdio(0) < 0)
            printf("init: cannot open /dev/console: errno %d\n", errno);
        signal(SIGINT, SIG_IGN);
        signal(SIGQUIT, SIG_IGN);
        for (int i = 1; i < argc; i++)
            run(argv[i]);
        exit(0);
    }
    for (;;) {
        pid_t pid = waitpid(-1, &status, 0);

        if (pid == runner || (pid < 0 && errno != EINTR))
            return;
    }
}

int main(int argc, char *argv[])
{
    int status;

    console_stdio(O_NOCTTY);
    if (argc > 1)
        run_session(argc, argv);

    /* Reap orphans for ever. With no child at all there is nothing to reap until one is
       handed over, and that only happens while some descendant lives; pause then. */
    for (;;) {
        if (waitpid(-1, &status, 0) < 0 && errno == ECHILD)
            pause();
    }
}
