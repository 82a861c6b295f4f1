/* getenv.c -- there is no environment yet (exec passes none): always NULL. */
#include <stdlib.h>

char *getenv(const char *name)
{
    (void)name;
    return NULL;
}
