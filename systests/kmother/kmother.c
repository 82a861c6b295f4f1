/*
 * kmother -- the other process of KmessagesTest: it has no CONSOLE_PROC, so its fetch of the
 * console text is refused; what it prints goes through kmess while kmess is the console
 * process, and straight to the host once kmess has left.
 */
#include <minix/ipc.h>
#include <minix/syslib.h>
#include <stdio.h>

int main(void)
{
    static kmessages km;
    message m;

    ipc_receive(ANY, &m, NULL); /* kmess is the console process now */
    printf("fetch refused with %d\n", sys_getinfo(GET_KMESSAGES, &km, sizeof km));
    ipc_receive(ANY, &m, NULL); /* kmess has left */
    printf("after\n");
    sys_abort(RBT_POWEROFF, 0);
    return 0;
}
