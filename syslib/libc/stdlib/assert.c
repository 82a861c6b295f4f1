/* assert.c -- the failing branch of assert(): one line on stderr, then abort(). */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void __libc_assert_fail(const char *expr, const char *file, int line, const char *func)
{
    fprintf(stderr, "assertion \"%s\" failed: %s:%d, in %s\n", expr, file, line, func);
    abort();
}
