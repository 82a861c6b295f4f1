/*
 * disktest -- the disk driver end to end (issue 15, acceptance 1, 3 and 4), talking to
 * at_wini directly with the block-device protocol (include/bdevclient.h) until VFS opens
 * block devices.
 *
 *   disktest [-k] [-V] [-m MINOR] [-s SEED]
 *
 * 1. Opens MINOR (default 2 = c0d0p1, the scratch partition), asks its size (DIOCGETP; at
 *    least 4 MiB), writes 4 MiB of the seeded pattern below from byte 0 -- alternately one
 *    64 KiB BDEV_WRITE and one BDEV_SCATTER whose elements cut sectors in two -- flushes
 *    (DIOCFLUSH), reads it all back (BDEV_READ and BDEV_GATHER likewise) and compares.
 *    The pattern (the host checks the image with the same formula: DiskTest):
 *    32-bit little-endian word number i (byte 4i of the partition) is
 *        x = (i + 1) * 0x9E3779B1 ^ SEED;  x ^= x >> 15;     (mod 2^32; SEED default 0x5EED1515)
 * 2. Bad input, each answered with its error while the driver keeps serving (a good read
 *    follows each): a read at the end of the partition (0 bytes, as MINIX), a read running
 *    past the end (clipped), an unaligned position (EINVAL), a grant smaller than the count
 *    (the kernel's EPERM), a vector of 65 elements (EINVAL), a minor that does not exist
 *    (ENXIO), a request from a program the driver does not serve (EPERM: a child execs
 *    diskdeny, a copy of this program under another name, which at_wini's users= list lacks).
    Each answer is printed, "bad input: WHAT: RESULT", for the host-side test (DiskTest).
 * 3. -k: a child asks RS to SIGKILL at_wini once a second during the 4 MiB write and read;
 *    the data must still compare, and the retries (resends after the driver died) are counted
 *    and printed: there must be some.
 *
 * 4. -V: step 1 (and 3 with -k) through VFS instead: /dev/c0d0p1 opened read-write, 64 KiB
 *    read()s and write()s, DIOCFLUSH by ioctl() -- VFS's block-device code (servers/vfs/bdev.c)
 *    reopens and resends after a restart, so there is nothing for us to retry.
 * Ends with "disktest: N passed, M failed", exit status M.
 */
#include "../include/bdevclient.h"   /* first: see there */
#include "../include/svcclient.h"
#include "../include/gtest.h"
#include <fcntl.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOTAL (4u << 20)
#define CHUNK (64u << 10)
#define MAX_PASSES 20

static uint8_t buf[CHUNK], back[CHUNK];
static uint32_t seed = 0x5EED1515u;

static uint32_t pattern(uint32_t i)
{
    uint32_t x = (i + 1) * 0x9E3779B1u ^ seed;

    return x ^ (x >> 15);
}

static void fill(uint8_t *p, uint32_t pos, uint32_t len)
{
    for (uint32_t o = 0; o < len; o += 4) {
        uint32_t x = pattern((pos + o) / 4);

        p[o] = (uint8_t)x;
        p[o + 1] = (uint8_t)(x >> 8);
        p[o + 2] = (uint8_t)(x >> 16);
        p[o + 3] = (uint8_t)(x >> 24);
    }
}

/* Element sizes that cut sectors: 700 + 32768 + 32068 = 64 KiB. */
static const uint32_t cuts[] = { 700, 32768, 32068 };

static int copy_4mib(struct bdev *d, int write)
{
    int bad = 0;

    for (uint32_t pos = 0; pos < TOTAL; pos += CHUNK) {
        int vectored = (pos / CHUNK) % 2, r;

        if (write)
            fill(buf, pos, CHUNK);
        else
            memset(back, 0xEE, CHUNK);
        r = vectored ? bdev_rwv(d, write, write ? buf : back, cuts, 3, pos)
                     : bdev_rw(d, write, write ? buf : back, CHUNK, pos);
        if (r != (int)CHUNK) {
            printf("%s at %u: %d\n", write ? "write" : "read", (unsigned)pos, r);
            return 1;
        }
        if (!write) {
            fill(buf, pos, CHUNK);
            if (memcmp(buf, back, CHUNK) != 0) {
                for (uint32_t o = 0; o < CHUNK; o++)
                    if (buf[o] != back[o]) {
                        printf("data differ at byte %u: wrote 0x%02x, read 0x%02x\n",
                               (unsigned)(pos + o), buf[o], back[o]);
                        break;
                    }
                bad = 1;
            }
        }
    }
    return bad;
}

static pid_t start_killer(void);

