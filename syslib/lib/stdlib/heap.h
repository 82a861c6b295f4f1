/*
 * heap.h -- private: the constants of malloc's arena, and a consistency check for tests.
 */
#ifndef _SYSLIB_STDLIB_HEAP_H
#define _SYSLIB_STDLIB_HEAP_H

#include <stddef.h>

/* The arena in .bss that malloc carves up, until the VM server provides brk. This is the
   one place its size is named. */
#define SYSLIB_HEAP_SIZE (64u * 1024u)

/* Every block starts with a header of this size; blocks and payloads are 8-byte aligned. */
#define SYSLIB_HEAP_HEADER 16u
#define SYSLIB_HEAP_ALIGN 8u

/* The largest request malloc can ever satisfy: one block spanning the whole arena. */
#define SYSLIB_HEAP_MAX_REQUEST (SYSLIB_HEAP_SIZE - SYSLIB_HEAP_HEADER)

struct heap_stats {
    size_t used_blocks;
    size_t free_blocks;
    size_t free_bytes;      /* free blocks, headers included */
    size_t largest_free;    /* the largest request that would succeed now */
};

/* Walks every block and the free list and checks the invariants: headers intact, sizes
   consistent with their neighbours, no two free blocks adjacent, the free list holding
   exactly the free blocks. Returns 0 and fills *stats (if not NULL), or -1 at the first
   violation. */
int __syslib_heap_check(struct heap_stats *stats);

#endif
