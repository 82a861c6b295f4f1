/* secret -- a process no one's IPC mask names (ipc NONE): sends to it must be denied. */
#include <minix/ipc.h>

int main(void)
{
    message m;
    for (;;) {
        ipc_receive(ANY, &m, NULL);
    }
}
