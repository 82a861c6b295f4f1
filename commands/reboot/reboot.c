/* reboot -- restarts the machine (root only): PM ends every user process, then the kernel
   resets. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>

int main(int argc, char *argv[])
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: reboot\n");
        return 1;
    }
    printf("reboot: restarting the system\n");
    fflush(NULL);
    reboot(RBT_REBOOT, 0);
    fprintf(stderr, "reboot: %s\n", strerror(errno));
    return 1;
}
