/*
 * isatty.c -- isatty() (a descriptor whose device answers TCGETS is a terminal) and
 * ttyname() (the /dev name of the terminal's device number, from the fixed /dev table).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

int isatty(int fd)
{
    struct termios t;

    return tcgetattr(fd, &t) == 0;
}

char *ttyname(int fd)
{
    static char name[16];
    struct stat st;
    unsigned minor;

    if (!isatty(fd) || fstat(fd, &st) < 0)
        return NULL;
    if (((st.st_rdev >> 8) & 0xFF) != TTY_MAJOR) {
        errno = ENOTTY;
        return NULL;
    }
    minor = st.st_rdev & 0xFF;
    if (minor == TTY_MINOR_CONSOLE)
        snprintf(name, sizeof name, "/dev/console");
    else if (minor >= TTY_MINOR_SERIAL0 && minor < TTY_MINOR_SERIAL0 + TTY_NR_SERIAL)
        snprintf(name, sizeof name, "/dev/tty%02u", minor - TTY_MINOR_SERIAL0);
    else
        snprintf(name, sizeof name, "/dev/tty?%u", minor);
    return name;
}
