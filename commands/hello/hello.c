/*
 * hello -- says hello through /dev/hello: open, read, ask the open count, close.
 *
 *   hello [DEVICE]        DEVICE: the device file (default /dev/hello)
 *
 * The file is the hello driver's (major HELLO_MAJOR); VFS carries the open, the read and
 * the HELLO_GETCOUNT ioctl to the driver. It prints what the driver answers and the open
 * count, e.g.
 *
 *   Hello, World!
 *   open count 3
 *
 * Exit status 0, or 1 with a message on any error (usage, no such device, a refused
 * request). (Until issue 14 it found the driver in DS and spoke the device protocol itself;
 * hellotest, rstest and lutest still do that, see include/svcclient.h.)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* HELLO_GETCOUNT (ABI section "hello and the test service"); the user's ABI view does not
   carry it, so it is spelled here from the same encoding: driver -> user, 4 bytes, 'h', 1. */
#define HELLO_GETCOUNT (IOC_OUT | (4 << 16) | ('h' << 8) | 1)

static int fail(const char *what)
{
    printf("cannot %s: errno %d\n", what, errno);
    return 1;
}

int main(int argc, char *argv[])
{
    const char *path = "/dev/hello";
    char text[64];
    uint32_t count;
    int fd, n;

    if (argc > 2) {
        printf("usage: hello [DEVICE]\n");
        return 1;
    }
    if (argc == 2)
        path = argv[1];
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return fail("open the device");
    n = (int)read(fd, text, sizeof text - 1);
    if (n < 0) {
        close(fd);
        return fail("read");
    }
    text[n] = '\0';
    printf("%s", text);
    if (n == 0 || text[n - 1] != '\n')
        printf("\n");
    if (ioctl(fd, HELLO_GETCOUNT, &count) < 0) {
        close(fd);
        return fail("ask the open count");
    }
    printf("open count %u\n", (unsigned)count);
    if (close(fd) < 0)
        return fail("close the device");
    return 0;
}
