/*
 * growtest -- the heap and the stack grow on demand up to their limits, then fail cleanly.
 *
 *   1. the break grows with sbrk in 256 KiB steps (every page written, so VM zero-fills
 *      each on first touch) until VM refuses: ENOMEM, at no less than USER_HEAP_LIMIT
 *      minus one step beyond the start; the process keeps running, and malloc of a big
 *      block then returns NULL with ENOMEM while a small one still works (or fails
 *      cleanly);
 *   2. a child recursing to 3/4 of USER_STACK_LIMIT returns normally (the stack grew far
 *      past what exec mapped); one recursing without end dies by SIGSEGV, and the parent's
 *      waitpid sees it;
 *   3. the system still works: a fork afterwards runs and exits with its status.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/_abi.h>
#include "../include/gtest.h"

#define STEP    0x40000             /* 256 KiB */
#define FRAME   1024                /* bytes of stack each recursion level uses at least */

static void test_heap(void)
{
    char *start = sbrk(0), *p;
    size_t grown = 0;
    int err = 0;
    void *big, *small;

    CHECK(start != (char *)-1, "sbrk(0): errno %d", errno);
    for (;;) {
        p = sbrk(STEP);
        if (p == (char *)-1) {
            err = errno;
            break;
        }
        for (size_t i = 0; i < STEP; i += PAGE_SIZE) {
            if (p[i] != 0)
                err = -1;           /* demand-zero pages must read 0 */
            p[i] = (char)i;
        }
        grown += STEP;
        if (grown > 2 * (size_t)USER_HEAP_LIMIT)
            break;                  /* no limit at all: stop, it is a failure */
    }
    printf("growtest: the heap grew by %u KiB, then errno %d\n", (unsigned)(grown >> 10), err);
    CHECK(err == ENOMEM, "sbrk stopped with errno %d, not ENOMEM", err);
    CHECK(grown + STEP >= (size_t)USER_HEAP_LIMIT,
          "the heap stopped at %u KiB, below the limit", (unsigned)(grown >> 10));
    CHECK(grown <= (size_t)USER_HEAP_LIMIT, "the heap passed its limit");
    CHECK(sbrk(0) == start + grown, "a failed sbrk moved the break");

    errno = 0;
    big = malloc(2 * STEP);
    CHECK(big == NULL && errno == ENOMEM, "malloc beyond the limit: %p, errno %d", big, errno);
    small = malloc(16);
    CHECK(small != NULL || errno == ENOMEM, "malloc(16) failed with errno %d", errno);
    free(small);
    /* malloc(16) may have moved the break a little: give back from wherever it is now. */
    char *top = sbrk(0);
    CHECK(sbrk(-(intptr_t)(top - start)) == top && sbrk(0) == start, "giving the heap back failed: errno %d",
          errno);
}

/* Uses FRAME bytes of stack per level, depth levels deep; returns a checksum so that
   nothing can be optimised away. */
static unsigned recurse(unsigned depth)
{
    volatile char frame[FRAME];

    frame[0] = (char)depth;
    frame[FRAME - 1] = (char)depth;
    if (depth == 0)
        return 0;
    return recurse(depth - 1) + (unsigned char)frame[0] + (unsigned char)frame[FRAME - 1];
}

static int child_status(unsigned depth)
{
    pid_t pid = fork();
    int status = -1;

    if (pid == 0) {
        recurse(depth);
        _exit(0);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return status;
}

static void test_stack(void)
{
    unsigned deep = (USER_STACK_LIMIT / 4 * 3) / FRAME;
    int status;

    status = child_status(deep);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "recursing %u KiB deep: status 0x%x", deep * FRAME >> 10, status);
    status = child_status(UINT32_MAX / 2);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
          "recursing without end: status 0x%x, not SIGSEGV", status);
}

int main(void)
{
    pid_t pid;
    int status = -1;

    test_heap();
    printf("growtest: heap done\n");
    test_stack();
    printf("growtest: stack done\n");

    pid = fork();
    if (pid == 0)
        _exit(42);
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork afterwards: errno %d", errno);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "the last child: status 0x%x",
          status);
    return gt_summary("growtest");
}
