/* rsfault.c -- vfstest's talk with RS (kept apart: it needs <minix/abi.h>, whose negative
   error numbers cannot share a file with <errno.h>). */
#include "../include/svcclient.h"
#include "rsfault.h"

int hello_restarts(void)
{
    rs_service_info info;

    if (svc_info("hello", &info) != OK)
        return -1;
    return (int)info.restarts;
}

int hello_crash(int hang)
{
    return svc_fault("hello", hang ? RS_FI_HANG : RS_FI_SIGKILL);
}
