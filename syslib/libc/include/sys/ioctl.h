/*
 * sys/ioctl.h -- ioctl() and the terminal's codes (TCGETS ... TIOCSWINSZ, from the ABI's
 * termios section). The code says how big the argument is and which way it goes (IOC_IN: the
 * driver reads it, IOC_OUT: the driver writes it); VFS lets the driver reach exactly that.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <sys/_abi.h>

struct winsize {
    unsigned short ws_row;
    unsigned short ws_col;
    unsigned short ws_xpixel;
    unsigned short ws_ypixel;
};
_Static_assert(sizeof(struct winsize) == WINSIZE_SIZE, "struct winsize");

int ioctl(int fd, unsigned long request, ...);

#endif /* _SYS_IOCTL_H */
