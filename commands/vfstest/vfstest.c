/*
 * vfstest -- the VFS calls (issue 14): devices, descriptors, pipes between processes,
 * inheritance across fork and exec, the errors.
 *
 *   vfstest                  runs every check; ends with "vfstest: N passed, M failed"
 *   vfstest child,FD,CLOFD   (run by vfstest itself through exec) checks that FD was inherited
 *                            and CLOFD (close-on-exec) was not; writes "ok" to FD; exit 0/1
 *
 * Must run with fd 0-2 on the console (init's session) and hello in the image; run as root
 * (it asks RS to kill hello once, to read /dev/hello across the driver's restart).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "../include/gtest.h"
#include "rsfault.h"

#define HELLO_GETCOUNT (IOC_OUT | (4 << 16) | ('h' << 8) | 1)
#define BAD_PTR ((void *)0x10)        /* never mapped in a user process */

/* errno after a call that must fail: the call's result must be -1 first. */
#define FAILS(call, err) ((call) == -1 && errno == (err))

static void devices(void)
{
    char buf[64];
    int fd, n;
    struct stat st;

    fd = open("/dev/null", O_RDWR);
    CHECK(fd >= 0, "open /dev/null: errno %d", errno);
    CHECK(write(fd, "discard", 7) == 7, "write /dev/null");
    CHECK(read(fd, buf, sizeof buf) == 0, "read /dev/null is EOF");
    CHECK(FAILS(ioctl(fd, TCGETS, buf), ENOTTY), "TCGETS on /dev/null: errno %d", errno);
    CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0x103,
          "fstat /dev/null: mode %x rdev %x", st.st_mode, st.st_rdev);
    close(fd);

    fd = open("/dev/zero", O_RDWR);
    CHECK(fd >= 0, "open /dev/zero: errno %d", errno);
    memset(buf, 0x5A, sizeof buf);
    n = (int)read(fd, buf, sizeof buf);
    CHECK(n == (int)sizeof buf, "read /dev/zero: %d", n);
    {
        int zeros = 1;
        for (int i = 0; i < n; i++)
            if (buf[i] != 0)
                zeros = 0;
        CHECK(zeros, "/dev/zero gave zeros");
    }
    CHECK(write(fd, buf, 40) == 40, "write /dev/zero");
    CHECK(FAILS(read(fd, BAD_PTR, 16), EFAULT), "read /dev/zero into a bad pointer: errno %d",
          errno);
    close(fd);

    fd = open("/dev/hello", O_RDONLY);
    CHECK(fd >= 0, "open /dev/hello: errno %d", errno);
    memset(buf, 0, sizeof buf);
    n = (int)read(fd, buf, sizeof buf - 1);
    CHECK(n > 5 && strncmp(buf, "Hello", 5) == 0, "read /dev/hello: %d '%s'", n, buf);
    CHECK(read(fd, buf, sizeof buf) == 0, "second read at the end: EOF");
    CHECK(lseek(fd, 7, SEEK_SET) == 7, "lseek /dev/hello");
    n = (int)read(fd, buf, 5);
    CHECK(n == 5, "read after lseek: %d", n);
    {
        uint32_t count = 0;
        CHECK(ioctl(fd, HELLO_GETCOUNT, &count) == 0 && count >= 1,
              "HELLO_GETCOUNT: errno %d count %u", errno, (unsigned)count);
        CHECK(FAILS(ioctl(fd, HELLO_GETCOUNT, BAD_PTR), EFAULT),
              "HELLO_GETCOUNT into a bad pointer: errno %d", errno);
    }
    CHECK(FAILS(write(fd, "x", 1), EBADF), "write on a read-only fd: errno %d", errno);
    close(fd);
}

