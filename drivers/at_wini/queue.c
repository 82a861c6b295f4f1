/*
 * queue.c -- requests that arrive while a command waits for its interrupt. They are served,
 * in order, as soon as the command ends. When the queue is full the request is answered
 * EAGAIN at once: dropping it would leave its sender waiting for ever.
 */
#include "at_wini.h"

#define QUEUE_LEN 32

static struct { message m; int status; } q[QUEUE_LEN];
static int head, used;

void reply_status(const message *req, int ipc_status, int result);

int queue_put(const message *m, int status)
{
    if (used == QUEUE_LEN) {
        reply_status(m, status, EAGAIN);
        return EAGAIN;
    }
    q[(head + used) % QUEUE_LEN].m = *m;
    q[(head + used) % QUEUE_LEN].status = status;
    used++;
    return OK;
}

int queue_get(message *m, int *status)
{
    if (used == 0)
        return ENOENT;
    *m = q[head].m;
    *status = q[head].status;
    head = (head + 1) % QUEUE_LEN;
    used--;
    return OK;
}
