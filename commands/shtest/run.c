/*
 * run.c -- runs a program with its stdout and stderr on one pipe and collects both.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "run.h"

int run_capture(char *const argv[], char *const envp[], char *out, size_t size, int *status)
{
    int fds[2];
    size_t len = 0;
    pid_t pid;

    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        execve(argv[0], argv, envp);
        _exit(126);
    }
    close(fds[1]);
    for (;;) {                      /* read to EOF: every writer (grandchildren too) gone */
        ssize_t n = read(fds[0], out + len, size - 1 - len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
        if (len == size - 1) {      /* full: drain the rest so that the writers finish */
            char junk[64];

            while (read(fds[0], junk, sizeof junk) > 0)
                ;
            break;
        }
    }
    out[len] = '\0';
    close(fds[0]);
    while (waitpid(pid, status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return 0;
}

int sh_capture(const char *line, char *out, size_t size, int *status)
{
    static char *env[] = { "PATH=/bin", "HOME=/", NULL };
    char *argv[] = { "/bin/sh", "-c", (char *)line, NULL };

    return run_capture(argv, env, out, size, status);
}