static void names(void)
{
    struct stat st;
    char cwd[64];
    int fd;

    CHECK(FAILS(open("/dev/nosuch", O_RDONLY), ENOENT), "open /dev/nosuch: errno %d", errno);
    CHECK(FAILS(open("/nosuch", O_RDONLY), ENOENT), "open /nosuch: errno %d", errno);
    CHECK(FAILS(open("/bin/nosuch", O_RDONLY), ENOENT), "open /bin/nosuch: errno %d", errno);
    CHECK(FAILS(open("/bin/vfstest", O_WRONLY), EROFS), "open a program for writing: errno %d",
          errno);
    CHECK(FAILS(open("/dev", O_WRONLY), EISDIR), "open /dev for writing: errno %d", errno);
    CHECK(stat("/", &st) == 0 && S_ISDIR(st.st_mode), "stat /");
    CHECK(stat("/bin", &st) == 0 && S_ISDIR(st.st_mode), "stat /bin");
    CHECK(stat("/dev", &st) == 0 && S_ISDIR(st.st_mode), "stat /dev");
    CHECK(stat("/bin/vfstest", &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 1000,
          "stat /bin/vfstest: size %ld", (long)st.st_size);
    CHECK(stat("/dev/zero", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0x105,
          "stat /dev/zero");
    CHECK(FAILS(stat("/dev/null", BAD_PTR), EFAULT), "stat into a bad pointer: errno %d", errno);
    CHECK(FAILS(stat("/dev/null/x", &st), ENOTDIR), "stat /dev/null/x: errno %d", errno);

    CHECK(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/") == 0, "getcwd is /");
    CHECK(chdir("/dev") == 0, "chdir /dev: errno %d", errno);
    CHECK(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/dev") == 0, "getcwd /dev: %s", cwd);
    fd = open("zero", O_RDONLY);
    CHECK(fd >= 0, "open a relative name: errno %d", errno);
    close(fd);
    CHECK(getcwd(cwd, 3) == NULL && errno == ERANGE, "getcwd into 3 bytes: ERANGE (%d)", errno);
    CHECK(FAILS(chdir("null"), ENOTDIR), "chdir to a device: errno %d", errno);
    CHECK(chdir("..") == 0 && getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/") == 0,
          "chdir ..: %s", cwd);
    fd = open("/bin/vfstest", O_RDONLY);
    {
        char elf[4] = { 0 };
        CHECK(fd >= 0 && read(fd, elf, 4) == 4 && elf[0] == 0x7F && elf[1] == 'E',
              "read a program of /bin");
    }
    close(fd);
}

static void descriptors(void)
{
    int fds[OPEN_MAX + 2], n = 0, fd, zero, null;
    char buf[8];

    CHECK(FAILS(read(-1, buf, 1), EBADF), "read fd -1: errno %d", errno);
    CHECK(FAILS(read(OPEN_MAX + 5, buf, 1), EBADF), "read a large fd: errno %d", errno);
    CHECK(FAILS(close(17), EBADF), "close a closed fd: errno %d", errno);
    CHECK(FAILS(dup(15), EBADF), "dup a closed fd: errno %d", errno);
    CHECK(FAILS(fcntl(16, F_GETFD), EBADF), "fcntl on a closed fd: errno %d", errno);
    CHECK(FAILS(lseek(18, 0, SEEK_SET), EBADF), "lseek on a closed fd: errno %d", errno);

    for (;;) {
        fd = open("/dev/null", O_RDONLY);
        if (fd < 0)
            break;
        fds[n++] = fd;
        if (n == OPEN_MAX + 1)
            break;
    }
    CHECK(fd < 0 && errno == EMFILE, "too many open files: errno %d after %d", errno, n);
    CHECK(n == OPEN_MAX - 3, "%d descriptors besides 0, 1, 2 (OPEN_MAX %d)", n, OPEN_MAX);
    while (n > 0)
        close(fds[--n]);

    zero = open("/dev/zero", O_RDONLY);
    null = open("/dev/null", O_RDONLY);
    CHECK(dup2(null, zero) == zero, "dup2 onto an open fd");
    CHECK(read(zero, buf, sizeof buf) == 0, "the dup2 target reads /dev/null now");
    CHECK(dup2(null, null) == null, "dup2 onto itself");
    fd = fcntl(null, F_DUPFD, 10);
    CHECK(fd >= 10, "F_DUPFD from 10: %d", fd);
    CHECK(fcntl(fd, F_GETFD) == 0, "a dup has no FD_CLOEXEC");
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
          "F_SETFD FD_CLOEXEC");
    CHECK((fcntl(null, F_GETFL) & O_ACCMODE) == O_RDONLY, "F_GETFL O_RDONLY");
    CHECK(fcntl(null, F_SETFL, O_NONBLOCK) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK),
          "F_SETFL O_NONBLOCK shows through the shared open file");
    CHECK(FAILS(fcntl(null, 99), EINVAL), "an unknown fcntl: errno %d", errno);
    CHECK(FAILS(dup2(null, -1), EBADF) && FAILS(dup2(null, OPEN_MAX), EBADF), "dup2 range");
    close(fd);
    close(zero);
    close(null);
}

static void pipes_local(void)
{
    int p[2], n, total = 0;
    char buf[PIPE_BUF + 16];
    struct stat st;

    CHECK(pipe(p) == 0, "pipe: errno %d", errno);
    CHECK(write(p[1], "abc", 3) == 3, "write a pipe");
    CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode) && st.st_size == 3,
          "fstat a pipe: mode %x size %ld", st.st_mode, (long)st.st_size);
    CHECK(read(p[0], buf, sizeof buf) == 3 && memcmp(buf, "abc", 3) == 0, "read a pipe");
    CHECK(FAILS(lseek(p[0], 0, SEEK_SET), ESPIPE), "lseek a pipe: errno %d", errno);
    CHECK(FAILS(ioctl(p[0], TCGETS, buf), ENOTTY), "ioctl a pipe: errno %d", errno);
    CHECK(FAILS(write(p[0], "x", 1), EBADF), "write the read end: errno %d", errno);
    CHECK(FAILS(write(p[1], BAD_PTR, 4), EFAULT), "write from a bad pointer: errno %d", errno);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    CHECK(FAILS(read(p[0], buf, 4), EAGAIN), "non-blocking read of an empty pipe: errno %d",
          errno);
    memset(buf, 'x', sizeof buf);
    while ((n = (int)write(p[1], buf, 1000)) > 0)
        total += n;
    CHECK(n < 0 && errno == EAGAIN && total > PIPE_BUF - 1000,
          "non-blocking write to a full pipe: EAGAIN after %d bytes (errno %d)", total, errno);
    close(p[1]);
    n = 0;
    while (read(p[0], buf, sizeof buf) > 0)
        n++;
    CHECK(read(p[0], buf, 4) == 0, "EOF once the writer is gone");
    close(p[0]);

    /* No reader: EPIPE (SIGPIPE ignored here). */
    signal(SIGPIPE, SIG_IGN);
    CHECK(pipe(p) == 0, "pipe");
    close(p[0]);
    CHECK(FAILS(write(p[1], "x", 1), EPIPE), "write with no reader: errno %d", errno);
    close(p[1]);
    signal(SIGPIPE, SIG_DFL);
}

