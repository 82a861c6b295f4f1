/*
 * init -- the first user process (pid 1).
 *
 * Each of its arguments is one command, run in order: a word whose commas separate the
 * command's own arguments ("forktree,50" runs forktree with argv {"forktree", "50"}). init
 * forks, the child execs the program (PM finds it by name in the boot archive), and init waits
 * for it, reporting how it ended. Orphans that PM hands to init while it waits are reaped
 * silently. After the list init only reaps, for ever. A command that should stop the machine
 * is an ordinary program (poweroff).
 *
 * The console prefixes every line with the process's label, so the lines read
 * "init: forktree exited with status 0".
 */
#include <errno.h>
#include <stdio.h>
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
        printf("%s killed by signal %d\n", name, WTERMSIG(status));
    else
        printf("%s exited with status %d\n", name, WEXITSTATUS(status));
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
        printf("cannot fork for %s: errno %d\n", argv[0], errno);
        return;
    }
    if (child == 0) {
        execve(argv[0], argv, envp);
        printf("cannot run %s: errno %d\n", argv[0], errno);
        _exit(127);
    }
    for (;;) {
        pid = waitpid(-1, &status, 0);
        if (pid == child) {
            report(argv[0], status);
            return;
        }
        if (pid < 0 && errno != EINTR) {
            printf("lost %s: waitpid errno %d\n", argv[0], errno);
            return;
        }
    }
}

int main(int argc, char *argv[])
{
    int status;

    for (int i = 1; i < argc; i++)
        run(argv[i]);

    /* Reap orphans for ever. With no child at all there is nothing to reap until one is
       handed over, and that only happens while some descendant lives; pause then. */
    for (;;) {
        if (waitpid(-1, &status, 0) < 0 && errno == ECHILD)
            pause();
    }
}
