/*
 * fcntl.h -- open() and fcntl(), and their flags (values from abi/minix.abi, section "VFS
 * (ours)", through <sys/_abi.h>: O_RDONLY O_WRONLY O_RDWR O_ACCMODE O_CREAT O_EXCL O_NOCTTY
 * O_TRUNC O_APPEND O_NONBLOCK O_DIRECTORY O_CLOEXEC; F_DUPFD F_GETFD F_SETFD F_GETFL F_SETFL;
 * FD_CLOEXEC).
 *
 * There is no file system yet: open() finds "/", "/bin" and its programs (read-only) and the
 * device files of "/dev"; O_CREAT and O_TRUNC create and truncate nothing.
 */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>
#include <sys/_abi.h>

int open(const char *path, int flags, ...);
int fcntl(int fd, int cmd, ...);

#endif /* _FCNTL_H */