static void alarm_handler(int sig)
{
    (void)sig;
}

static void pipes_between_processes(void)
{
    int p[2], status, n, total = 0, pattern_ok = 1;
    pid_t child;
    char buf[512];

    /* A writer of 10000 bytes (more than the pipe holds: it waits for the reader) and a
       reader that starts before the first byte is there (it waits for the writer). */
    CHECK(pipe(p) == 0, "pipe");
    child = fork();
    if (child == 0) {
        char out[1000];

        close(p[0]);
        sleep(1);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 1000; j++)
                out[j] = (char)('a' + (i * 1000 + j) % 26);
            if (write(p[1], out, sizeof out) != (ssize_t)sizeof out)
                _exit(1);
        }
        _exit(0);
    }
    close(p[1]);
    while ((n = (int)read(p[0], buf, sizeof buf)) > 0) {
        for (int j = 0; j < n; j++)
            if (buf[j] != (char)('a' + (total + j) % 26))
                pattern_ok = 0;
        total += n;
    }
    CHECK(n == 0 && total == 10000 && pattern_ok, "10000 bytes through a pipe: %d (ok %d)",
          total, pattern_ok);
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the writer: status %x", status);
    close(p[0]);

    /* The reader goes away: the writer gets SIGPIPE (default action: it dies of it). */
    CHECK(pipe(p) == 0, "pipe");
    child = fork();
    if (child == 0) {
        close(p[0]);
        sleep(1);
        write(p[1], "x", 1);
        _exit(0);
    }
    close(p[0]);
    close(p[1]);
    CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status)
          && WTERMSIG(status) == SIGPIPE, "the writer died of SIGPIPE: status %x", status);

    /* A signal interrupts a blocked pipe read: EINTR (PM_UNPAUSE). */
    CHECK(pipe(p) == 0, "pipe");
    signal(SIGALRM, alarm_handler);
    alarm(1);
    CHECK(FAILS(read(p[0], buf, 1), EINTR), "a blocked read interrupted: errno %d", errno);
    signal(SIGALRM, SIG_DFL);
    close(p[0]);
    close(p[1]);
}

