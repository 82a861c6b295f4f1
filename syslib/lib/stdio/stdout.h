/*
 * stdout.h -- private: standard output's line buffer (stdout.c).
 *
 * Both functions return 0, or the negative error of a sys_diag() call that failed while
 * they ran (the bytes are dropped then; later output is tried again).
 */
#ifndef _SYSLIB_STDIO_STDOUT_H
#define _SYSLIB_STDIO_STDOUT_H

#include <stddef.h>

int __syslib_stdout_write(const char *s, size_t n);
int __syslib_stdout_fill(char c, size_t n);

#endif
