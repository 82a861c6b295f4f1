#include <stdio.h>
#include <string.h>
#include "stdout.h"

int puts(const char *s)
{
    int r = __syslib_stdout_write(s, strlen(s));

    if (__syslib_stdout_write("\n", 1) < 0 || r < 0)
        return EOF;
    return 1;
}
