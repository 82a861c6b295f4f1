/*
 * crash [segv|fpe|ill|abort] -- a program that crashes on purpose (default: segv), so that what
 * the system does with one can be seen at the shell: the kernel turns the fault into a signal,
 * PM ends the process, and the shell reports it ("Segmentation fault") and carries on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char *argv[])
{
    const char *how = argc > 1 ? argv[1] : "segv";

    if (argc > 2) {
        fprintf(stderr, "usage: crash [segv|fpe|ill|abort]\n");
        return 2;
    }
    if (strcmp(how, "segv") == 0) {
        volatile int *nowhere = (volatile int *) 0;
        return *nowhere;                        /* page 0 is never mapped */
    }
    if (strcmp(how, "fpe") == 0) {
        /* #DE. In asm: a division by zero in C is undefined, and gcc drops it. */
        __asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\tcdq\n\tidivl %%ecx" ::: "eax", "ecx", "edx");
        return 1;
    }
    if (strcmp(how, "ill") == 0) {
        __asm__ volatile("ud2");
        return 1;
    }
    if (strcmp(how, "abort") == 0) {
        abort();
    }
    fprintf(stderr, "crash: unknown way to crash '%s' (segv, fpe, ill or abort)\n", how);
    return 2;
}
