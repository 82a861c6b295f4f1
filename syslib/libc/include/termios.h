/*
 * termios.h -- terminal attributes (minix3-facts-2.md section 4.2; the values are the ABI's
 * termios section): tcgetattr/tcsetattr are the TCGETS/TCSETS* ioctls on the descriptor.
 */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <sys/_abi.h>

typedef unsigned short tcflag_t;
typedef unsigned char cc_t;
typedef unsigned int speed_t;

struct termios {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    int c_ispeed;
    int c_ospeed;
    cc_t c_cc[NCCS];
};
_Static_assert(sizeof(struct termios) == TERMIOS_SIZE, "struct termios");

/* tcsetattr's when */
#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
void cfmakeraw(struct termios *t);
speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int cfsetispeed(struct termios *t, speed_t speed);
int cfsetospeed(struct termios *t, speed_t speed);
int tcdrain(int fd);
int tcflush(int fd, int queue);

#endif /* _TERMIOS_H */
