/*
 * input.c -- reads the shell's input one line at a time.
 *
 * When the input is the shell's own stdin and not a terminal (a pipe, a file given with <),
 * it is read one byte at a time: the programs the shell starts share that descriptor and
 * must find the input right after the line that started them (`sh < script` where a
 * command reads the next lines). A terminal returns one line per read, and a script file
 * the shell opened itself is not shared, so those are read in blocks.
 */
#include <errno.h>
#include <unistd.h>
#include "sh.h"

static int in_fd;
static int one_byte;
static char buf[512];
static size_t pos, len;
static int at_eof;

void input_init(int fd)
{
    in_fd = fd;
    one_byte = fd == 0 && !isatty(0);
    pos = len = 0;
    at_eof = 0;
}

int input_fd(void)
{
    return in_fd;
}

/* The next byte, -1 at end of input, -2 when a signal interrupted the read. */
static int next_byte(void)
{
    if (pos == len) {
        ssize_t n;

        if (at_eof)
            return -1;
        n = read(in_fd, buf, one_byte ? 1 : sizeof buf);
        if (n < 0 && errno == EINTR)
            return -2;
        if (n <= 0) {
            at_eof = 1;
            return -1;
        }
        pos = 0;
        len = (size_t)n;
    }
    return (unsigned char)buf[pos++];
}

enum read_result input_line(char *line)
{
    size_t n = 0;
    int too_long = 0;

    for (;;) {
        int c = next_byte();

        if (c == -2) {
            pos = len = 0;          /* a terminal's ^C dropped the partial line too */
            return LINE_INTR;
        }
        if (c == -1) {
            if (n == 0 && !too_long)
                return LINE_EOF;
            break;                  /* a last line without a newline still runs */
        }
        if (c == '\n')
            break;
        if (n == SH_LINE_MAX)
            too_long = 1;           /* keep reading to the newline, keep nothing */
        else
            line[n++] = (char)c;
    }
    line[n] = '\0';
    return too_long ? LINE_TOO_LONG : LINE_OK;
}
