/*
 * harness.c -- the host side of the test harness (check.h). Compiled against the host C
 * library without syslib's headers or renames: everything here is the real glibc.
 */
#define _POSIX_C_SOURCE 200809L   /* fork, pipe, waitpid under -std=c11 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int check_passed, check_failed;
const int check_sigfpe = SIGFPE;

void check_print(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

int check_summary(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

void check_abort(const char *what)
{
    printf("FAIL: %s\n", what);
    exit(2);
}

int ref_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return vsnprintf(buf, size, fmt, ap);
}

int ref_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

long ref_strtol(const char *s, char **endptr, int base)
{
    return strtol(s, endptr, base);
}

unsigned long ref_strtoul(const char *s, char **endptr, int base)
{
    return strtoul(s, endptr, base);
}

int check_run_signal(void (*fn)(void))
{
    int status;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        /* The sanitizer runtime catches SIGFPE to report it; the test wants the signal. */
        signal(SIGFPE, SIG_DFL);
        fn();
        _exit(0);
    }
    if (waitpid(pid, &status, 0) != pid)
        return 0;
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static int child_fd = -1;

void check_child_output(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(child_fd, s, n);

        if (w <= 0)
            _exit(3);
        s += w;
        n -= (size_t)w;
    }
}

int check_run_child(void (*fn)(void), char *out, size_t size)
{
    int fds[2], status;
    size_t len = 0;
    pid_t pid;

    out[0] = '\0';
    fflush(stdout);
    if (pipe(fds) != 0)
        return -1;
    pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
        child_fd = fds[1];
        fn();
        _exit(0);
    }
    close(fds[1]);
    for (;;) {
        /* Past size - 1 bytes, keep reading (and dropping) so that the child never blocks. */
        char drop[256];
        ssize_t r = len < size - 1 ? read(fds[0], out + len, size - 1 - len)
                                   : read(fds[0], drop, sizeof drop);

        if (r <= 0)
            break;
        if (len < size - 1)
            len += (size_t)r;
    }
    out[len] = '\0';
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}
