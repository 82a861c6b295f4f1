/*
 * ld.c -- the line discipline (see ld.h). No kernel calls: the host test builds this file.
 */
#include <string.h>
#include "ld.h"

#define BEL 0x07
#define DEL 0x7F
#define BS  0x08

void ld_defaults(termios *t)
{
    memset(t, 0, sizeof *t);
    t->c_iflag = BRKINT | ICRNL | IXON | IXANY;
    t->c_oflag = OPOST | ONLCR;
    t->c_cflag = CREAD | CS8 | HUPCL;
    t->c_lflag = ISIG | IEXTEN | ICANON | ECHO | ECHOE;
    t->c_ispeed = B9600;
    t->c_ospeed = B9600;
    memset(t->c_cc, _POSIX_VDISABLE, sizeof t->c_cc);
    t->c_cc[VEOF] = 0x04;
    t->c_cc[VERASE] = 0x08;
    t->c_cc[VINTR] = 0x03;
    t->c_cc[VKILL] = 0x15;
    t->c_cc[VMIN] = 1;
    t->c_cc[VQUIT] = 0x1C;
    t->c_cc[VTIME] = 0;
    t->c_cc[VSUSP] = 0x1A;
    t->c_cc[VSTART] = 0x11;
    t->c_cc[VSTOP] = 0x13;
    t->c_cc[VREPRINT] = 0x12;
    t->c_cc[VLNEXT] = 0x16;
    t->c_cc[VDISCARD] = 0x0F;
}

void ld_init(struct ld *ld)
{
    memset(ld, 0, sizeof *ld);
    ld_defaults(&ld->tio);
    ld->ws.ws_row = 24;
    ld->ws.ws_col = 80;
}

/* --- output queue ---------------------------------------------------------------------- */

size_t ld_out_room(const struct ld *ld)
{
    return LD_OUT_SIZE - ld->out_count;
}

size_t ld_out_pending(const struct ld *ld)
{
    return ld->out_count;
}

static void out_put(struct ld *ld, unsigned char c)
{
    ld->out[(ld->out_head + ld->out_count) % LD_OUT_SIZE] = c;
    ld->out_count++;
}

size_t ld_out_take(struct ld *ld, unsigned char *dst, size_t n)
{
    size_t k = 0;

    while (k < n && ld->out_count > 0) {
        dst[k++] = ld->out[ld->out_head];
        ld->out_head = (ld->out_head + 1) % LD_OUT_SIZE;
        ld->out_count--;
    }
    return k;
}

size_t ld_write(struct ld *ld, const unsigned char *src, size_t n, int flags)
{
    int crlf = (flags & LD_W_CRLF) ||
               ((ld->tio.c_oflag & OPOST) && (ld->tio.c_oflag & ONLCR));
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = src[i];
        if (c == '\n' && crlf) {
            if (ld_out_room(ld) < 2)
                break;
            out_put(ld, '\r');
            out_put(ld, '\n');
        } else {
            if (ld_out_room(ld) < 1)
                break;
            out_put(ld, c);
        }
    }
    return i;
}

/* Echo: a whole sequence or nothing, so the screen never shows half of "^C". */
static void echo_str(struct ld *ld, const char *s)
{
    size_t n = strlen(s);
    size_t need = n;

    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            need++;
    if (ld_out_room(ld) >= need)
        ld_write(ld, (const unsigned char *)s, n, 0);
}

/* A character as the user sees it: control characters as ^X (except tab and newline). */
static int echo_char(struct ld *ld, unsigned char c)
{
    char s[3];

    if ((c < 0x20 && c != '\t' && c != '\n') || c == DEL) {
        s[0] = '^';
        s[1] = c == DEL ? '?' : (char)(c + '@');
        s[2] = '\0';
        echo_str(ld, s);
        return LD_F_WIDE;
    }
    s[0] = (char)c;
    s[1] = '\0';
    echo_str(ld, s);
    return 0;
}

/* --- input queue ----------------------------------------------------------------------- */

static unsigned in_index(const struct ld *ld, unsigned k)
{
    return (ld->in_head + k) % LD_IN_SIZE;
}

static void in_put(struct ld *ld, unsigned char c, unsigned char flag)
{
    unsigned at = in_index(ld, ld->in_count);
    ld->in[at] = c;
    ld->inflag[at] = flag;
    ld->in_count++;
}

void ld_flush_in(struct ld *ld)
{
    ld->in_head = ld->in_count = ld->in_avail = 0;
}

void ld_flush_out(struct ld *ld)
{
    ld->out_head = ld->out_count = 0;
}

void ld_set_termios(struct ld *ld, const termios *t)
{
    int mode_change = ((ld->tio.c_lflag ^ t->c_lflag) & ICANON) != 0;

    ld->tio = *t;
    /* A change of ICANON keeps whatever was queued and makes it readable: a half-edited line
       is given to the reader as it is rather than lost. Other changes leave the line being
       edited alone (a password prompt turning ECHO off mid-line). */
    if (mode_change)
        ld->in_avail = ld->in_count;
}

static int is_char(const struct ld *ld, unsigned char c, int index)
{
    return ld->tio.c_cc[index] != _POSIX_VDISABLE && c == ld->tio.c_cc[index];
}

static int echo_on(const struct ld *ld)
{
    return (ld->tio.c_lflag & ECHO) != 0;
}

