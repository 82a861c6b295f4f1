/*
 * hello -- the hello driver: a character device whose every read says "Hello, World!".
 *
 * The crash-recovery demo (minix3-facts.md section 11): it counts opens and keeps the count
 * across restarts in DS (counter.c). One init function serves the three init types: fresh
 * (greeting), restart (greeting plus "restarted", count read back from DS) and live update
 * (count read back, "new version", no announcement that the driver is up).
 *
 * Live update (docs/live-update.md): any of the standard states (1..3) is valid, and the
 * driver is always ready (every request is answered at once, so it never holds one half
 * done); state_save publishes the open count in DS, where the new version's init finds it.
 * drivers/hellodrv2 is the second version: these sources with another greeting.
 *
 * Protocol (ABI "Character-device protocol"): requests in m2 -- i1 minor, i2 USER_ENDPT, i3
 * count or ioctl code, l1/l2 position, p1 grant; the reply is TASK_REPLY with m2_i1
 * REP_ENDPT (the request's USER_ENDPT) and m2_i2 REP_STATUS (bytes, OK or a negative error).
 * DEV_OPEN, DEV_CLOSE, DEV_READ_S and DEV_IOCTL_S (HELLO_GETCOUNT) are served; DEV_WRITE_S
 * and every other transfer are EINVAL, an unknown request EBADREQUEST.
 */
#include <minix/ipc.h>
#include <minix/sef.h>
#include <minix/syslib.h>
#include <stdio.h>
#include <string.h>
#include "hello.h"

static int hello_init(int type, const sef_init_info_t *info)
{
    int r;

    (void)info;
    switch (type) {
    case SEF_INIT_FRESH:
        printf("%.*s (the hello driver is up)\n", (int)HELLO_MESSAGE_LEN - 1, HELLO_MESSAGE);
        return OK;
    case SEF_INIT_RESTART:
    case SEF_INIT_LU:
        r = counter_restore();
        if (r != OK) {
            printf("cannot read the open counter back from DS: %d\n", r);
            return r;
        }
        printf("%.*s (%s, %u opens so far)\n", (int)HELLO_MESSAGE_LEN - 1, HELLO_MESSAGE,
               type == SEF_INIT_RESTART ? "restarted" : "new version", (unsigned)counter_get());
        return OK;
    default:
        return EINVAL;
    }
}

/* Live update: the count is in DS after every open already; publish it once more. */
static int hello_state_save(int state)
{
    (void)state;
    return counter_save();
}

/* Non-blocking: a requester that is gone (or not waiting) must not stop the driver. */
static void reply(const message *req, int status)
{
    message m;

    memset(&m, 0, sizeof m);
    m.m_type = TASK_REPLY;
    m.m2_i1 = req->m2_i2;
    m.m2_i2 = status;
    ipc_sendnb(req->m_source, &m);
}

static int handle(const message *m)
{
    switch (m->m_type) {
    case DEV_OPEN:
        return do_open(m);
    case DEV_CLOSE:
        return do_close(m);
    case DEV_READ_S:
        return do_read(m);
    case DEV_IOCTL_S:
        return do_ioctl(m);
    case DEV_WRITE_S:
        return EINVAL;
    default:
        return EBADREQUEST;
    }
}

int main(void)
{
    message m;

    sef_setcb_init_fresh(hello_init);
    sef_setcb_init_restart(hello_init);
    sef_setcb_init_lu(hello_init);
    sef_setcb_lu_prepare(sef_cb_lu_prepare_always_ready);
    sef_setcb_lu_state_isvalid(sef_cb_lu_state_isvalid_standard);
    sef_setcb_lu_state_save(hello_state_save);
    sef_startup();

    for (;;) {
        if (sef_receive(ANY, &m) != OK)
            continue;
        if (is_notify(m.m_type))
            continue;       /* no timers or interrupts */
        reply(&m, handle(&m));
    }
}
