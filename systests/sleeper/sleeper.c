/* sleeper -- blocks receiving from SYSTEM only, so it is never waiting for anyone else. */
#include <minix/ipc.h>

int main(void)
{
    message m;
    for (;;) {
        ipc_receive(SYSTEM, &m, NULL);
    }
}
