/*
 * ld_test.c -- the line discipline on the host: bytes in, what a reader gets, what the
 * terminal sees (echo and output processing), and when a pending read may finish.
 */
#include <stdio.h>
#include <string.h>
#include "ld.h"

static int passed, failed;

#define CHECK(cond) do { if (cond) passed++; else { failed++; \
    printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ(a, b) do { long _a = (long)(a), _b = (long)(b); if (_a == _b) passed++; \
    else { failed++; printf("FAIL %s:%d: %s = %ld, expected %ld\n", __FILE__, __LINE__, #a, _a, _b); } } while (0)
#define CHECK_STR(got, want) do { if (strcmp(got, want) == 0) passed++; else { failed++; \
    printf("FAIL %s:%d: got \"%s\", expected \"%s\"\n", __FILE__, __LINE__, got, want); } } while (0)

static struct ld ld;

/* Feeds a string; returns the OR of the events. */
static int feed(const char *s)
{
    int ev = 0;
    while (*s)
        ev |= ld_input(&ld, (unsigned char)*s++);
    return ev;
}

/* Everything echoed/written so far, as a string (drained). */
static const char *screen(void)
{
    static char buf[LD_OUT_SIZE + 1];
    size_t n = ld_out_take(&ld, (unsigned char *)buf, LD_OUT_SIZE);
    buf[n] = '\0';
    return buf;
}

/* One read of at most n bytes, as a string. */
static const char *rd(size_t n)
{
    static char buf[LD_IN_SIZE + 1];
    size_t k = ld_read(&ld, (unsigned char *)buf, n);
    buf[k] = '\0';
    return buf;
}

static void fresh(void)
{
    ld_init(&ld);
}

static void set_raw(int vmin, int vtime, int echo)
{
    termios t = ld.tio;
    t.c_lflag &= (uint16_t)~(ICANON | ECHO);
    if (echo)
        t.c_lflag |= ECHO;
    t.c_cc[VMIN] = (uint8_t)vmin;
    t.c_cc[VTIME] = (uint8_t)vtime;
    ld_set_termios(&ld, &t);
}

static void test_defaults(void)
{
    fresh();
    CHECK_EQ(ld.tio.c_iflag, BRKINT | ICRNL | IXON | IXANY);
    CHECK_EQ(ld.tio.c_oflag, OPOST | ONLCR);
    CHECK_EQ(ld.tio.c_cflag, CREAD | CS8 | HUPCL);
    CHECK_EQ(ld.tio.c_lflag, ISIG | IEXTEN | ICANON | ECHO | ECHOE);
    CHECK_EQ(ld.tio.c_cc[VEOF], 4);
    CHECK_EQ(ld.tio.c_cc[VERASE], 8);
    CHECK_EQ(ld.tio.c_cc[VINTR], 3);
    CHECK_EQ(ld.tio.c_cc[VKILL], 0x15);
    CHECK_EQ(ld.tio.c_cc[VMIN], 1);
    CHECK_EQ(ld.tio.c_cc[VTIME], 0);
    CHECK_EQ(ld.tio.c_cc[VEOL], 0xFF);
    CHECK_EQ(ld.tio.c_ospeed, B9600);
}

static void test_canonical(void)
{
    fresh();
    CHECK_EQ(feed("abc"), 0);
    CHECK_EQ(ld_read_state(&ld, 100, 0), LD_WAIT);          /* no line yet */
    CHECK_STR(screen(), "abc");
    CHECK_EQ(feed("\r") & LD_EV_DATA, LD_EV_DATA);          /* CR from the terminal = Enter */
    CHECK_STR(screen(), "\r\n");                            /* echoed newline with ONLCR */
    CHECK_EQ(ld_read_state(&ld, 100, 0), LD_READY);
    CHECK_STR(rd(100), "abc\n");
    CHECK_EQ(ld_read_state(&ld, 100, 0), LD_WAIT);
    /* Two lines queued: one read returns one line only. */
    feed("one\rtwo\r");
    CHECK_STR(rd(100), "one\n");
    CHECK_STR(rd(100), "two\n");
    /* A short read takes part of the line; the rest stays. */
    feed("hello\r");
    CHECK_STR(rd(2), "he");
    CHECK_STR(rd(100), "llo\n");
    screen();
    /* Without ECHO nothing is echoed; ECHONL still echoes the newline. */
    termios t = ld.tio;
    t.c_lflag = (uint16_t)((t.c_lflag & ~ECHO) | ECHONL);
    ld_set_termios(&ld, &t);
    feed("pw\r");
    CHECK_STR(screen(), "\r\n");
    CHECK_STR(rd(100), "pw\n");
}

static void test_erase_kill(void)
{
    fresh();
    feed("abd\bc\r");
    CHECK_STR(rd(100), "abc\n");
    CHECK_STR(screen(), "abd\b \bc\r\n");
    feed("xy\x7fz\r");                                      /* DEL erases too */
    CHECK_STR(rd(100), "xz\n");
    CHECK_STR(screen(), "xy\b \bz\r\n");
    /* Erase never reaches into a finished line. */
    feed("ok\r\b\b\bnext\r");
    CHECK_STR(rd(100), "ok\n");
    CHECK_STR(rd(100), "next\n");
    screen();
    /* A control character echoes as ^X and is erased as two columns. */
    feed("a\x01\b\r");
    CHECK_STR(screen(), "a^A\b \b\b \b\r\n");
    CHECK_STR(rd(100), "a\n");
    /* Kill (^U) with ECHOE erases the whole line on the screen. */
    feed("wrong\x15right\r");
    CHECK_STR(rd(100), "right\n");
    CHECK_STR(screen(), "wrong\b \b\b \b\b \b\b \b\b \bright\r\n");
    /* Kill with ECHOK but not ECHOE: echo the kill character and a newline. */
    termios t = ld.tio;
    t.c_lflag = (uint16_t)((t.c_lflag & ~ECHOE) | ECHOK);
    ld_set_termios(&ld, &t);
    feed("bad\x15good\r");
    CHECK_STR(rd(100), "good\n");
    CHECK_STR(screen(), "bad^U\r\ngood\r\n");
}

static void test_signals(void)
{
    fresh();
    feed("partial");
    screen();
    CHECK_EQ(feed("\x03"), LD_EV_SIGINT);
    CHECK_STR(screen(), "^C\r\n");
    CHECK_EQ(ld.in_count, 0);                               /* input flushed */
    CHECK_EQ(feed("\x1c"), LD_EV_SIGQUIT);
    CHECK_STR(screen(), "^\\\r\n");
    /* NOFLSH keeps the input. */
    termios t = ld.tio;
    t.c_lflag |= NOFLSH;
    ld_set_termios(&ld, &t);
    feed("keep");
    CHECK_EQ(feed("\x03"), LD_EV_SIGINT);
    feed("\r");
    CHECK_STR(rd(100), "keep\n");
    /* Without ISIG ^C is an ordinary character. */
    t.c_lflag &= (uint16_t)~ISIG;
    ld_set_termios(&ld, &t);
    CHECK_EQ(feed("\x03\r"), LD_EV_DATA);
    CHECK_STR(rd(100), "\x03\n");
}

static void test_eof(void)
{
    fresh();
    CHECK_EQ(feed("\x04"), LD_EV_DATA);
    CHECK_EQ(ld_read_state(&ld, 100, 0), LD_READY);
    CHECK_STR(rd(100), "");                                 /* ^D at the line start: 0 bytes */
    CHECK_EQ(ld.in_count, 0);
    CHECK_EQ(ld_read_state(&ld, 100, 0), LD_WAIT);
    feed("abc\x04");
    CHECK_STR(rd(100), "abc");                              /* ^D after text: the text, no EOF */
    CHECK_EQ(ld_read_state(&ld, 100, 0), LD_WAIT);
    CHECK_STR(screen(), "abc");                             /* ^D is not echoed */
    feed("x\x04\x04");
    CHECK_STR(rd(100), "x");
    CHECK_STR(rd(100), "");                                 /* the second ^D: end of file */
}

static void test_long_line(void)
{
    fresh();
    for (int i = 0; i < LD_LINE_MAX; i++)
        ld_input(&ld, 'a');
    screen();
    CHECK_EQ(ld.dropped, 0);
    CHECK_EQ(feed("bc"), 0);                                /* no room: dropped */
    CHECK_EQ(ld.dropped, 2);
    CHECK_STR(screen(), "\x07\x07");                        /* a bell for each */
    feed("\b");                                             /* still editable */
    feed("z\r");
    char want[LD_LINE_MAX + 2];
    memset(want, 'a', LD_LINE_MAX - 1);
    want[LD_LINE_MAX - 1] = 'z';
    want[LD_LINE_MAX] = '\n';
    want[LD_LINE_MAX + 1] = '\0';
    CHECK_STR(rd(LD_IN_SIZE), want);
    /* The queue full of unread lines: a character is dropped, but a terminator still fits
       so the reader is never stuck behind an unfinished line. */
    fresh();
    while (ld.in_count < LD_IN_SIZE - 2) {
        unsigned room = LD_IN_SIZE - 2 - ld.in_count;   /* characters + newline to add */
        unsigned chars = room - 1 < LD_LINE_MAX ? room - 1 : LD_LINE_MAX;
        for (unsigned i = 0; i < chars; i++)
            ld_input(&ld, 'b');
        ld_input(&ld, '\r');
    }
    CHECK_EQ(ld.in_count, LD_IN_SIZE - 2);
    ld.dropped = 0;
    feed("c");
    CHECK_EQ(ld.in_count, LD_IN_SIZE - 1);
    feed("d");
    CHECK_EQ(ld.dropped, 1);
    CHECK_EQ(feed("\r"), LD_EV_DATA);
    CHECK_EQ(ld.in_count, LD_IN_SIZE);
}

static void test_raw(void)
{
    /* VMIN 0, VTIME 0: a poll. */
    fresh();
    set_raw(0, 0, 0);
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_READY);
    CHECK_STR(rd(10), "");
    CHECK_EQ(feed("\r"), LD_EV_DATA);                       /* ICRNL still applies */
    CHECK_STR(rd(10), "\n");
    feed("\x04\b\x7f");                                     /* no editing in raw mode */
    CHECK_STR(rd(10), "\x04\b\x7f");
    CHECK_STR(screen(), "");                                /* ECHO off */
    /* VMIN 0, VTIME 1: a read with a timeout. */
    set_raw(0, 1, 0);
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_WAIT_TIMER);
    CHECK_EQ(ld_read_state(&ld, 10, 1), LD_READY);          /* timed out: 0 bytes */
    feed("q");
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_READY);
    CHECK_STR(rd(10), "q");
    /* VMIN 3, VTIME 0: wait for 3 bytes (or the request's size if smaller). */
    set_raw(3, 0, 0);
    feed("12");
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_WAIT);
    CHECK_EQ(ld_read_state(&ld, 2, 0), LD_READY);
    feed("3");
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_READY);
    CHECK_STR(rd(10), "123");
    /* VMIN 3, VTIME 2: no timer before the first byte, then an inter-byte timer. */
    set_raw(3, 2, 0);
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_WAIT);
    feed("x");
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_WAIT_TIMER);
    CHECK_EQ(ld_read_state(&ld, 10, 1), LD_READY);
    CHECK_STR(rd(10), "x");
    /* Raw echo, and a full queue drops with a bell. */
    set_raw(1, 0, 1);
    termios t;
    feed("e");
    CHECK_STR(screen(), "e");
    rd(10);
    for (int i = 0; i < LD_IN_SIZE; i++)
        ld_input(&ld, 'f');
    screen();
    feed("g");
    CHECK_EQ(ld.dropped, 1);
    CHECK_STR(screen(), "\x07");
    /* A change that keeps ICANON leaves a half-edited line alone. */
    fresh();
    feed("half");
    t = ld.tio;
    t.c_lflag &= (uint16_t)~ECHO;
    ld_set_termios(&ld, &t);
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_WAIT);
    feed("\r");
    CHECK_STR(rd(10), "half\n");
    set_raw(1, 0, 0);
    feed("r");
    /* Back to canonical: what was queued is readable at once. */
    t = ld.tio;
    t.c_lflag |= ICANON;
    ld_set_termios(&ld, &t);
    CHECK_EQ(ld_read_state(&ld, 10, 0), LD_READY);
}

