/*
 * shtest -- the guest test of the shell and the utilities.
 *
 * Each case runs `/bin/sh -c LINE` with stdout and stderr on a pipe (run.c) and compares
 * what came out and the exit status with the expected ones; then the utilities one by one:
 * echo, true/false, cat of /dev/null and /dev/hello, env, kill of a child, ps (init and
 * the servers listed), sleep, date, uptime, free, usage errors. Ends with
 * "shtest: N passed, M failed" and exits with M. Needs sh, the utilities and hello in the
 * image (/bin/NAME), and VFS.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../include/gtest.h"
#include "run.h"

static char out[4096];

struct sh_case {
    const char *line;
    const char *expect;     /* the whole output (stdout and stderr in order) */
    int status;             /* $? of the shell */
};

static const struct sh_case cases[] = {
    /* words and quoting */
    { "echo hello world", "hello world\n", 0 },
    { "echo 'a  b' \"c  d\" e\\ f", "a  b c  d e f\n", 0 },
    { "echo '$HOME' \"$HOME\" \\$HOME", "$HOME / $HOME\n", 0 },
    { "echo -n abc; echo def", "abcdef\n", 0 },
    /* variables and $? */
    { "A=1; B=two; echo $A ${B}x \"$A$B\"", "1 twox 1two\n", 0 },
    { "false; echo $?", "1\n", 0 },
    { "A=inner env | cat > /dev/null; echo [$A]", "[]\n", 0 },
    { "export E=out; sh -c 'echo $E'", "out\n", 0 },
    { "N=no; sh -c 'echo [$N]'", "[]\n", 0 },
    { "exit 7", "", 7 },
    /* lists */
    { "true && echo yes", "yes\n", 0 },
    { "false && echo no", "", 1 },
    { "false || echo or", "or\n", 0 },
    { "echo a; echo b", "a\nb\n", 0 },
    /* pipes and redirections */
    { "echo piped | cat", "piped\n", 0 },
    { "echo one | cat | cat | cat", "one\n", 0 },
    { "cat /dev/null", "", 0 },
    { "echo x > /dev/null", "", 0 },
    { "cat < /dev/null; echo $?", "0\n", 0 },
    { "cat /no/such 2> /dev/null; echo $?", "1\n", 0 },
    { "cat /no/such 2>&1 | cat", "cat: /no/such: No such file or directory\n", 0 },
    /* errors */
    { "nosuchcommand", "sh: nosuchcommand: not found\n", 127 },
    { "echo a | | echo b", "sh: syntax error: a command is missing before an operator\n", 2 },
    { "echo 'open", "sh: syntax error: unterminated '\n", 2 },
    { "sh -c 'kill -9 $$'; echo $?", "Killed\n137\n", 0 },
    { "sh -c 'kill -QUIT $$'; echo $?", "Quit\n131\n", 0 },
    { "sh -c 'echo $0 $1 $#' name one", "name one 1\n", 0 },
    { "exit 300", "sh: exit: bad number '300' (0..255)\n", 2 },
    /* background: the shell goes on at once; not interactive, so no [pid] */
    { "true & echo bg", "bg\n", 0 },
    /* builtins */
    { "help | cat > /dev/null; echo $?", "0\n", 0 },
    { "export V=1; unset V; sh -c 'echo [$V]'", "[]\n", 0 },
    { "cd /dev; pwd", "/dev\n", 0 },
    { "cd /no/such", NULL, 1 },
};

static void check_sh_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct sh_case *c = &cases[i];
        int st;

        if (c->status < 0)
            continue;
        if (sh_capture(c->line, out, sizeof out, &st) < 0) {
            CHECK(0, "could not run sh -c '%s'", c->line);
            continue;
        }
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == c->status,
              "sh -c '%s': status %#x, expected exit %d", c->line, st, c->status);
        if (c->expect != NULL)
            CHECK(strcmp(out, c->expect) == 0, "sh -c '%s': output [%s], expected [%s]",
                  c->line, out, c->expect);
    }
}

/* The shell's line limit (1024 bytes): one byte more is refused with a message and
   status 2, exactly 1024 runs. */
static void check_long_line(void)
{
    static char line[1100];
    int st;

    memset(line, 0, sizeof line);
    strcpy(line, "echo ");
    memset(line + 5, 'x', 1024 - 5);                /* 1024 bytes in all */
    CHECK(sh_capture(line, out, sizeof out, &st) == 0 && WIFEXITED(st) &&
          WEXITSTATUS(st) == 0 && strlen(out) == 1024 - 5 + 1,
          "a 1024-byte line: status %#x, %u bytes out", st, (unsigned)strlen(out));
    line[1024] = 'x';                               /* 1025 */
    CHECK(sh_capture(line, out, sizeof out, &st) == 0 && WIFEXITED(st) &&
          WEXITSTATUS(st) == 2 &&
          strcmp(out, "sh: line too long (more than 1024 bytes)\n") == 0,
          "a 1025-byte line: status %#x [%s]", st, out);
}

