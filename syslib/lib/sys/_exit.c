/*
 * _exit.c -- default process exit.
 *
 * Ending a process is a message to PM through the kernel, which arrives with the kernel
 * and PM issues. Until then the honest behaviour is to stop making progress: spin here
 * and let the scheduler preempt us. (HLT is privileged at CPL 3, so it is no option for
 * user code.)
 *
 * This lives in libsys.a as an ordinary member: a program that defines its own _exit
 * never pulls this one in, so no weak symbol is needed.
 */
#include <unistd.h>

void _exit(int status)
{
    (void)status;
    /* C11 6.8.5p6: a loop with a constant controlling expression may not be assumed
       to terminate, so the compiler keeps it. */
    for (;;) {
    }
}
