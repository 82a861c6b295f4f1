/*
 * _exit.c -- default process exit.
 *
 * Flushes standard output, then ends the process with the SYS_EXIT kernel call. Until PM
 * exists, the kernel itself reports that the process ended; the status is not passed on
 * (SYS_EXIT has no fields). The kernel does not return from SYS_EXIT; if it ever did, the
 * process spins rather than run on (HLT is privileged at CPL 3).
 *
 * This lives in libsys.a as an ordinary member: a program that defines its own _exit
 * never pulls this one in, so no weak symbol is needed.
 */
#include <minix/syslib.h>
#include <stdio.h>
#include <unistd.h>

void _exit(int status)
{
    (void)status;
    fflush(NULL);
    sys_exit();
    /* C11 6.8.5p6: a loop with a constant controlling expression may not be assumed
       to terminate, so the compiler keeps it. */
    for (;;) {
    }
}
