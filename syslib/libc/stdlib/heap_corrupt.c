/* heap_corrupt.c -- the end of a process that freed what malloc did not give it. */
#include <stdio.h>
#include <stdlib.h>
#include "heap.h"

void __libc_heap_corrupt(const char *what, void *p)
{
    fprintf(stderr, "%s(%p): not a block from malloc (bad pointer or freed twice)\n", what, p);
    abort();
}
