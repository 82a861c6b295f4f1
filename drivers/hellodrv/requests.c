/*
 * requests.c -- the character-device requests hello answers.
 *
 * Every buffer is granted by the requester itself: the granter of each copy is the
 * request's m_source, never a field of the message (no third-party copies, minix3-facts.md
 * section 6: a USER_ENDPT naming a third process must not let a caller reach that process's
 * grants). USER_ENDPT only identifies the originating process and is echoed in the reply.
 */
#include <minix/syslib.h>
#include <stdio.h>
#include "hello.h"

#define HELLO_MINOR 0

static int grant_of(const message *m)
{
    return (int)(intptr_t)m->m2_p1;
}

int do_open(const message *m)
{
    int r;

    if (m->m2_i1 != HELLO_MINOR)
        return ENXIO;
    r = counter_increment();
    if (r != OK)
        return r;
    printf("open #%u\n", (unsigned)counter_get());
    return OK;
}

int do_close(const message *m)
{
    if (m->m2_i1 != HELLO_MINOR)
        return ENXIO;
    return OK;
}

/* COUNT bytes from POSITION (the high half must be 0), at most up to the message's end;
   0 at or past the end. */
int do_read(const message *m)
{
    int count = m->m2_i3;
    uint32_t pos = (uint32_t)m->m2_l1;
    uint32_t n;
    int r;

    if (m->m2_i1 != HELLO_MINOR)
        return ENXIO;
    if (count < 0 || m->m2_l2 != 0)
        return EINVAL;
    if (pos >= HELLO_MESSAGE_LEN || count == 0)
        return 0;
    n = HELLO_MESSAGE_LEN - pos;
    if (n > (uint32_t)count)
        n = (uint32_t)count;
    r = sys_safecopyto(m->m_source, grant_of(m), 0, HELLO_MESSAGE + pos, n);
    if (r != OK)
        return r;
    return (int)n;
}

int do_ioctl(const message *m)
{
    uint32_t count;

    if (m->m2_i1 != HELLO_MINOR)
        return ENXIO;
    switch (m->m2_i3) {
    case HELLO_GETCOUNT:
        count = counter_get();
        return sys_safecopyto(m->m_source, grant_of(m), 0, &count, sizeof count);
    default:
        return ENOTTY;
    }
}
