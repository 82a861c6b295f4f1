/*
 * shutdown [-r] -- says so on the console and switches the machine off (root only; the
 * emulator exits with status 0). -r reboots instead. PM ends every user process first.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>

int main(int argc, char *argv[])
{
    int how = RBT_POWEROFF;

    if (argc == 2 && strcmp(argv[1], "-r") == 0)
        how = RBT_REBOOT;
    else if (argc != 1) {
        fprintf(stderr, "usage: shutdown [-r]\n");
        return 1;
    }
    printf("shutdown: the system is going down%s\n", how == RBT_REBOOT ? " for a reboot" : "");
    fflush(NULL);
    reboot(how, 0);
    fprintf(stderr, "shutdown: %s\n", strerror(errno));
    return 1;
}
