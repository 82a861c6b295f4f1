/*
 * heap.h -- private: the layout of malloc's heap (malloc.c), for the host test too.
 *
 * The heap is memory taken from sbrk() in chunks. It is cut into blocks, each with an
 * 8-byte header: the block's whole size (header included, a multiple of 8) and a tag
 * saying whether it is in use. Free blocks are kept on one list in address order, so
 * that a freed block merges with free neighbours at once. Payloads are 8-byte aligned.
 */
#ifndef _LIBC_STDLIB_HEAP_H
#define _LIBC_STDLIB_HEAP_H

#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGN      8u
#define HEAP_TAG_USED   0x55534544u     /* "USED" */
#define HEAP_TAG_FREE   0x46524545u     /* "FREE" */
/* Asked of sbrk at least, so that small allocations do not each cost a BRK call. */
#define HEAP_GROW_MIN   0x10000u

struct heap_block {
    uint32_t size;                  /* bytes, header included */
    uint32_t tag;
    struct heap_block *next;        /* free blocks only: the next free block */
};

#define HEAP_HEADER     8u
#define HEAP_MIN_BLOCK  16u

/* Called on a free()/realloc() of a pointer that is not a live block: prints what and
   aborts (heap_corrupt.c; the host test catches it). */
_Noreturn void __libc_heap_corrupt(const char *what, void *p);

/* Walks the whole heap; returns 0 if every block and the free list are consistent, else
   -1. For tests. */
int __libc_heap_check(size_t *free_bytes, size_t *free_blocks);

#endif