static void inheritance(const char *self)
{
    int p[2], clo, status, n;
    pid_t child;
    char arg[40], buf[8];
    char *argv[3], *envp[] = { NULL };

    CHECK(pipe(p) == 0, "pipe");
    clo = open("/dev/null", O_RDONLY | O_CLOEXEC);
    CHECK(clo >= 0 && fcntl(clo, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC sets FD_CLOEXEC");
    snprintf(arg, sizeof arg, "child,%d,%d", p[1], clo);
    child = fork();
    if (child == 0) {
        close(p[0]);
        /* The forked child has both (fork keeps close-on-exec descriptors). */
        if (fcntl(clo, F_GETFD) != FD_CLOEXEC)
            _exit(2);
        argv[0] = (char *)self;
        argv[1] = arg;
        argv[2] = NULL;
        execve(self, argv, envp);
        _exit(3);
    }
    close(p[1]);
    close(clo);
    memset(buf, 0, sizeof buf);
    n = (int)read(p[0], buf, sizeof buf - 1);
    CHECK(n == 2 && strcmp(buf, "ok") == 0, "the exec'd child wrote through its inherited fd: %d",
          n);
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the exec'd child: status %x", status);
    close(p[0]);
}

/* "child,FD,CLOFD" -> the two numbers; 2 if both are there. */
static int parse_child(const char *arg, int *fd, int *clo)
{
    const char *p = strchr(arg, ',');
    const char *q = p != NULL ? strchr(p + 1, ',') : NULL;

    if (p == NULL || q == NULL)
        return 0;
    *fd = atoi(p + 1);
    *clo = atoi(q + 1);
    return 2;
}

static int child_mode(const char *arg)
{
    int fd, clo;
    struct stat st;

    if (parse_child(arg, &fd, &clo) != 2)
        return 4;
    if (fstat(clo, &st) == 0 || errno != EBADF)
        return 5;           /* close-on-exec must have closed it */
    if (write(fd, "ok", 2) != 2)
        return 6;
    return 0;
}

static void terminal(void)
{
    struct termios t;
    pid_t child;
    int status, fd;

    CHECK(isatty(1) == 1, "stdout is a terminal");
    CHECK(tcgetattr(0, &t) == 0, "tcgetattr on stdin: errno %d", errno);
    CHECK(ttyname(0) != NULL && strcmp(ttyname(0), "/dev/console") == 0, "ttyname(0) %s",
          ttyname(0) ? ttyname(0) : "(null)");
    fd = open("/dev/tty", O_RDWR);
    CHECK(fd >= 0, "open /dev/tty in the console's session: errno %d", errno);
    close(fd);
    CHECK(isatty(open("/dev/null", O_RDONLY)) == 0, "/dev/null is no terminal");
    child = fork();
    if (child == 0) {
        if (setsid() < 0)
            _exit(1);
        fd = open("/dev/tty", O_RDWR);
        _exit(fd < 0 && errno == ENXIO ? 0 : 2);
    }
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "after setsid there is no /dev/tty: status %x", status);

    /* A read of the console with no input waits in the tty; a caught signal ends it with
       EINTR (PM_UNPAUSE -> CANCEL to tty), twice in a row (the second finds nothing stale). */
    signal(SIGALRM, alarm_handler);
    for (int i = 0; i < 2; i++) {
        char c;

        alarm(1);
        CHECK(FAILS(read(0, &c, 1), EINTR), "a blocked console read interrupted (%d): errno %d",
              i, errno);
    }
    signal(SIGALRM, SIG_DFL);
}

/* hang 0: hello is killed and back before the read (VFS re-opens the minor on the new
   instance); hang 1: hello hangs, so the read is in flight when RS kills it (VFS re-sends it
   to the new instance). */
static void hello_restart(int hang)
{
    int before = hello_restarts(), fd, n, r;
    char buf[32];

    fd = open("/dev/hello", O_RDONLY);
    CHECK(fd >= 0, "open /dev/hello: errno %d", errno);
    r = hello_crash(hang);
    CHECK(r == 0, "RS killed hello: %d", r);
    memset(buf, 0, sizeof buf);
    n = (int)read(fd, buf, sizeof buf - 1);
    CHECK(n > 5 && strncmp(buf, "Hello", 5) == 0, "read /dev/hello across its restart: %d '%s'",
          n, buf);
    CHECK(hello_restarts() == before + 1, "hello restarted once: %d -> %d", before,
          hello_restarts());
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 5) == 5, "the open file still works");
    close(fd);
}

int main(int argc, char *argv[])
{
    if (argc == 2 && strncmp(argv[1], "child,", 6) == 0)
        return child_mode(argv[1]);
    devices();
    printf("vfstest: devices done\n");
    names();
    printf("vfstest: names done\n");
    descriptors();
    printf("vfstest: descriptors done\n");
    pipes_local();
    pipes_between_processes();
    printf("vfstest: pipes done\n");
    inheritance(argv[0]);
    printf("vfstest: inheritance done\n");
    terminal();
    printf("vfstest: terminal done\n");
    hello_restart(0);
    hello_restart(1);
    printf("vfstest: hello restart done\n");
    return gt_summary("vfstest");
}
