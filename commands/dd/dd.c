/*
 * dd -- copies blocks: dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]
 *
 * Reads blocks of bs bytes (default 512; a K or M suffix multiplies by 1024 or 1024*1024) from
 * if (default standard input), skipping skip blocks first, and writes each to of (default
 * standard output), after seeking seek blocks, until count blocks (default: to the end of the
 * input). A short read is a partial record and is written as it is. At the end, as POSIX dd:
 *   F+P records in
 *   F+P records out
 *   N bytes copied
 * (F full blocks, P partial ones). For raw devices (/dev/c0d0p1 ...) VFS needs positions and
 * sizes in whole 512-byte sectors: use a bs that is a multiple of 512.
 * Exit status 0, or 1 on an error (named on standard error).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long number(const char *s, const char *name)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (end == s || v < 0)
        goto bad;
    if (*end == 'K' || *end == 'k')
        v *= 1024, end++;
    else if (*end == 'M' || *end == 'm')
        v *= 1024 * 1024, end++;
    if (*end == '\0')
        return v;
bad:
    fprintf(stderr, "dd: bad number for %s: '%s'\n", name, s);
    exit(1);
}

static void stats(long fin, long pin, long fout, long pout, long bytes)
{
    fprintf(stderr, "%ld+%ld records in\n%ld+%ld records out\n%ld bytes copied\n", fin, pin, fout,
            pout, bytes);
}

int main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    long bs = 512, count = -1, skip = 0, seek = 0;
    long fin = 0, pin = 0, fout = 0, pout = 0, bytes = 0;
    int ifd = 0, ofd = 1;
    char *buf;

    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');

        if (eq == NULL) {
            fprintf(stderr, "usage: dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]\n");
            return 1;
        }
        *eq++ = '\0';
        if (strcmp(argv[i], "if") == 0) in = eq;
        else if (strcmp(argv[i], "of") == 0) out = eq;
        else if (strcmp(argv[i], "bs") == 0) bs = number(eq, "bs");
        else if (strcmp(argv[i], "count") == 0) count = number(eq, "count");
        else if (strcmp(argv[i], "skip") == 0) skip = number(eq, "skip");
        else if (strcmp(argv[i], "seek") == 0) seek = number(eq, "seek");
        else {
            fprintf(stderr, "dd: unknown operand '%s'\n", argv[i]);
            return 1;
        }
    }
    if (bs <= 0 || bs > 1024 * 1024) {
        fprintf(stderr, "dd: bs must be 1 .. 1M\n");
        return 1;
    }
    if ((buf = malloc((size_t)bs)) == NULL) {
        fprintf(stderr, "dd: no memory for bs=%ld\n", bs);
        return 1;
    }
    if (in != NULL && (ifd = open(in, O_RDONLY)) < 0) {
        fprintf(stderr, "dd: %s: %s\n", in, strerror(errno));
        return 1;
    }
    if (out != NULL && (ofd = open(out, O_WRONLY)) < 0) {
        fprintf(stderr, "dd: %s: %s\n", out, strerror(errno));
        return 1;
    }
    if (skip > 0 && lseek(ifd, (off_t)(skip * bs), SEEK_SET) < 0) {
        fprintf(stderr, "dd: skip: %s\n", strerror(errno));
        return 1;
    }
    if (seek > 0 && lseek(ofd, (off_t)(seek * bs), SEEK_SET) < 0) {
        fprintf(stderr, "dd: seek: %s\n", strerror(errno));
        return 1;
    }
    while (count < 0 || fin + pin < count) {
        ssize_t n = read(ifd, buf, (size_t)bs), w;

        if (n < 0) {
            fprintf(stderr, "dd: read: %s\n", strerror(errno));
            stats(fin, pin, fout, pout, bytes);
            return 1;
        }
        if (n == 0)
            break;
        if (n == bs) fin++; else pin++;
        w = write(ofd, buf, (size_t)n);
        if (w < 0) {
            fprintf(stderr, "dd: write: %s\n", strerror(errno));
            stats(fin, pin, fout, pout, bytes);
            return 1;
        }
        if (w == bs) fout++; else if (w > 0) pout++;
        bytes += w;
        if (w < n)
            break;      /* the output is full (the end of a device) */
    }
    stats(fin, pin, fout, pout, bytes);
    if (ofd != 1)
        close(ofd);
    return 0;
}
