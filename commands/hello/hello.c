/*
 * hello -- says hello through the hello driver: open, read, ask the open count, close.
 *
 *   hello [LABEL]        LABEL: the driver's label (default "hello")
 *
 * Until VFS exists there is no /dev/hello: the command finds the driver's endpoint in DS
 * (the label RS publishes after every start of the driver) and speaks the character-device
 * protocol to it itself, granting the driver its buffers (svcclient.h). It prints what the
 * driver answers and the open count, e.g.
 *
 *   hello: Hello, World!
 *   hello: open count 3
 *
 * Exit status 0, or 1 with a message on any error (usage, driver not found, a refused
 * request). The driver's program is hellodrv.elf (label `hello` in boot.cfg), so the two never
 * clash in the boot partition, which keeps base names only.
 */
#include "../include/svcclient.h"   /* first: see there */
#include <stdio.h>

static int fail(const char *what, int r)
{
    printf("cannot %s: error %d\n", what, r);
    return 1;
}

int main(int argc, char *argv[])
{
    const char *label = "hello";
    char text[64];
    uint32_t count;
    int ep, n, r;

    if (argc > 2) {
        printf("usage: hello [LABEL]\n");
        return 1;
    }
    if (argc == 2)
        label = argv[1];
    r = svc_endpoint(label, &ep);
    if (r != OK)
        return fail("find the driver in DS", r);
    r = hello_open(ep);
    if (r != OK)
        return fail("open the driver", r);
    n = hello_read(ep, text, sizeof text - 1, 0);
    if (n < 0) {
        hello_close(ep);
        return fail("read", n);
    }
    text[n] = '\0';
    printf("%s", text);
    if (n == 0 || text[n - 1] != '\n')
        printf("\n");
    r = hello_count(ep, &count);
    if (r != OK) {
        hello_close(ep);
        return fail("ask the open count", r);
    }
    printf("open count %u\n", (unsigned)count);
    r = hello_close(ep);
    if (r != OK)
        return fail("close the driver", r);
    return 0;
}
