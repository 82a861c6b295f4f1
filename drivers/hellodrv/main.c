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
 * Protocol (ABI "Character-device protocol"), through the chardriver library
 * (<minix/chardriver.h>): DEV_OPEN, DEV_CLOSE, DEV_READ_S and DEV_IOCTL_S (HELLO_GETCOUNT)
 * are served; DEV_WRITE_S is EINVAL, an unknown request EBADREQUEST. VFS reaches it as
 * /dev/hello (major HELLO_MAJOR); test programs (hellotest, rstest, lutest) still send it
 * requests directly by SENDREC, which the library allows (the restart rule, ERESTART for a
 * minor not opened since a restart, applies to VFS only).
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

/* The requests hello serves; writes are refused (EINVAL, the library's default). */
static const struct chardriver hello_driver = {
    .open = do_open,
    .close = do_close,
    .read = do_read,
    .ioctl = do_ioctl,
};

int main(void)
{
    sef_setcb_init_fresh(hello_init);
    sef_setcb_init_restart(hello_init);
    sef_setcb_init_lu(hello_init);
    sef_setcb_lu_prepare(sef_cb_lu_prepare_always_ready);
    sef_setcb_lu_state_isvalid(sef_cb_lu_state_isvalid_standard);
    sef_setcb_lu_state_save(hello_state_save);
    sef_startup();
    chardriver_task(&hello_driver);
}
