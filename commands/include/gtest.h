/*
 * gtest.h -- the little harness of the guest tests (header only: a folder without .c
 * files is not a program).
 *
 * A test counts its checks and ends with exactly one line "NAME: N passed, M failed",
 * exiting with M (at most 255). A failed check prints where and what. Only the test's
 * main process prints the summary; its children report through their exit status.
 */
#ifndef GTEST_H
#define GTEST_H

#include <stdio.h>

static int gt_passed, gt_failed;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (cond) {                                                         \
            gt_passed++;                                                    \
        } else {                                                            \
            gt_failed++;                                                    \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);          \
            printf(__VA_ARGS__);                                            \
            printf("\n");                                                   \
        }                                                                   \
    } while (0)

static inline int gt_summary(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, gt_passed, gt_failed);
    return gt_failed > 255 ? 255 : gt_failed;
}

#endif
