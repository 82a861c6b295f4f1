/*
 * debuggee -- a small program for the GDB test: main calls middle, middle calls leaf, each
 * frame with a value worth printing, then the machine powers off with status 0.
 *
 *   args [ROUNDS]     (default 3)
 */
#include <minix/syslib.h>
#include <stdio.h>
#include <stdlib.h>

/* Globals keep their values where GDB can always print them, whatever -O2 does to locals. */
volatile int rounds_done;
volatile int last_leaf;

__attribute__((noinline)) int leaf(int depth)
{
    last_leaf = depth * 7;
    return last_leaf + 1;
}

__attribute__((noinline)) int middle(int round)
{
    return leaf(round + 40) + round;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 3;
    int sum = 0;

    for (int round = 0; round < rounds; round++) {
        sum += middle(round);
        rounds_done = round + 1;
    }
    printf("%d rounds, sum %d\n", rounds, sum);
    sys_abort(RBT_HALT, 0);
    return 1;
}
