/* alarm.c -- alarm() and pause(). */
#include "../libc_private.h"
#include <unistd.h>

unsigned int alarm(unsigned int seconds)
{
    message m;
    int r;

    /* The message carries an int: clamp rather than turn a huge alarm into a negative. */
    if (seconds > 0x7FFFFFFF)
        seconds = 0x7FFFFFFF;
    memset(&m, 0, sizeof m);
    m.m_type = ALARM;
    m.m1_i1 = (int)seconds;
    r = __libc_call(PM_PROC_NR, &m);
    return r < 0 ? 0 : (unsigned int)r;
}

int pause(void)
{
    message m;

    /* PM answers only when a signal arrives: EINTR (or the process ends). */
    __libc_pm(PAUSE, &m);
    return -1;
}
