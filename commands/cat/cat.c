/*
 * cat [FILE...] -- copies each FILE (stdin when there is none, or for "-") to stdout.
 * A file that cannot be opened or read is named on stderr; the others are still copied,
 * and the exit status is 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[4096];

/* Copies fd to stdout; 0, or -1 after a message naming name. */
static int copy(int fd, const char *name)
{
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf), off = 0;

        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
            return -1;
        }
        while (off < n) {
            ssize_t w = write(1, buf + off, (size_t)(n - off));

            if (w < 0) {
                if (errno == EINTR)
                    continue;
                fprintf(stderr, "cat: write: %s\n", strerror(errno));
                return -1;
            }
            off += w;
        }
    }
}

int main(int argc, char *argv[])
{
    int i, st = 0;

    if (argc < 2)
        return copy(0, "stdin") < 0;
    for (i = 1; i < argc; i++) {
        int fd;

        if (strcmp(argv[i], "-") == 0) {
            if (copy(0, "stdin") < 0)
                st = 1;
            continue;
        }
        fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
            st = 1;
            continue;
        }
        if (copy(fd, argv[i]) < 0)
            st = 1;
        close(fd);
    }
    return st;
}
