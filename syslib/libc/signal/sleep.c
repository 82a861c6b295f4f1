/*
 * sleep.c -- sleep(): alarm and sigsuspend, with SIGALRM blocked around them so the
 * alarm cannot fire between the two. The caller's SIGALRM action, mask and pending
 * alarm are given back (the alarm minus the time slept).
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

static void on_alarm(int sig)
{
    (void)sig;
}

unsigned int sleep(unsigned int seconds)
{
    struct sigaction act, old_act;
    sigset_t block, old_mask, wait_mask;
    unsigned int old_alarm, left;

    if (seconds == 0)
        return 0;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_alarm;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    if (sigprocmask(SIG_BLOCK, &block, &old_mask) < 0)
        return seconds;
    if (sigaction(SIGALRM, &act, &old_act) < 0) {
        sigprocmask(SIG_SETMASK, &old_mask, NULL);
        return seconds;
    }
    old_alarm = alarm(seconds);
    wait_mask = old_mask;
    sigdelset(&wait_mask, SIGALRM);
    sigsuspend(&wait_mask);
    left = alarm(0);
    sigaction(SIGALRM, &old_act, NULL);
    if (old_alarm > 0) {
        unsigned int slept = seconds - left;
        alarm(old_alarm > slept ? old_alarm - slept : 1);
    }
    sigprocmask(SIG_SETMASK, &old_mask, NULL);
    return left;
}
