/*
 * termios.c -- tcgetattr(), tcsetattr(), cfmakeraw() and the speed functions, over ioctl
 * (TCGETS, TCSETS, TCSETSW, TCSETSF; minix3-facts-2.md section 4.3).
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>

int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t) < 0 ? -1 : 0;
}

int tcsetattr(int fd, int when, const struct termios *t)
{
    unsigned long req;

    switch (when) {
    case TCSANOW:   req = TCSETS; break;
    case TCSADRAIN: req = TCSETSW; break;
    case TCSAFLUSH: req = TCSETSF; break;
    default:
        errno = EINVAL;
        return -1;
    }
    return ioctl(fd, req, (void *)t) < 0 ? -1 : 0;
}

/* No input processing, no echo, no signals, 8-bit characters, one byte at a time. */
void cfmakeraw(struct termios *t)
{
    t->c_iflag &= (tcflag_t)~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= (tcflag_t)~OPOST;
    t->c_lflag &= (tcflag_t)~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= (tcflag_t)~(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

speed_t cfgetispeed(const struct termios *t)
{
    return (speed_t)t->c_ispeed;
}

speed_t cfgetospeed(const struct termios *t)
{
    return (speed_t)t->c_ospeed;
}

int cfsetispeed(struct termios *t, speed_t s)
{
    t->c_ispeed = (int)s;
    return 0;
}

int cfsetospeed(struct termios *t, speed_t s)
{
    t->c_ospeed = (int)s;
    return 0;
}

int tcdrain(int fd)
{
    return ioctl(fd, TCDRAIN, (void *)0) < 0 ? -1 : 0;
}

int tcflush(int fd, int queue)
{
    return ioctl(fd, TCFLSH, &queue) < 0 ? -1 : 0;
}
