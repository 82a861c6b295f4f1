/*
 * poweroff [STATUS] -- switches the machine off; STATUS (default 0) becomes the
 * emulator's exit status. Only root may: PM refuses others (EPERM).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>

int main(int argc, char *argv[])
{
    int status = 0;

    if (argc > 2) {
        fprintf(stderr, "usage: poweroff [STATUS]\n");
        return 2;
    }
    if (argc == 2) {
        char *end;
        long v = strtol(argv[1], &end, 0);

        if (*argv[1] == '\0' || *end != '\0' || v < 0 || v > 255) {
            fprintf(stderr, "poweroff: bad status '%s' (0..255)\n", argv[1]);
            return 2;
        }
        status = (int)v;
    }
    fflush(NULL);
    reboot(RBT_POWEROFF, status);
    fprintf(stderr, "poweroff: %s\n", strerror(errno));
    return 1;
}
