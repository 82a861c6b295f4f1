/*
 * execve.c -- execve(), execv(), execvp(): EXEC to PM with the path and the frame.
 *
 * m1_i1 path bytes with the NUL, m1_p1 path, m1_i2 frame bytes, m1_p2 frame. On success
 * PM does not reply (the new program starts); any reply is a failure and the caller keeps
 * running with its old image.
 */
#include "../libc_private.h"
#include <stdlib.h>
#include <unistd.h>

char **environ;

int execve(const char *path, char *const argv[], char *const envp[])
{
    message m;
    size_t path_len;
    long size;
    char *frame;
    int r;

    if (path == NULL || argv == NULL)
        return __libc_fail(EFAULT);
    path_len = strnlen(path, PATH_MAX);
    if (path_len == 0)
        return __libc_fail(ENOENT);
    if (path_len == PATH_MAX)
        return __libc_fail(ENAMETOOLONG);
    size = __libc_exec_frame_size(argv, envp);
    if (size < 0)
        return __libc_fail((int)size);
    frame = malloc((size_t)size);
    if (frame == NULL)
        return -1;                  /* errno is ENOMEM */
    __libc_exec_frame(frame, (size_t)size, argv, envp);

    memset(&m, 0, sizeof m);
    m.m_type = EXEC;
    m.m1_i1 = (int)path_len + 1;
    m.m1_p1 = (void *)path;
    m.m1_i2 = (int)size;
    m.m1_p2 = frame;
    r = __libc_call(PM_PROC_NR, &m);
    free(frame);
    if (r >= 0)                     /* a reply is never success */
        return __libc_fail(EGENERIC);
    return -1;
}

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

/* No PATH search: PM looks programs up by name in the boot archive. */
int execvp(const char *file, char *const argv[])
{
    return execve(file, argv, environ);
}
