/*
 * ttytest -- the terminal through VFS and the tty driver, with the POSIX calls a program uses
 * (termios.h, sys/ioctl.h, fcntl.h, unistd.h). Runs on the console line (COM1); needs no
 * typed input: the one read it makes is expected to time out.
 *
 * Checks: tcgetattr's defaults (minix3-facts-2.md section 4.2), a tcsetattr round trip (and
 * back), TIOCGWINSZ (24 x 80), a write to /dev/log, /dev/log opened for reading (EACCES), an
 * ioctl the tty does not know (ENOTTY), and a raw read with VMIN 0 VTIME 1 that returns 0
 * bytes after about 0.1 s. Ends with "ttytest: N passed, M failed", exit status M.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/times.h>
#include <termios.h>
#include <unistd.h>
#include "../include/gtest.h"

/* An ioctl code no tty has: _IOW('t', 0x99, int). */
#define BAD_IOCTL 0x40047499

static void test_defaults(int fd)
{
    struct termios t;

    CHECK(tcgetattr(fd, &t) == 0, "tcgetattr: errno %d", errno);
    CHECK((t.c_lflag & (ICANON | ECHO | ECHOE | ISIG)) == (ICANON | ECHO | ECHOE | ISIG),
          "c_lflag %#x", t.c_lflag);
    CHECK((t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR), "c_oflag %#x", t.c_oflag);
    CHECK(t.c_iflag & ICRNL, "c_iflag %#x", t.c_iflag);
    CHECK((t.c_cflag & CSIZE) == CS8, "c_cflag %#x", t.c_cflag);
    CHECK(t.c_cc[VERASE] == 8 && t.c_cc[VKILL] == 0x15 && t.c_cc[VINTR] == 3 &&
          t.c_cc[VQUIT] == 0x1C && t.c_cc[VEOF] == 4, "control characters");
    CHECK(t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0, "VMIN %d VTIME %d", t.c_cc[VMIN], t.c_cc[VTIME]);
}

static void test_round_trip(int fd)
{
    struct termios old, t, back;

    tcgetattr(fd, &old);
    t = old;
    t.c_cc[VKILL] = 0x18;
    t.c_lflag = (tcflag_t)((t.c_lflag & ~ECHOE) | ECHOK);
    CHECK(tcsetattr(fd, TCSANOW, &t) == 0, "tcsetattr: errno %d", errno);
    memset(&back, 0, sizeof back);
    CHECK(tcgetattr(fd, &back) == 0, "tcgetattr: errno %d", errno);
    CHECK(back.c_cc[VKILL] == 0x18, "VKILL %#x", back.c_cc[VKILL]);
    CHECK((back.c_lflag & (ECHOE | ECHOK)) == ECHOK, "c_lflag %#x", back.c_lflag);
    CHECK(tcsetattr(fd, TCSADRAIN, &old) == 0, "tcsetattr TCSADRAIN: errno %d", errno);
    tcgetattr(fd, &back);
    CHECK(memcmp(&back, &old, sizeof old) == 0, "the old attributes are back");
}

static void test_winsize_and_bad_ioctl(int fd)
{
    struct winsize ws;
    int arg = 0;

    memset(&ws, 0, sizeof ws);
    CHECK(ioctl(fd, TIOCGWINSZ, &ws) == 0, "TIOCGWINSZ: errno %d", errno);
    CHECK(ws.ws_row == 24 && ws.ws_col == 80, "%u x %u", ws.ws_row, ws.ws_col);
    errno = 0;
    CHECK(ioctl(fd, BAD_IOCTL, &arg) == -1 && errno == ENOTTY, "errno %d", errno);
}

static void test_log(void)
{
    static const char line[] = "ttytest: a line written to /dev/log\n";
    int fd = open("/dev/log", O_WRONLY);

    CHECK(fd >= 0, "open /dev/log for writing: errno %d", errno);
    if (fd >= 0) {
        CHECK(write(fd, line, strlen(line)) == (ssize_t)strlen(line), "write: errno %d", errno);
        close(fd);
    }
    errno = 0;
    fd = open("/dev/log", O_RDONLY);
    CHECK(fd == -1 && errno == EACCES, "open /dev/log for reading: fd %d errno %d", fd, errno);
    if (fd >= 0)
        close(fd);
}

static void test_raw_timeout(int fd)
{
    struct termios old, t;
    struct tms tm;
    char buf[16];
    clock_t t0, t1;
    ssize_t n;

    tcgetattr(fd, &old);
    t = old;
    t.c_lflag = (tcflag_t)(t.c_lflag & ~(ICANON | ECHO));
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 1;
    CHECK(tcsetattr(fd, TCSAFLUSH, &t) == 0, "tcsetattr raw: errno %d", errno);
    t0 = times(&tm);
    n = read(fd, buf, sizeof buf);
    t1 = times(&tm);
    CHECK(n == 0, "read returned %d (errno %d), expected 0 bytes", (int)n, errno);
    /* 0.1 s: 6 ticks at 60 Hz; at least a few, and it must not wait for input forever. */
    CHECK(t1 - t0 >= 3 && t1 - t0 < 120, "the read took %ld ticks", (long)(t1 - t0));
    tcsetattr(fd, TCSANOW, &old);
}

int main(void)
{
    int fd = open("/dev/console", O_RDWR | O_NOCTTY);

    CHECK(fd >= 0, "open /dev/console: errno %d", errno);
    if (fd >= 0) {
        test_defaults(fd);
        test_round_trip(fd);
        test_winsize_and_bad_ioctl(fd);
        test_raw_timeout(fd);
        close(fd);
    }
    test_log();
    return gt_summary("ttytest");
}