/* Step 1 through VFS: the same pattern, plain read() and write() of 64 KiB. */
static int copy_4mib_vfs(int fd, int write_it)
{
    for (uint32_t pos = 0; pos < TOTAL; pos += CHUNK) {
        int r;

        if (lseek(fd, (off_t)pos, SEEK_SET) != (off_t)pos) {
            printf("lseek to %u failed\n", (unsigned)pos);
            return 1;
        }
        if (write_it) {
            fill(buf, pos, CHUNK);
            r = (int)write(fd, buf, CHUNK);
        } else {
            memset(back, 0xEE, CHUNK);
            r = (int)read(fd, back, CHUNK);
        }
        if (r != (int)CHUNK) {
            printf("%s at %u through VFS: %d\n", write_it ? "write" : "read", (unsigned)pos, r);
            return 1;
        }
        if (!write_it) {
            fill(buf, pos, CHUNK);
            if (memcmp(buf, back, CHUNK) != 0) {
                printf("data differ in the 64 KiB at %u (through VFS)\n", (unsigned)pos);
                return 1;
            }
        }
    }
    return 0;
}

static int vfs_mode(int kill_mode)
{
    pid_t killer = -1;
    partition p;
    int fd = open("/dev/c0d0p1", O_RDWR), r;

    CHECK(fd >= 0, "open /dev/c0d0p1 gave %d", fd);
    if (fd < 0)
        return gt_summary("disktest");
    r = ioctl(fd, DIOCGETP, &p);
    CHECK(r == 0 && p.size_lo >= TOTAL, "DIOCGETP through VFS gave %d, size %u", r,
          (unsigned)p.size_lo);
    if (kill_mode)
        killer = start_killer();
    for (int pass = 0; pass < (kill_mode ? 3 : 1); pass++) {
        CHECK(copy_4mib_vfs(fd, 1) == 0, "the 4 MiB write through VFS failed (pass %d)", pass);
        r = ioctl(fd, DIOCFLUSH);
        CHECK(r == 0, "DIOCFLUSH through VFS gave %d", r);
        CHECK(copy_4mib_vfs(fd, 0) == 0, "the 4 MiB read back through VFS differs (pass %d)", pass);
    }
    if (killer > 0) {
        kill(killer, SIGKILL);
        waitpid(killer, NULL, 0);
    }
    printf("4 MiB written and read back through VFS\n");
    r = (int)read(fd, back, 100);
    CHECK(r < 0, "a 100-byte read through VFS gave %d, expected an error (EINVAL)", r);
    CHECK(close(fd) == 0, "close failed");
    return gt_summary("disktest");
}

/* One line per bad-input request and per good read after one, "bad input: WHAT: RESULT",
   so that the host-side test sees each answer itself, not only the summary's count. */
static void shown(const char *what, const char *after, int r)
{
    printf("bad input: %s%s%s: %d\n", what, after[0] ? " " : "", after, r);
}

/* A good read after a bad request: the driver still serves. */
static void still_serves(struct bdev *d, const char *after)
{
    int r = bdev_rw(d, 0, back, 512, 0);

    shown("a read after", after, r);
    CHECK(r == 512, "a read after %s gave %d", after, r);
}

static void bad_input(struct bdev *d, uint64_t size)
{
    iovec_s iov[BDEV_NR_IOREQS + 1];
    struct bdev other;
    int r, g, status;
    pid_t pid;

    r = bdev_rw(d, 0, back, 1024, size);
    shown("a read at the end", "", r);
    CHECK(r == 0, "a read at the end gave %d, expected 0 (end of device)", r);
    still_serves(d, "a read at the end");
    r = bdev_rw(d, 0, back, 2048, size - 1024);
    shown("a 2048-byte read 1024 bytes before the end", "", r);
    CHECK(r == 1024, "a read over the end gave %d, expected 1024 (clipped)", r);
    r = bdev_rw(d, 0, back, 512, 100);
    shown("a read at byte 100", "", r);
    CHECK(r == EINVAL, "a read at byte 100 gave %d, expected EINVAL", r);
    still_serves(d, "an unaligned read");

    g = cpf_grant_direct(d->ep, back, 512, CPF_WRITE);
    r = bdev_raw(d, BDEV_READ, 1024, g, 0, 0);
    cpf_revoke(g);
    shown("a 1024-byte read into a 512-byte grant", "", r);
    CHECK(r == EPERM, "a 1024-byte read into a 512-byte grant gave %d, expected EPERM", r);
    still_serves(d, "a grant too small");

    g = cpf_grant_direct(d->ep, iov, sizeof iov, CPF_READ);
    memset(iov, 0, sizeof iov);
    r = bdev_raw(d, BDEV_GATHER, BDEV_NR_IOREQS + 1, g, 0, 0);
    cpf_revoke(g);
    shown("a vector of 65 elements", "", r);
    CHECK(r == EINVAL, "a vector of 65 elements gave %d, expected EINVAL", r);

    other = *d;
    other.minor = 4;                /* c0d0p3: no such partition on the scratch image */
    r = bdev_raw(&other, BDEV_OPEN, R_BIT, GRANT_INVALID, 0, 0);
    shown("opening minor 4", "", r);
    CHECK(r == ENXIO, "opening minor 4 gave %d, expected ENXIO", r);
    other.minor = 9;
    r = bdev_raw(&other, BDEV_OPEN, R_BIT, GRANT_INVALID, 0, 0);
    shown("opening minor 9", "", r);
    CHECK(r == ENXIO, "opening minor 9 gave %d, expected ENXIO", r);
    still_serves(d, "a bad minor");

    pid = fork();
    if (pid == 0) {
        char *argv[] = { "diskdeny", "--deny", NULL };
        execv("diskdeny", argv);
        _exit(100);
    }
    r = waitpid(pid, &status, 0);
    CHECK(r == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "diskdeny's open was not refused with EPERM (status 0x%x; 100 = no diskdeny in the image)",
          status);
    still_serves(d, "a refused caller");
}

