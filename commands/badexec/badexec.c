/*
 * badexec -- bad requests get an error and the caller keeps running.
 *
 *   1. exec of a program that is not in the boot archive: -1, ENOENT;
 *   2. exec of "badelf" (an ELF file cut short; commands/Makefile makes it): -1, ENOEXEC;
 *      libc's own refusals: an empty path (ENOENT), one of PATH_MAX bytes (ENAMETOOLONG),
 *      arguments beyond ARG_MAX (E2BIG);
 *   3. fork until the process slots or the memory run out: -1 with EAGAIN; the children
 *      are then killed and all reaped, and a fork afterwards works again.
 * After every failed exec the test goes on, which is the check that the caller survived.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/_abi.h>
#include "../include/gtest.h"

#define MAX_CHILDREN 1024

static pid_t children[MAX_CHILDREN];

static void check_exec(const char *path, char *const argv[], int expected, const char *what)
{
    int r;

    errno = 0;
    r = execv(path, argv);
    CHECK(r == -1 && errno == expected, "exec of %s: %d, errno %d (expected %d)", what, r,
          errno, expected);
}

static void test_exec(void)
{
    static char long_path[PATH_MAX + 1];
    static char big_arg[ARG_MAX];
    char *argv[] = { "x", NULL };
    char *big_argv[] = { "x", big_arg, NULL };

    check_exec("no-such-program", argv, ENOENT, "a missing program");
    check_exec("badelf", argv, ENOEXEC, "a truncated ELF file");
    check_exec("", argv, ENOENT, "an empty path");
    memset(long_path, 'a', PATH_MAX);
    check_exec(long_path, argv, ENAMETOOLONG, "a path of PATH_MAX bytes");
    memset(big_arg, 'b', sizeof big_arg - 1);
    check_exec("exitwith", big_argv, E2BIG, "arguments beyond ARG_MAX");
}

static void test_fork_exhaustion(void)
{
    int n = 0, err = 0, reaped = 0, killed = 0, status;
    pid_t pid;

    while (n < MAX_CHILDREN) {
        pid = fork();
        if (pid == 0) {
            for (;;)
                pause();
        }
        if (pid < 0) {
            err = errno;
            break;
        }
        children[n++] = pid;
    }
    printf("badexec: %d forks succeeded, then errno %d\n", n, err);
    CHECK(err == EAGAIN, "fork stopped with errno %d after %d children, not EAGAIN", err, n);
    CHECK(n > 0, "no fork succeeded at all");

    for (int i = 0; i < n; i++)
        killed += kill(children[i], SIGKILL) == 0;
    while ((pid = wait(&status)) > 0) {
        reaped++;
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            printf("FAIL child %d: status 0x%x\n", pid, status);
    }
    CHECK(killed == n, "killed %d of %d children", killed, n);
    CHECK(reaped == n, "reaped %d of %d children", reaped, n);
    CHECK(errno == ECHILD, "wait ended with errno %d, not ECHILD", errno);

    pid = fork();
    if (pid == 0)
        _exit(7);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
          WEXITSTATUS(status) == 7, "a fork after the exhaustion: errno %d", errno);
}

int main(void)
{
    test_exec();
    printf("badexec: exec errors done, still running\n");
    test_fork_exhaustion();
    return gt_summary("badexec");
}