/* Runs a utility directly (no shell); returns its exit code, or 128 + signal. */
static int util(char *const argv[])
{
    static char *env[] = { "PATH=/bin", "SHTEST=1", NULL };
    int st;

    if (run_capture(argv, env, out, sizeof out, &st) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void check_utilities(void)
{
    char *echo[] = { "/bin/echo", "-n", "a", "b", NULL };
    char *tru[] = { "/bin/true", NULL };
    char *fals[] = { "/bin/false", NULL };
    char *catnull[] = { "/bin/cat", "/dev/null", NULL };
    char *cathello[] = { "/bin/cat", "/dev/hello", NULL };
    char *env[] = { "/bin/env", "X=1", NULL };
    char *envrun[] = { "/bin/env", "Y=2", "/bin/env", NULL };
    char *ps[] = { "/bin/ps", NULL };
    char *sleep0[] = { "/bin/sleep", "0", NULL };
    char *sleepbad[] = { "/bin/sleep", "x", NULL };
    char *killbad[] = { "/bin/kill", "-s", "NOSUCH", "1", NULL };
    char *killusage[] = { "/bin/kill", NULL };
    char *date[] = { "/bin/date", NULL };
    char *uptime[] = { "/bin/uptime", NULL };
    char *free_[] = { "/bin/free", NULL };
    int r;

    r = util(echo);
    CHECK(r == 0 && strcmp(out, "a b") == 0, "echo -n a b: %d [%s]", r, out);
    CHECK(util(tru) == 0, "true's status");
    CHECK(util(fals) == 1, "false's status");
    r = util(catnull);
    CHECK(r == 0 && out[0] == '\0', "cat /dev/null: %d [%s]", r, out);
    r = util(cathello);
    CHECK(r == 0 && strstr(out, "Hello") != NULL, "cat /dev/hello: %d [%s]", r, out);
    r = util(env);
    CHECK(r == 0 && strstr(out, "SHTEST=1\n") != NULL && strstr(out, "X=1\n") != NULL,
          "env X=1: %d [%s]", r, out);
    r = util(envrun);
    CHECK(r == 0 && strstr(out, "Y=2\n") != NULL, "env Y=2 env: %d [%s]", r, out);
    r = util(ps);
    CHECK(r == 0 && strstr(out, "PID") != NULL && strstr(out, " init\n") != NULL &&
          strstr(out, " pm\n") != NULL && strstr(out, " vm\n") != NULL &&
          strstr(out, " rs\n") != NULL && strstr(out, " ds\n") != NULL &&
          strstr(out, " ps\n") != NULL, "ps: %d [%s]", r, out);
    CHECK(util(sleep0) == 0, "sleep 0");
    r = util(sleepbad);
    CHECK(r == 1 && strstr(out, "'x'") != NULL, "sleep x: %d [%s]", r, out);
    r = util(killbad);
    CHECK(r == 1 && strstr(out, "NOSUCH") != NULL, "kill -s NOSUCH: %d [%s]", r, out);
    r = util(killusage);
    CHECK(r == 1 && strncmp(out, "usage: kill", 11) == 0, "kill: %d [%s]", r, out);
    r = util(date);
    CHECK(r == 0 && strstr(out, "UTC") != NULL, "date: %d [%s]", r, out);
    r = util(uptime);
    CHECK(r == 0 && strncmp(out, "up ", 3) == 0, "uptime: %d [%s]", r, out);
    r = util(free_);
    CHECK(r == 0 && strstr(out, "Mem:") != NULL, "free: %d [%s]", r, out);
}

/* kill PID of a child that waits for signals: the child must end by that signal. */
static void check_kill(void)
{
    char pidbuf[16];
    char *killit[] = { "/bin/kill", "-9", pidbuf, NULL };
    char *killterm[] = { "/bin/kill", pidbuf, NULL };
    pid_t pid;
    int st, r;

    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK(pid > 0, "fork");
    if (pid <= 0)
        return;
    snprintf(pidbuf, sizeof pidbuf, "%d", (int)pid);
    r = util(killit);
    CHECK(r == 0, "kill -9 %s: %d [%s]", pidbuf, r, out);
    CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
          "the child ended by SIGKILL: %#x", st);

    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    snprintf(pidbuf, sizeof pidbuf, "%d", (int)pid);
    r = util(killterm);
    CHECK(r == 0, "kill %s: %d [%s]", pidbuf, r, out);
    CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
          "the child ended by SIGTERM: %#x", st);
    /* the same pid again: gone now, so kill must say so */
    r = util(killterm);
    CHECK(r == 1 && strstr(out, pidbuf) != NULL, "kill of a reaped pid: %d [%s]", r, out);
}

int main(void)
{
    check_sh_cases();
    check_long_line();
    check_utilities();
    check_kill();
    return gt_summary("shtest");
}
