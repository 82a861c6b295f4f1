/*
 * malloc.c -- malloc, free, calloc and realloc on a fixed arena (see heap.h).
 *
 * The arena is a sequence of blocks, each with a 16-byte header: a magic word that says
 * used or free, the block's size (header included, a multiple of 8), its complement as a
 * check, and the size of the block just below, so that both neighbours can be found from
 * any block. Free blocks are also on a doubly linked list whose links (arena offsets, not
 * pointers, so the layout is the same on every host) sit in their payload.
 *
 * malloc takes the first free block that fits and splits off the rest if that can make a
 * block of its own. free marks the block free and merges it with a free neighbour on
 * either side, so no two free blocks are ever adjacent, and freeing everything gives the
 * whole arena back as one block. Headers of merged-away blocks are wiped, so freeing a
 * pointer twice is caught whether or not its block was merged in between.
 */
#include <minix/syslib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "heap.h"

#define MAGIC_USED 0xA110CA7Eu
#define MAGIC_FREE 0xF4EEB10Cu
#define NIL        0xFFFFFFFFu   /* end of the free list */

struct block {
    uint32_t magic;       /* MAGIC_USED or MAGIC_FREE; 0 once merged into a neighbour */
    uint32_t size;        /* whole block, header included */
    uint32_t check;       /* ~size */
    uint32_t prev_size;   /* the block just below; 0 for the first block */
};

/* In the payload of a free block. */
struct links {
    uint32_t next;
    uint32_t prev;
};

#define HDR       ((uint32_t)sizeof(struct block))
#define ALIGN_UP(n) (((n) + SYSLIB_HEAP_ALIGN - 1) & ~(SYSLIB_HEAP_ALIGN - 1))
#define MIN_BLOCK ((uint32_t)ALIGN_UP(sizeof(struct block) + sizeof(struct links)))

_Static_assert(sizeof(struct block) == SYSLIB_HEAP_HEADER, "header size");
_Static_assert(SYSLIB_HEAP_SIZE % SYSLIB_HEAP_ALIGN == 0, "arena size");
_Static_assert(SYSLIB_HEAP_SIZE <= 0x7FFFFFFFu, "offsets fit in 32 bits");

static unsigned char arena[SYSLIB_HEAP_SIZE] __attribute__((aligned(SYSLIB_HEAP_ALIGN)));
static uint32_t free_head = NIL;
static int ready;

static struct block *at(uint32_t off)
{
    return (struct block *)(void *)(arena + off);
}

static uint32_t offset(const struct block *b)
{
    return (uint32_t)((const unsigned char *)b - arena);
}

static struct links *links(struct block *b)
{
    return (struct links *)(void *)(b + 1);
}

static struct block *next_block(struct block *b)
{
    uint32_t off = offset(b) + b->size;

    return off < SYSLIB_HEAP_SIZE ? at(off) : NULL;
}

static struct block *prev_block(struct block *b)
{
    return b->prev_size != 0 ? at(offset(b) - b->prev_size) : NULL;
}

/* Sets b's size and tells the block above. */
static void set_size(struct block *b, uint32_t size)
{
    struct block *n;

    b->size = size;
    b->check = ~size;
    n = next_block(b);
    if (n != NULL)
        n->prev_size = size;
}

static void list_insert(struct block *b)
{
    struct links *l = links(b);

    l->prev = NIL;
    l->next = free_head;
    if (free_head != NIL)
        links(at(free_head))->prev = offset(b);
    free_head = offset(b);
}

static void list_remove(struct block *b)
{
    struct links *l = links(b);

    if (l->prev != NIL)
        links(at(l->prev))->next = l->next;
    else
        free_head = l->next;
    if (l->next != NIL)
        links(at(l->next))->prev = l->prev;
}

static void init(void)
{
    struct block *b = at(0);

    b->prev_size = 0;
    set_size(b, SYSLIB_HEAP_SIZE);
    b->magic = MAGIC_FREE;
    list_insert(b);
    ready = 1;
}