/* As diskdeny: one open, which must be refused. Exit 0 if it was, with EPERM. */
static int deny_probe(void)
{
    struct bdev d;
    int r = bdev_open(&d, "at_wini", 2, R_BIT);

    printf("diskdeny: open as a program at_wini does not serve: %d\n", r);
    return r == EPERM ? 0 : 1;
}

static pid_t start_killer(void)
{
    pid_t pid = fork();

    if (pid == 0) {
        for (;;) {
            int r;

            sleep(1);
            r = svc_fault("at_wini", RS_FI_SIGKILL);
            printf("killer: at_wini SIGKILLed (%d)\n", r);
        }
    }
    return pid;
}

int main(int argc, char **argv)
{
    struct bdev d;
    partition p;
    uint64_t size;
    int kill_mode = 0, minor = 2, vfs = 0, r, c;
    pid_t killer = -1;

    if (argc > 1 && strcmp(argv[1], "--deny") == 0)
        return deny_probe();
    while ((c = getopt(argc, argv, "kVm:s:")) != -1) {
        switch (c) {
        case 'k': kill_mode = 1; break;
        case 'V': vfs = 1; break;
        case 'm': minor = atoi(optarg); break;
        case 's': seed = (uint32_t)strtoul(optarg, NULL, 0); break;
        default:
            printf("usage: disktest [-k] [-V] [-m MINOR] [-s SEED]\n");
            return 2;
        }
    }
    if (vfs)
        return vfs_mode(kill_mode);
    r = bdev_open(&d, "at_wini", minor, R_BIT | W_BIT);
    CHECK(r == OK, "open of minor %d gave %d", minor, r);
    if (r != OK)
        return gt_summary("disktest");
    r = bdev_ioctl(&d, DIOCGETP, &p, sizeof p);
    size = (uint64_t)p.size_hi << 32 | p.size_lo;
    CHECK(r == OK && size >= TOTAL, "DIOCGETP gave %d, size %u", r, (unsigned)size);
    if (r != OK || size < TOTAL)
        return gt_summary("disktest");
    printf("minor %d: base %u, %u bytes\n", minor, (unsigned)p.base_lo, (unsigned)size);

    if (kill_mode)
        killer = start_killer();
    /* With -k the write and read are repeated until the driver has died under us twice (the
       killer strikes once a second; a pass may take less), at most MAX_PASSES times. */
    for (int pass = 0; pass < (kill_mode ? MAX_PASSES : 1); pass++) {
        CHECK(copy_4mib(&d, 1) == 0, "the 4 MiB write failed (pass %d)", pass);
        r = bdev_ioctl(&d, DIOCFLUSH, NULL, 0);
        CHECK(r == OK, "DIOCFLUSH gave %d", r);
        CHECK(copy_4mib(&d, 0) == 0, "the 4 MiB read back differs (pass %d)", pass);
        if (bdev_retries >= 2)
            break;
    }
    if (killer > 0) {
        kill(killer, SIGKILL);
        waitpid(killer, NULL, 0);
        CHECK(bdev_retries > 0, "at_wini was killed but no request was retried");
    }
    printf("4 MiB written and read back, %u retries\n", bdev_retries);
    bad_input(&d, size);
    r = bdev_close(&d);
    CHECK(r == OK, "close gave %d", r);
    return gt_summary("disktest");
}
