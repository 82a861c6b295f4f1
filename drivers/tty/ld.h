/*
 * ld.h -- the line discipline of one tty line: input editing, echo, output processing.
 *
 * Pure data manipulation, no kernel calls, so the host test (test/ld_test.c) compiles it
 * natively. The driver (tty.c, uart.c) feeds received bytes in with ld_input(), takes the
 * bytes to transmit with ld_out_take(), copies user data out with ld_read() and in with
 * ld_write(), and decides when a pending read may finish with ld_read_state().
 *
 * Input queue: LD_IN_SIZE bytes (two full lines). The bytes from the head up to `avail` can be read; in
 * canonical mode the rest is the line still being edited. A canonical line holds at most
 * LD_LINE_MAX characters plus its terminator: further characters are dropped and a bell (BEL,
 * 0x07) is echoed, while erase, kill, the line terminators and the signal characters still
 * work, so the line stays editable (our choice for "a line longer than the buffer").
 * ^D (VEOF) ends a line without being stored as data: a read that meets it at the start of
 * the line returns 0 (end of file). ^H, DEL (0x7F) and VERASE all erase one character, since
 * a terminal sends DEL for Backspace.
 *
 * Output queue: LD_OUT_SIZE bytes after output processing (OPOST|ONLCR turns "\n" into
 * "\r\n"). Echo goes into it too; an echo that does not fit is dropped.
 */
#ifndef TTY_LD_H
#define TTY_LD_H

#include <stddef.h>
#include <stdint.h>
#include <minix/abi.h>

#define LD_IN_SIZE   8192
#define LD_LINE_MAX  4095       /* characters of a canonical line, its terminator not counted:
                                   the line buffer is 4096 bytes (the lead's decision, 06:30) */
#define LD_OUT_SIZE  2048

/* Per-byte marks in the input queue. */
#define LD_F_EOL   0x01         /* ends a canonical line and is delivered ('\n', VEOL) */
#define LD_F_EOF   0x02         /* ends a canonical line and is not delivered (VEOF) */
#define LD_F_WIDE  0x04         /* echoed as two columns ("^X"): erase takes two back */

/* What ld_input() reports (bits). */
#define LD_EV_DATA    0x01      /* something became readable */
#define LD_EV_SIGINT  0x02      /* send SIGINT to the line's process */
#define LD_EV_SIGQUIT 0x04      /* send SIGQUIT */

/* What a pending read should do now (ld_read_state). */
#define LD_READY       0        /* answer it now (perhaps with 0 bytes) */
#define LD_WAIT        1        /* wait for input, no timer */
#define LD_WAIT_TIMER  2        /* wait for input; (re)start the VTIME timer */

/* ld_write() flags. */
#define LD_W_CRLF  0x01         /* always turn "\n" into "\r\n" (kernel text), whatever the termios */

struct ld {
    termios tio;
    winsize ws;
    unsigned char in[LD_IN_SIZE];
    unsigned char inflag[LD_IN_SIZE];
    unsigned in_head, in_count;     /* ring */
    unsigned in_avail;              /* readable bytes from in_head */
    unsigned char out[LD_OUT_SIZE];
    unsigned out_head, out_count;   /* ring */
    unsigned long dropped;          /* input bytes dropped (line or queue full) */
};

/* The defaults of minix3-facts-2.md section 4.2 (also after the last close). */
void ld_defaults(termios *t);
/* An empty line with the default termios and a 24x80 window. */
void ld_init(struct ld *ld);

/* One received byte. Returns LD_EV_* bits. */
int ld_input(struct ld *ld, unsigned char c);

/* Whether a read of `want` bytes may be answered now (timed_out: its VTIME timer ran out). */
int ld_read_state(const struct ld *ld, size_t want, int timed_out);
/* Takes up to n readable bytes into dst (canonical: at most up to and including the end of
   one line; an EOF mark is consumed and ends the read). Returns the bytes copied. */
size_t ld_read(struct ld *ld, unsigned char *dst, size_t n);

/* Output processing of n bytes into the output queue; returns how many of the n were taken
   (fewer when the queue fills; the caller offers the rest later). */
size_t ld_write(struct ld *ld, const unsigned char *src, size_t n, int flags);
/* Room left in the output queue, and the bytes waiting in it. */
size_t ld_out_room(const struct ld *ld);
size_t ld_out_pending(const struct ld *ld);
/* Takes up to n bytes to transmit. */
size_t ld_out_take(struct ld *ld, unsigned char *dst, size_t n);

/* New termios: a change of ICANON makes everything queued readable. */
void ld_set_termios(struct ld *ld, const termios *t);
void ld_flush_in(struct ld *ld);
void ld_flush_out(struct ld *ld);

#endif /* TTY_LD_H */