static void drop(struct ld *ld)
{
    ld->dropped++;
    if (echo_on(ld)) {
        static const char bell[2] = { BEL, '\0' };
        echo_str(ld, bell);
    }
}

/* Takes back the last character of the line being edited. */
static int erase_one(struct ld *ld)
{
    unsigned at;

    if (ld->in_count == ld->in_avail)
        return 0;
    at = in_index(ld, ld->in_count - 1);
    ld->in_count--;
    if (echo_on(ld) && (ld->tio.c_lflag & ECHOE)) {
        echo_str(ld, "\b \b");
        if (ld->inflag[at] & LD_F_WIDE)
            echo_str(ld, "\b \b");
    }
    return 1;
}

static int signal_char(struct ld *ld, unsigned char c, int event)
{
    if (!(ld->tio.c_lflag & NOFLSH))
        ld_flush_in(ld);
    if (echo_on(ld)) {
        echo_char(ld, c);
        echo_str(ld, "\n");
    }
    return event;
}

static int canonical_input(struct ld *ld, unsigned char c)
{
    unsigned line_len = ld->in_count - ld->in_avail;

    if (c == DEL || c == BS || is_char(ld, c, VERASE)) {
        erase_one(ld);
        return 0;
    }
    if (is_char(ld, c, VKILL)) {
        if (echo_on(ld) && (ld->tio.c_lflag & ECHOE)) {
            while (erase_one(ld))
                ;
        } else {
            ld->in_count = ld->in_avail;
            if (echo_on(ld) && (ld->tio.c_lflag & ECHOK)) {
                echo_char(ld, c);
                echo_str(ld, "\n");
            }
        }
        return 0;
    }
    if (is_char(ld, c, VEOF) || c == '\n' || is_char(ld, c, VEOL)) {
        /* A terminator always fits: characters stop one short of the queue's end. */
        if (ld->in_count >= LD_IN_SIZE) {
            drop(ld);
            return 0;
        }
        if (is_char(ld, c, VEOF)) {
            in_put(ld, c, LD_F_EOF);
        } else {
            in_put(ld, c, LD_F_EOL);
            if (echo_on(ld) || (c == '\n' && (ld->tio.c_lflag & ECHONL)))
                echo_char(ld, c);
        }
        ld->in_avail = ld->in_count;
        return LD_EV_DATA;
    }
    if (line_len >= LD_LINE_MAX || ld->in_count >= LD_IN_SIZE - 1) {
        drop(ld);
        return 0;
    }
    in_put(ld, c, 0);
    if (echo_on(ld))
        ld->inflag[in_index(ld, ld->in_count - 1)] |= (unsigned char)echo_char(ld, c);
    return 0;
}

int ld_input(struct ld *ld, unsigned char c)
{
    const termios *t = &ld->tio;

    if (t->c_iflag & ISTRIP)
        c &= 0x7F;
    if (c == '\r') {
        if (t->c_iflag & IGNCR)
            return 0;
        if (t->c_iflag & ICRNL)
            c = '\n';
    } else if (c == '\n' && (t->c_iflag & INLCR)) {
        c = '\r';
    }
    if (t->c_lflag & ISIG) {
        if (is_char(ld, c, VINTR))
            return signal_char(ld, c, LD_EV_SIGINT);
        if (is_char(ld, c, VQUIT))
            return signal_char(ld, c, LD_EV_SIGQUIT);
    }
    if (t->c_lflag & ICANON)
        return canonical_input(ld, c);

    if (ld->in_count >= LD_IN_SIZE) {
        drop(ld);
        return 0;
    }
    in_put(ld, c, 0);
    ld->in_avail = ld->in_count;
    if (echo_on(ld))
        echo_char(ld, c);
    return LD_EV_DATA;
}

/* --- reading --------------------------------------------------------------------------- */

int ld_read_state(const struct ld *ld, size_t want, int timed_out)
{
    unsigned min, time;

    if (ld->tio.c_lflag & ICANON)
        return ld->in_avail > 0 ? LD_READY : LD_WAIT;
    if (timed_out || want == 0)
        return LD_READY;
    min = ld->tio.c_cc[VMIN];
    time = ld->tio.c_cc[VTIME];
    if (min > want)
        min = (unsigned)want;
    if (min == 0 && time == 0)
        return LD_READY;                        /* polling read */
    if (min == 0)
        return ld->in_avail > 0 ? LD_READY : LD_WAIT_TIMER;  /* read with a timeout */
    if (ld->in_avail >= min)
        return LD_READY;
    if (time == 0 || ld->in_avail == 0)
        return LD_WAIT;                         /* the inter-byte timer starts with the first byte */
    return LD_WAIT_TIMER;
}

size_t ld_read(struct ld *ld, unsigned char *dst, size_t n)
{
    int canon = (ld->tio.c_lflag & ICANON) != 0;
    size_t k = 0;

    while (k < n && ld->in_avail > 0) {
        unsigned char c = ld->in[ld->in_head];
        unsigned char flag = ld->inflag[ld->in_head];

        ld->in_head = (ld->in_head + 1) % LD_IN_SIZE;
        ld->in_count--;
        ld->in_avail--;
        if (canon && (flag & LD_F_EOF))
            break;          /* consumed, not delivered: "abc^D" reads "abc", a lone ^D reads 0 */
        dst[k++] = c;
        if (canon && (flag & LD_F_EOL))
            break;
    }
    return k;
}
