/*
 * sigtest -- signals delivered by PM.
 *
 *   1. a handler runs on raise() and returns through sigreturn: the locals live across
 *      the call are intact; then an alarm interrupts a loop that keeps its state in
 *      registers, and the loop's invariant still holds after the handler returned;
 *   2. SIGKILL cannot be caught (EINVAL from libc and from PM itself), and a child that
 *      blocks every signal it can still dies by SIGKILL (WTERMSIG 9);
 *   3. a child that touches a bad address dies by SIGSEGV and waitpid says so;
 *   4. alarm + sigsuspend: the process sleeps until SIGALRM; sleep(1) takes about a second;
 *   5. sigprocmask holds a signal pending (sigpending shows it) and unblocking delivers it;
 *   6. as root, kill(VM, SIGUSR1) succeeds: VM gets it as a SEF signal callback and logs
 *      it on the console (the JUnit test looks for that line).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <minix/pm.h>
#include "../include/gtest.h"
#include "raw_sigaction.h"

static volatile sig_atomic_t caught, caught_sig, alarms;

static void on_signal(int sig)
{
    caught++;
    caught_sig = sig;
}

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void test_handler_returns(void)
{
    volatile int a = 11, b = 22, c = 33;
    int x = 1234567, y = -7654321;

    caught = 0;
    CHECK(signal(SIGUSR1, on_signal) != SIG_ERR, "signal: errno %d", errno);
    CHECK(raise(SIGUSR1) == 0, "raise: errno %d", errno);
    CHECK(caught == 1 && caught_sig == SIGUSR1, "handler ran %d times, signal %d", caught,
          caught_sig);
    CHECK(a == 11 && b == 22 && c == 33 && x == 1234567 && y == -7654321,
          "locals changed across the handler");

    /* The loop's state lives in registers: an alarm lands in its middle, and after
       sigreturn the invariant sum == i * (i - 1) / 2 must hold. */
    {
        uint32_t i = 0, sum = 0, bad = 0;

        alarms = 0;
        signal(SIGALRM, on_alarm);
        alarm(1);
        while (alarms == 0 && i < 0x7FFFFFF) {
            sum += i;
            i++;
            if (sum != (uint32_t)((uint64_t)i * (i - 1) / 2))
                bad++;
        }
        CHECK(alarms == 1, "the alarm did not arrive during the loop (%u iterations)", i);
        CHECK(bad == 0, "the loop's registers were corrupted %u times", bad);
        printf("sigtest: alarm interrupted a loop after %u iterations\n", i);
    }
}

static void test_sigkill(void)
{
    struct sigaction act;
    pid_t pid;
    int status = -1, r;

    memset(&act, 0, sizeof act);
    act.sa_handler = on_signal;
    CHECK(sigaction(SIGKILL, &act, NULL) == -1 && errno == EINVAL,
          "sigaction(SIGKILL) did not fail with EINVAL");
    r = raw_sigaction_catch(SIGKILL, on_signal);
    CHECK(r == -EINVAL, "PM let SIGKILL be caught: reply %d", r);
    CHECK(signal(SIGKILL, SIG_IGN) == SIG_ERR, "SIGKILL could be ignored");

    pid = fork();
    if (pid == 0) {
        sigset_t all;

        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, NULL);
        signal(SIGTERM, SIG_IGN);
        for (;;)
            pause();
    }
    CHECK(pid > 0, "fork: errno %d", errno);
    if (pid < 0)
        return;
    CHECK(kill(pid, SIGKILL) == 0, "kill: errno %d", errno);
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid: errno %d", errno);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status 0x%x", status);
}

static void test_sigsegv(uintptr_t address)
{
    pid_t pid = fork();
    int status = -1;

    if (pid == 0) {
        *(volatile int *)address = 1;
        _exit(0);
    }
    CHECK(pid > 0, "fork: errno %d", errno);
    if (pid < 0)
        return;
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid: errno %d", errno);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
          "writing 0x%x: status 0x%x, not SIGSEGV", (unsigned)address, status);
}

static void test_alarm_sigsuspend(void)
{
    sigset_t block, old, wait_mask;
    clock_t t0, t1;
    int r;

    alarms = 0;
    signal(SIGALRM, on_alarm);
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    t0 = times(NULL);
    CHECK(alarm(1) == 0, "an alarm was already pending");
    wait_mask = old;
    sigdelset(&wait_mask, SIGALRM);
    r = sigsuspend(&wait_mask);
    t1 = times(NULL);
    CHECK(r == -1 && errno == EINTR, "sigsuspend returned %d, errno %d", r, errno);
    CHECK(alarms == 1, "SIGALRM handler ran %d times", alarms);
    CHECK(t1 - t0 >= CLOCKS_PER_SEC / 2, "woke after %ld ticks", (long)(t1 - t0));
    sigprocmask(SIG_SETMASK, &old, NULL);

    t0 = times(NULL);
    CHECK(sleep(1) == 0, "sleep(1) ended early");
    t1 = times(NULL);
    CHECK(t1 - t0 >= CLOCKS_PER_SEC / 2 && t1 - t0 <= 3 * CLOCKS_PER_SEC,
          "sleep(1) took %ld ticks", (long)(t1 - t0));
}

static void test_blocked_then_delivered(void)
{
    sigset_t block, pending;

    caught = 0;
    signal(SIGUSR2, on_signal);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0, "sigprocmask: errno %d", errno);
    raise(SIGUSR2);
    CHECK(caught == 0, "a blocked signal was delivered");
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR2) == 1,
          "SIGUSR2 is not pending");
    CHECK(sigprocmask(SIG_UNBLOCK, &block, NULL) == 0, "sigprocmask: errno %d", errno);
    CHECK(caught == 1 && caught_sig == SIGUSR2, "unblocking delivered %d signals", caught);
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR2) == 0,
          "SIGUSR2 still pending");
}

static void test_signal_to_vm(void)
{
    int endpoint = -1;
    pid_t vm = getprocnr("vm", &endpoint);

    CHECK(getuid() == 0, "not root (uid %d)", getuid());
    CHECK(vm > 0, "getprocnr(\"vm\"): errno %d", errno);
    if (vm > 0) {
        printf("sigtest: sending SIGUSR1 to vm (pid %d, endpoint %d)\n", vm, endpoint);
        CHECK(kill(vm, SIGUSR1) == 0, "kill(vm, SIGUSR1): errno %d", errno);
    }
}

int main(void)
{
    test_handler_returns();
    printf("sigtest: handler and sigreturn done\n");
    test_sigkill();
    printf("sigtest: SIGKILL done\n");
    test_sigsegv(0x10);
    test_sigsegv(0xF0001000u);      /* above the stack top */
    printf("sigtest: SIGSEGV done\n");
    test_alarm_sigsuspend();
    printf("sigtest: alarm and sigsuspend done\n");
    test_blocked_then_delivered();
    printf("sigtest: sigprocmask done\n");
    test_signal_to_vm();
    return gt_summary("sigtest");
}
