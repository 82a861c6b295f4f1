/*
 * malloc.c -- malloc, free, calloc, realloc on memory from sbrk() (see heap.h).
 *
 * First fit on the address-ordered free list; a block larger than needed is split, the
 * rest stays free. When nothing fits, the heap grows by at least HEAP_GROW_MIN bytes (or
 * exactly what is needed when VM will not give that much: near the heap limit). When the
 * last free block ends at the break, only the part it lacks is asked for: the new chunk
 * merges with it. Memory is
 * never given back to VM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "heap.h"

static struct heap_block *free_list;
static char *heap_lo, *heap_hi;     /* the memory we took from sbrk: [lo, hi) */

/* Bytes of block needed for n bytes of payload; 0 on overflow. */
static size_t block_size(size_t n)
{
    if (n > UINT32_MAX - HEAP_HEADER - HEAP_ALIGN)
        return 0;
    n = (n + HEAP_HEADER + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
    return n < HEAP_MIN_BLOCK ? HEAP_MIN_BLOCK : n;
}

static char *end_of(struct heap_block *b)
{
    return (char *)b + b->size;
}

/* Puts b on the free list in address order and merges it with adjacent free blocks. */
static void insert_free(struct heap_block *b)
{
    struct heap_block *prev = NULL, *next = free_list;

    while (next != NULL && next < b) {
        prev = next;
        next = next->next;
    }
    b->tag = HEAP_TAG_FREE;
    b->next = next;
    if (next != NULL && end_of(b) == (char *)next) {
        b->size += next->size;
        b->next = next->next;
    }
    if (prev == NULL) {
        free_list = b;
    } else if (end_of(prev) == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else {
        prev->next = b;
    }
}

/* Takes at least need bytes from sbrk and puts them on the free list. 0 or -1 (ENOMEM). */
static int grow(size_t need)
{
    char *cur = sbrk(0), *p;
    size_t pad, ask;

    if (cur == (char *)-1)
        return -1;
    /* A free block that ends at the break merges with what we add: ask only the rest. */
    if (free_list != NULL) {
        struct heap_block *last = free_list;

        while (last->next != NULL)
            last = last->next;
        if (end_of(last) == cur && last->size < need)
            need -= last->size;
    }
    pad = (HEAP_ALIGN - ((uintptr_t)cur & (HEAP_ALIGN - 1))) & (HEAP_ALIGN - 1);
    ask = need < HEAP_GROW_MIN ? HEAP_GROW_MIN : need;
    p = sbrk((intptr_t)(ask + pad));
    if (p == (char *)-1) {
        ask = need;
        p = sbrk((intptr_t)(ask + pad));
        if (p == (char *)-1)
            return -1;
    }
    p += pad;
    if (heap_lo == NULL || p < heap_lo)
        heap_lo = p;
    if (p + ask > heap_hi)
        heap_hi = p + ask;
    ((struct heap_block *)p)->size = (uint32_t)ask;
    insert_free((struct heap_block *)p);
    return 0;
}

void *malloc(size_t n)
{
    size_t need = block_size(n);

    if (need == 0 || need > INTPTR_MAX) {
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        struct heap_block **link = &free_list;

        for (struct heap_block *b = free_list; b != NULL; link = &b->next, b = b->next) {
            if (b->size < need)
                continue;
            if (b->size - need >= HEAP_MIN_BLOCK) {
                struct heap_block *rest = (struct heap_block *)((char *)b + need);

                rest->size = b->size - (uint32_t)need;
                rest->tag = HEAP_TAG_FREE;
                rest->next = b->next;
                b->size = (uint32_t)need;
                *link = rest;
            } else {
                *link = b->next;
            }
            b->tag = HEAP_TAG_USED;
            return (char *)b + HEAP_HEADER;
        }
        if (grow(need) < 0)
            return NULL;            /* sbrk set errno (ENOMEM) */
    }
}

/* The block of a pointer malloc returned; anything else ends the process. */
static struct heap_block *block_of(void *p, const char *who)
{
    struct heap_block *b = (struct heap_block *)((char *)p - HEAP_HEADER);

    if (((uintptr_t)p & (HEAP_ALIGN - 1)) || (char *)b < heap_lo ||
        (char *)p >= heap_hi || b->tag != HEAP_TAG_USED ||
        b->size < HEAP_MIN_BLOCK || b->size > (size_t)(heap_hi - (char *)b))
        __libc_heap_corrupt(who, p);
    return b;
}

void free(void *p)
{
    if (p == NULL)
        return;
    insert_free(block_of(p, "free"));
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    p = malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t n)
{
    struct heap_block *b;
    size_t need;
    void *q;

    if (p == NULL)
        return malloc(n);
    b = block_of(p, "realloc");
    need = block_size(n);
    if (need == 0) {
        errno = ENOMEM;
        return NULL;
    }
    if (need <= b->size) {
        /* Shrink in place; give back the tail if it makes a block. */
        if (b->size - need >= HEAP_MIN_BLOCK) {
            struct heap_block *rest = (struct heap_block *)((char *)b + need);

            rest->size = b->size - (uint32_t)need;
            b->size = (uint32_t)need;
            insert_free(rest);
        }
        return p;
    }
    q = malloc(n);
    if (q == NULL)
        return NULL;                /* p stays valid */
    memcpy(q, p, b->size - HEAP_HEADER);
    free(p);
    return q;
}

int __libc_heap_check(size_t *free_bytes, size_t *free_blocks)
{
    size_t bytes = 0, blocks = 0;

    for (struct heap_block *b = free_list; b != NULL; b = b->next) {
        if (b->tag != HEAP_TAG_FREE || (char *)b < heap_lo || end_of(b) > heap_hi ||
            (b->size & (HEAP_ALIGN - 1)) || b->size < HEAP_MIN_BLOCK)
            return -1;
        /* Address order, and no two free blocks touching (they would have merged). */
        if (b->next != NULL && end_of(b) >= (char *)b->next)
            return -1;
        bytes += b->size;
        blocks++;
    }
    if (free_bytes != NULL)
        *free_bytes = bytes;
    if (free_blocks != NULL)
        *free_blocks = blocks;
    return 0;
}
