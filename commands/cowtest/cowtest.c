/*
 * cowtest -- copy-on-write after fork.
 *
 *   - a message received into a page still shared copy-on-write arrives intact: right
 *     after fork, child and parent each do GETPID with the buffer in such a page (the
 *     kernel must get VM to copy it before it delivers the reply);
 *   - parent and child write the same pages of a static array, each its own pattern, and
 *     each sees only its own writes, before and after the other has written;
 *   - VM's shared-page count rises at fork, the untouched pages of the array stay shared
 *     while both run (the written ones no longer are), and the count is back to its value
 *     before the fork once the child has exited.
 *
 * The child tells the parent it has written with SIGUSR1 and waits for SIGUSR2 to exit;
 * its exit status is the number of its own checks that failed.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <minix/vm.h>
#include "../include/gtest.h"
#include "raw_getpid.h"

#define PAGES   8
#define WRITTEN 4           /* pages 0..3 are written after fork, 4..7 are not */

static char array[PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile sig_atomic_t got_usr1, got_usr2;

static void on_usr1(int sig) { (void)sig; got_usr1 = 1; }
static void on_usr2(int sig) { (void)sig; got_usr2 = 1; }

static void fill(int first, int last, char c)
{
    for (int p = first; p < last; p++)
        memset(array[p], c, PAGE_SIZE);
}

/* Number of bytes in pages [first, last) that are not c. */
static int count_bad(int first, int last, char c)
{
    int bad = 0;

    for (int p = first; p < last; p++)
        for (int i = 0; i < PAGE_SIZE; i++)
            bad += array[p][i] != c;
    return bad;
}

static _Noreturn void child(pid_t parent)
{
    int failed = 0, ppid, pid;
    sigset_t wait_mask;

    pid = raw_getpid(1, &ppid);
    if (pid != getpid() || ppid != parent) {
        printf("FAIL child: GETPID into a COW page: pid %d (real %d), ppid %d (real %d)\n",
               pid, getpid(), ppid, parent);
        failed++;
    }
    fill(0, WRITTEN, 'c');
    if (count_bad(0, WRITTEN, 'c') != 0 || count_bad(WRITTEN, PAGES, 'a') != 0) {
        printf("FAIL child: its pages are not what it wrote\n");
        failed++;
    }
    kill(parent, SIGUSR1);
    sigprocmask(SIG_SETMASK, NULL, &wait_mask);
    sigdelset(&wait_mask, SIGUSR2);
    while (!got_usr2)
        sigsuspend(&wait_mask);
    /* The parent has written its pattern meanwhile: ours must be unchanged. */
    if (count_bad(0, WRITTEN, 'c') != 0 || count_bad(WRITTEN, PAGES, 'a') != 0) {
        printf("FAIL child: the parent's writes showed through\n");
        failed++;
    }
    _exit(failed);
}

int main(void)
{
    vm_stats s0, s1, s_mid, s2;
    sigset_t block, wait_mask;
    pid_t pid, self = getpid();
    int status = -1, ppid, rpid;

    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr2);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, &wait_mask);
    sigdelset(&wait_mask, SIGUSR1);

    fill(0, PAGES, 'a');            /* every page present and the parent's own */
    raw_getpid_prepare();
    CHECK(vm_info(&s0) == 0, "vm_info: errno %d", errno);
    printf("cowtest: before fork: %u shared pages\n", s0.shared_pages);

    pid = fork();
    if (pid == 0)
        child(self);
    CHECK(pid > 0, "fork: errno %d", errno);
    if (pid < 0)
        return gt_summary("cowtest");

    rpid = raw_getpid(0, &ppid);
    CHECK(rpid == self, "parent: GETPID into a COW page replied %d, not %d", rpid, self);
    CHECK(ppid == getppid(), "parent: GETPID into a COW page: ppid %d, not %d", ppid,
          getppid());

    CHECK(vm_info(&s1) == 0, "vm_info: errno %d", errno);
    printf("cowtest: after fork: %u shared pages\n", s1.shared_pages);
    CHECK(s1.shared_pages >= s0.shared_pages + PAGES,
          "fork shared %u pages, the array alone has %d", s1.shared_pages - s0.shared_pages,
          PAGES);

    fill(0, WRITTEN, 'p');
    while (!got_usr1)
        sigsuspend(&wait_mask);     /* the child has written too */
    CHECK(count_bad(0, WRITTEN, 'p') == 0, "the child's writes showed through");
    CHECK(count_bad(WRITTEN, PAGES, 'a') == 0, "an untouched page changed");

    CHECK(vm_info(&s_mid) == 0, "vm_info: errno %d", errno);
    printf("cowtest: both wrote: %u shared pages\n", s_mid.shared_pages);
    CHECK(s_mid.shared_pages >= s0.shared_pages + (PAGES - WRITTEN),
          "the %d untouched pages are no longer all shared (%u -> %u)", PAGES - WRITTEN,
          s0.shared_pages, s_mid.shared_pages);
    CHECK(s_mid.shared_pages + WRITTEN <= s1.shared_pages,
          "the %d written pages are still shared (%u -> %u)", WRITTEN, s1.shared_pages,
          s_mid.shared_pages);

    kill(pid, SIGUSR2);
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid: errno %d", errno);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child: status 0x%x", status);
    CHECK(count_bad(0, WRITTEN, 'p') == 0, "the parent's pages changed after the child ended");

    CHECK(vm_info(&s2) == 0, "vm_info: errno %d", errno);
    printf("cowtest: child gone: %u shared pages\n", s2.shared_pages);
    CHECK(s2.shared_pages == s0.shared_pages, "shared pages %u before fork, %u after exit",
          s0.shared_pages, s2.shared_pages);
    return gt_summary("cowtest");
}
