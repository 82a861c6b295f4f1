/*
 * requests.c -- the character-device requests hello answers.
 *
 * Every buffer is granted by the requester itself: the granter of each copy is the
 * request's m_source (req->caller: VFS, or a test program talking to hello directly), never a
 * field of the message (no third-party copies, minix3-facts.md
 * section 6: a USER_ENDPT naming a third process must not let a caller reach that process's
 * grants). USER_ENDPT only identifies the originating process and is echoed in the reply.
 */
#include <minix/syslib.h>
#include <stdio.h>
#include "hello.h"

#define HELLO_MINOR 0

int do_open(const chardriver_req *req)
{
    int r;

    if (req->minor != HELLO_MINOR)
        return ENXIO;
    r = counter_increment();
    if (r != OK)
        return r;
    printf("open #%u\n", (unsigned)counter_get());
    return OK;
}

int do_close(const chardriver_req *req)
{
    if (req->minor != HELLO_MINOR)
        return ENXIO;
    return OK;
}

/* COUNT bytes from POSITION (the high half must be 0), at most up to the message's end;
   0 at or past the end. */
int do_read(const chardriver_req *req)
{
    int count = req->count;
    uint32_t pos = req->pos;
    uint32_t n;
    int r;

    if (req->minor != HELLO_MINOR)
        return ENXIO;
    if (count < 0 || req->pos_hi != 0)
        return EINVAL;
    if (pos >= HELLO_MESSAGE_LEN || count == 0)
        return 0;
    n = HELLO_MESSAGE_LEN - pos;
    if (n > (uint32_t)count)
        n = (uint32_t)count;
    r = sys_safecopyto(req->caller, req->grant, 0, HELLO_MESSAGE + pos, n);
    if (r != OK)
        return r;
    return (int)n;
}

int do_ioctl(const chardriver_req *req)
{
    uint32_t count;

    if (req->minor != HELLO_MINOR)
        return ENXIO;
    switch (req->count) {
    case HELLO_GETCOUNT:
        count = counter_get();
        return sys_safecopyto(req->caller, req->grant, 0, &count, sizeof count);
    default:
        return ENOTTY;
    }
}
