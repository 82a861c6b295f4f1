#include <minix/syslib.h>
#include <stdlib.h>

void abort(void)
{
    panic("abort() called");
}
