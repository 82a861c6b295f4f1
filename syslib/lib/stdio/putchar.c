#include <stdio.h>
#include "stdout.h"

int putchar(int c)
{
    char b = (char)(unsigned char)c;

    return __syslib_stdout_write(&b, 1) < 0 ? EOF : (unsigned char)c;
}
