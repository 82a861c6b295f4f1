/*
 * forktree [N] -- N processes (default 50, at most 200) forked as a binary tree.
 *
 * Node k (1..N) forks nodes 2k and 2k+1 (those <= N), waits for each by its pid and
 * checks that it exited with its own number, then execs "exitwith k" (so every status
 * is distinct and comes from another program). A node whose children ended wrongly
 * execs "exitwith k+N" instead, so the error climbs to the root. The test's own process
 * forks node 1 and checks it likewise, and that no child is left (ECHILD).
 *
 * Before and after, VM's free pages and process count must be equal: the 50 exits gave
 * back everything the forks and execs took. One small tree runs first so that the test's
 * own stack and heap have reached their size before the first count.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <minix/vm.h>
#include "../include/gtest.h"

static int nodes;

/* Execs exitwith code; if the exec fails, exits with 254 (no node has that status). */
static _Noreturn void become_exitwith(int code)
{
    char arg[12];
    char *argv[] = { "exitwith", arg, NULL };

    snprintf(arg, sizeof arg, "%d", code);
    execv("exitwith", argv);
    printf("FAIL node: exec exitwith: errno %d\n", errno);
    _exit(254);
}

/* Forks node k; returns its pid (or -1). In the child, runs the node and never returns. */
static pid_t spawn(int k);

/* Waits for node k (pid); 1 if it exited with status k. */
static int reap(int k, pid_t pid)
{
    int status = -1;
    pid_t r = waitpid(pid, &status, 0);

    if (r != pid || !WIFEXITED(status) || WEXITSTATUS(status) != k) {
        printf("FAIL node %d (pid %d): waitpid %d, status 0x%x (errno %d)\n",
               k, pid, r, status, r < 0 ? errno : 0);
        return 0;
    }
    return 1;
}

static _Noreturn void run_node(int k)
{
    pid_t pid[2] = { -1, -1 };
    int ok = 1;

    for (int c = 0; c < 2; c++) {
        int child = 2 * k + c;

        if (child <= nodes) {
            pid[c] = spawn(child);
            if (pid[c] < 0)
                ok = 0;
        }
    }
    for (int c = 0; c < 2; c++)
        if (pid[c] > 0 && !reap(2 * k + c, pid[c]))
            ok = 0;
    become_exitwith(ok ? k : k + nodes);
}

static pid_t spawn(int k)
{
    pid_t pid = fork();

    if (pid == 0)
        run_node(k);
    if (pid < 0)
        printf("FAIL node %d: fork: errno %d\n", k, errno);
    return pid;
}

/* One whole tree of n nodes; returns 1 if node 1 reported success. */
static int tree(int n)
{
    pid_t pid;
    int status = -1;

    nodes = n;
    pid = spawn(1);
    if (pid < 0)
        return 0;
    if (waitpid(pid, &status, 0) != pid)
        return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

int main(int argc, char *argv[])
{
    int n = argc > 1 ? atoi(argv[1]) : 50;
    vm_stats before, after;
    int status;

    if (n < 1 || 2 * n > 254) {
        printf("usage: forktree [N], 1 <= N <= 126\n");
        return 255;
    }
    CHECK(tree(3), "warm-up tree of 3");

    CHECK(vm_info(&before) == 0, "vm_info: errno %d", errno);
    printf("forktree: %d nodes; before: %u free pages, %u processes\n", n,
           before.free_pages, before.processes);
    CHECK(tree(n), "the tree of %d processes", n);
    CHECK(wait(&status) == -1 && errno == ECHILD, "a child is left over");
    CHECK(vm_info(&after) == 0, "vm_info: errno %d", errno);
    printf("forktree: after: %u free pages, %u processes\n", after.free_pages,
           after.processes);
    CHECK(after.free_pages == before.free_pages, "free pages %u before, %u after",
          before.free_pages, after.free_pages);
    CHECK(after.processes == before.processes, "processes %u before, %u after",
          before.processes, after.processes);
    return gt_summary("forktree");
}
