/*
 * unistd.h -- POSIX process calls of user programs (each a message to PM), the break,
 * write/read, getopt.
 *
 * Every call returns -1 and sets errno on failure. The descriptor calls (read, write, close,
 * lseek, dup, dup2, pipe, chdir, getcwd) go to VFS; descriptors are inherited across fork and
 * exec (unless FD_CLOEXEC, <fcntl.h>); fd 0, 1 and 2 are whatever the parent left there (init
 * opens /dev/console for them).
 */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>
#include <sys/types.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* Ends the process at once: no atexit handlers, no stdio flush (see exit()). */
_Noreturn void _exit(int status);

pid_t fork(void);

/* Programs are looked up by name in the boot archive (no PATH). On success they do not
   return; ENOENT: no such program, ENOEXEC: not a valid program, E2BIG: arguments and
   environment exceed ARG_MAX. The caller keeps running after a failure. */
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);

/* The environment given to execv/execvp (NULL: an empty one). */
extern char **environ;

pid_t getpid(void);
pid_t getppid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
pid_t setsid(void);
pid_t getpgrp(void);

/* Waits for a caught signal: always -1 with EINTR. */
int pause(void);
/* Seconds left of the previous alarm (0 if none); alarm(0) cancels. */
unsigned int alarm(unsigned int seconds);
/* Seconds not slept (0 unless a caught signal ended the sleep early). */
unsigned int sleep(unsigned int seconds);

/* The break: brk sets it (0, or -1 with ENOMEM); sbrk moves it by incr bytes and
   returns the old one ((void *)-1 with ENOMEM on failure). */
int brk(void *addr);
void *sbrk(intptr_t incr);

ssize_t write(int fd, const void *buf, size_t n);
ssize_t read(int fd, void *buf, size_t n);
int close(int fd);
/* whence: SEEK_SET, SEEK_CUR, SEEK_END; ESPIPE on a pipe */
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
/* fd2 is closed first if open; fd2 == fd returns fd */
int dup2(int fd, int fd2);
/* fds[0] the read end, fds[1] the write end; PIPE_BUF bytes of room */
int pipe(int fds[2]);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
/* 1 if fd is a terminal (its device answers TCGETS), else 0 */
int isatty(int fd);
/* "/dev/console", "/dev/tty00", ...: a static buffer; NULL if fd is no terminal */
char *ttyname(int fd);

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

/* POSIX getopt: options string with ':' after an option that takes an argument; a
   leading ':' reports a missing argument as ':' instead of '?' and prints nothing. */
int getopt(int argc, char *const argv[], const char *optstring);
extern char *optarg;
extern int optind, opterr, optopt;

#endif /* _UNISTD_H */