static void test_output(void)
{
    fresh();
    const unsigned char text[] = "a\nb\n";
    CHECK_EQ(ld_write(&ld, text, 4, 0), 4);
    CHECK_STR(screen(), "a\r\nb\r\n");
    /* Without OPOST (or ONLCR) bytes pass unchanged; kernel text (LD_W_CRLF) still gets CR. */
    termios t = ld.tio;
    t.c_oflag &= (uint16_t)~OPOST;
    ld_set_termios(&ld, &t);
    CHECK_EQ(ld_write(&ld, text, 4, 0), 4);
    CHECK_STR(screen(), "a\nb\n");
    CHECK_EQ(ld_write(&ld, text, 4, LD_W_CRLF), 4);
    CHECK_STR(screen(), "a\r\nb\r\n");
    /* A full queue takes what fits, never half of "\r\n". */
    fresh();
    unsigned char big[LD_OUT_SIZE];
    memset(big, 'x', sizeof big);
    CHECK_EQ(ld_write(&ld, big, LD_OUT_SIZE - 1, 0), LD_OUT_SIZE - 1);
    CHECK_EQ(ld_out_room(&ld), 1);
    CHECK_EQ(ld_write(&ld, text + 1, 1, 0), 0);             /* "\n" needs two */
    unsigned char two[2];
    CHECK_EQ(ld_out_take(&ld, two, 2), 2);
    CHECK_EQ(ld_write(&ld, text + 1, 1, 0), 1);
    CHECK_EQ(ld_out_pending(&ld), LD_OUT_SIZE - 1);
    ld_flush_out(&ld);
    CHECK_EQ(ld_out_pending(&ld), 0);
}

int main(void)
{
    test_defaults();
    test_canonical();
    test_erase_kill();
    test_signals();
    test_eof();
    test_long_line();
    test_raw();
    test_output();
    printf("ld_test: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