/* The block size for a request of n bytes, or 0 if no block can be that large. */
static uint32_t block_size(size_t n)
{
    uint32_t size;

    if (n > SYSLIB_HEAP_MAX_REQUEST)
        return 0;
    size = (uint32_t)ALIGN_UP(n + HDR);
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

/* Makes b free: merges it with free neighbours and puts the result on the free list. */
static void release(struct block *b)
{
    struct block *n = next_block(b), *p = prev_block(b);

    if (n != NULL && n->magic == MAGIC_FREE) {
        list_remove(n);
        n->magic = 0;
        set_size(b, b->size + n->size);
    }
    if (p != NULL && p->magic == MAGIC_FREE) {
        list_remove(p);
        b->magic = 0;
        set_size(p, p->size + b->size);
        b = p;
    }
    b->magic = MAGIC_FREE;
    list_insert(b);
}

/* Shrinks the used block b to size bytes if the rest can be a block of its own. */
static void split(struct block *b, uint32_t size)
{
    uint32_t rest = b->size - size;

    if (rest >= MIN_BLOCK) {
        struct block *r = at(offset(b) + size);

        r->prev_size = size;
        set_size(r, rest);
        set_size(b, size);
        r->magic = MAGIC_USED;  /* not yet free: release() decides about merging */
        release(r);
    }
}

/* The used block that payload p belongs to; anything else ends the process. */
static struct block *used_block(void *p, const char *who)
{
    uintptr_t a = (uintptr_t)p, base = (uintptr_t)arena;
    struct block *b, *n;

    if (a < base + HDR || a >= base + SYSLIB_HEAP_SIZE || (a - base) % SYSLIB_HEAP_ALIGN != 0)
        panic("%s(%p): not a pointer from malloc", who, p);
    b = (struct block *)p - 1;
    if (b->magic == MAGIC_FREE)
        panic("%s(%p): block already freed", who, p);
    if (b->magic != MAGIC_USED)
        panic("%s(%p): not an allocated block (freed twice, or a bad pointer)", who, p);
    if (b->check != ~b->size || b->size < MIN_BLOCK || b->size % SYSLIB_HEAP_ALIGN != 0
        || b->size > SYSLIB_HEAP_SIZE - offset(b) || b->prev_size % SYSLIB_HEAP_ALIGN != 0
        || b->prev_size > offset(b) || (b->prev_size == 0) != (offset(b) == 0))
        panic("%s(%p): heap corrupted (block header overwritten)", who, p);
    n = next_block(b);
    if (n != NULL && n->prev_size != b->size)
        panic("%s(%p): heap corrupted (next block header overwritten)", who, p);
    return b;
}

void *malloc(size_t n)
{
    uint32_t size = block_size(n);

    if (!ready)
        init();
    if (size == 0)
        return NULL;
    for (uint32_t off = free_head; off != NIL; off = links(at(off))->next) {
        struct block *b = at(off);

        if (b->size >= size) {
            list_remove(b);
            b->magic = MAGIC_USED;
            split(b, size);
            return b + 1;
        }
    }
    return NULL;
}

void free(void *p)
{
    if (p != NULL)
        release(used_block(p, "free"));
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    p = malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t n)
{
    struct block *b, *next;
    uint32_t size;
    void *q;

    if (p == NULL)
        return malloc(n);
    b = used_block(p, "realloc");
    size = block_size(n);
    if (size == 0)
        return NULL;
    if (size <= b->size) {
        split(b, size);
        return p;
    }
    /* Grow in place into a free block above, if there is enough. */
    next = next_block(b);
    if (next != NULL && next->magic == MAGIC_FREE && b->size + next->size >= size) {
        list_remove(next);
        next->magic = 0;
        set_size(b, b->size + next->size);
        split(b, size);
        return p;
    }
    q = malloc(n);
    if (q == NULL)
        return NULL;
    memcpy(q, p, b->size - HDR);
    release(b);
    return q;
}

int __syslib_heap_check(struct heap_stats *stats)
{
    struct heap_stats s = { 0, 0, 0, 0 };
    uint32_t off = 0, prev_size = 0, listed = 0, prev = NIL;
    int prev_free = 0;

    if (!ready)
        init();
    while (off < SYSLIB_HEAP_SIZE) {
        struct block *b = at(off);
        int is_free;

        if (SYSLIB_HEAP_SIZE - off < MIN_BLOCK)
            return -1;
        is_free = b->magic == MAGIC_FREE;
        if ((!is_free && b->magic != MAGIC_USED) || b->check != ~b->size
            || b->size < MIN_BLOCK || b->size % SYSLIB_HEAP_ALIGN != 0
            || b->size > SYSLIB_HEAP_SIZE - off || b->prev_size != prev_size
            || (is_free && prev_free))
            return -1;
        if (is_free) {
            s.free_blocks++;
            s.free_bytes += b->size;
            if (b->size - HDR > s.largest_free)
                s.largest_free = b->size - HDR;
        } else {
            s.used_blocks++;
        }
        prev_free = is_free;
        prev_size = b->size;
        off += b->size;
    }
    for (off = free_head; off != NIL; off = links(at(off))->next) {
        if (off > SYSLIB_HEAP_SIZE - MIN_BLOCK || off % SYSLIB_HEAP_ALIGN != 0 || ++listed > s.free_blocks
            || at(off)->magic != MAGIC_FREE || links(at(off))->prev != prev)
            return -1;
        prev = off;
    }
    if (listed != s.free_blocks)
        return -1;
    if (stats != NULL)
        *stats = s;
    return 0;
}
