/* run.h -- starting programs for shtest with their output captured. */
#ifndef RUN_H
#define RUN_H

#include <stddef.h>

/* Runs argv (argv[0] a path) with envp, stdout and stderr into out (NUL-terminated, at
   most size - 1 bytes kept); *status is the wait status. 0, or -1 if it could not start. */
int run_capture(char *const argv[], char *const envp[], char *out, size_t size, int *status);

/* /bin/sh -c line, with PATH=/bin. */
int sh_capture(const char *line, char *out, size_t size, int *status);

#endif
