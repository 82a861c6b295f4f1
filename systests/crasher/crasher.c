/*
 * crasher -- args KIND: faults on purpose so the tests can watch the kernel stop it while the
 * others go on. KIND: null (NULL dereference), div (division by zero), ud (invalid opcode),
 * panic (syslib's panic), assert (a failing assert).
 */
#include <assert.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *kind = argc > 1 ? argv[1] : "null";
    printf("about to crash: %s\n", kind);
    if (strcmp(kind, "null") == 0) {
        return *(volatile int *)0;
    }
    if (strcmp(kind, "div") == 0) {
        volatile int zero = 0, one = 1; /* both volatile: gcc turns 1 / x into compares */
        return one / zero;
    }
    if (strcmp(kind, "ud") == 0) {
        __asm__ volatile("ud2");
    }
    if (strcmp(kind, "panic") == 0) {
        panic("on purpose, %d", 42);
    }
    if (strcmp(kind, "assert") == 0) {
        assert(argc == 99);
    }
    return 0;
}
